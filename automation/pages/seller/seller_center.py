"""Seller Center: reached from the "Seller Center" link of every page's header."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages.find import Finder, look
from automation.pages.words import Words

HEADER_LINK = look("seller_center", "link")
HEADING = look("seller_center", "heading")
STORE_MANAGEMENT = look("store_management", "link", "menuitem")
STORE_MENU = look("store_menu", "button", "link", "menuitem")
NO_STORE = look("no_store", "text", match="contains")


class SellerCenterPage:
    """The seller center's home, its menu, or the "no store yet" message."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.find = Finder(page, words)

    async def open_from_header(self) -> None:
        """Follow "Seller Center" in the header and wait for the page's heading."""
        link = await self.find.find(HEADER_LINK)
        await link.locator.click()
        await self.find.find(HEADING)

    async def has_store(self) -> bool:
        """Whether the menu offers Store Management (True) or the page says there is no
        store (False); a menu hidden in a folded group counts."""
        found = await self.find.find(STORE_MANAGEMENT, NO_STORE)
        return found.look is not NO_STORE

    async def no_store_text(self) -> str:
        """The page's own sentence about the missing store."""
        found = await self.find.find(NO_STORE)
        return " ".join((await found.locator.inner_text()).split())

    async def open_store_management(self) -> None:
        """Follow "Store Management" (opening its folded group, e.g. "Store", when needed)."""
        link = await self.find.prefer([STORE_MANAGEMENT], STORE_MENU)
        if link.look is STORE_MENU:
            await link.locator.click()
            link = await self.find.find(STORE_MANAGEMENT)
        await link.locator.click()
