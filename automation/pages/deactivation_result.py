"""The page shown after a deactivation request is accepted."""

from __future__ import annotations

from playwright.async_api import Locator, Page

from automation.pages.find import Finder, look
from automation.pages.paragraphs import main_paragraphs
from automation.pages.words import Words

RECEIVED = look("deactivation_received", "text", "heading", match="contains")


class DeactivationResultPage:
    """ "Request received" page: confirmation email sent, processed within 24 hours."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.find = Finder(page, words)

    @property
    def received(self) -> Locator:
        """What the page shows once the request was received (for waiting on it)."""
        return self.find.locator(RECEIVED)

    async def wait_until_shown(self) -> None:
        """Wait for the "request received" wording."""
        await self.find.find(RECEIVED)

    async def summary(self) -> str:
        """The page's own paragraphs about what happens next, menus and footers left out."""
        return await main_paragraphs(self.page)
