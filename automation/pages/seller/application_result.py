"""The page shown once the exit service application is accepted."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages._match import contains, exact
from automation.pages._records import main_paragraphs
from automation.pages.words import SellerWords


class ApplicationResultPage:
    """ "Application submitted": the store's status is now Frozen."""

    def __init__(self, page: Page, words: SellerWords) -> None:
        self.page = page
        self.heading = page.get_by_role(
            "heading", name=exact(words.application_submitted), level=1
        ).first
        self.frozen = page.get_by_text(contains(words.store_status_frozen)).first

    async def wait_until_shown(self) -> None:
        """Wait for the heading and the "Store status: Frozen" line."""
        await self.heading.wait_for()
        await self.frozen.wait_for()

    async def summary(self) -> str:
        """The page's own words under its heading, menus and footers left out."""
        return await main_paragraphs(self.page)
