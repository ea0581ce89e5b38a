"""Seller Center home: reached from the "Seller Center" link of every page's header."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages._match import contains, exact
from automation.pages.words import SellerWords


class SellerCenterPage:
    """The seller center's home, its left menu, or the "no store yet" message."""

    def __init__(self, page: Page, words: SellerWords) -> None:
        self.page = page
        self.words = words
        self.header_link = page.get_by_role("link", name=exact(words.seller_center)).first
        self.heading = page.get_by_role("heading", name=exact(words.seller_center), level=1).first
        self.menu = page.get_by_role("navigation", name=exact(words.seller_menu)).first
        self.no_store_message = page.get_by_text(contains(words.no_store)).first

    async def open_from_header(self) -> None:
        """Follow "Seller Center" in the header and wait for the page's heading."""
        await self.header_link.click()
        await self.heading.wait_for()

    async def has_store(self) -> bool:
        """Whether the page shows the seller menu (True) or says there is no store (False)."""
        await self.menu.or_(self.no_store_message).first.wait_for()
        return not await self.no_store_message.is_visible()

    async def no_store_text(self) -> str:
        """The page's own sentence about the missing store."""
        return " ".join((await self.no_store_message.inner_text()).split())

    async def open_store_management(self) -> None:
        """Open "Store" in the left menu when it is folded, then follow "Store Management"."""
        group = self.menu.get_by_role("button", name=exact(self.words.store_group))
        if await group.count() and await group.first.get_attribute("aria-expanded") == "false":
            await group.first.click()
        await self.menu.get_by_role("link", name=exact(self.words.store_management)).first.click()
