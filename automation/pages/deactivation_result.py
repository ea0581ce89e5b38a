"""The page shown after a deactivation request is accepted."""

from playwright.async_api import Page

from automation.pages._match import contains
from automation.pages._records import main_paragraphs
from automation.pages.words import Words


class DeactivationResultPage:
    """ "Request received" page: confirmation email sent, processed within 24 hours."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.received = page.get_by_text(contains(words.request_received)).first
        self.processing_time = page.get_by_text(contains(words.processing_time)).first

    async def wait_until_shown(self) -> None:
        """Wait for the "request received" wording."""
        await self.received.wait_for()

    async def summary(self) -> str:
        """The page's own paragraphs about what happens next, menus and footers left out."""
        return await main_paragraphs(self.page)
