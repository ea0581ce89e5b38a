"""The page shown once the exit service application is accepted."""

from __future__ import annotations

from playwright.async_api import Locator, Page

from automation.pages.find import Finder, look
from automation.pages.paragraphs import main_paragraphs
from automation.pages.words import Words

SUBMITTED = look("application_submitted", "heading", "text", match="contains")
FROZEN = look("store_status.frozen", "text", match="contains")


class ApplicationResultPage:
    """ "Application submitted": the store's status is now Frozen."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.find = Finder(page, words)

    @property
    def heading(self) -> Locator:
        """What the page shows once the application was accepted (for waiting on it)."""
        return self.find.locator(SUBMITTED)

    async def wait_until_shown(self) -> None:
        """Wait for "Application submitted" and the store's frozen status."""
        await self.find.find(SUBMITTED)
        await self.find.find(FROZEN)

    async def summary(self) -> str:
        """The page's own words under its heading, menus and footers left out."""
        return await main_paragraphs(self.page)
