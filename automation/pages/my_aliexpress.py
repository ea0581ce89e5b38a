"""My AliExpress: the account's dashboard, its settings menu on the left."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages.find import Finder, Found, look
from automation.pages.words import Words

EDIT_MEMBER_PROFILE = look("edit_member_profile", "link")
ACCOUNT_SETTINGS = look("account_settings", "link", "button")
MY_ORDERS = look("my_orders", "link")
PRIVACY_SETTINGS = look("privacy_settings", "link")


class MyAliExpressPage:
    """The dashboard; its menu holds "Edit Member Profile" (maybe under "Account Settings")."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.find = Finder(page, words)

    async def wait_until_shown(self) -> Found:
        """Wait for the account's menu: "Edit Member Profile" or "My Orders" in it."""
        return await self.find.find(EDIT_MEMBER_PROFILE, MY_ORDERS)

    async def open_edit_member_profile(self) -> None:
        """Follow "Edit Member Profile"; when the menu does not show it, open the account's
        settings first ("Account Settings" > "Edit Settings" on some versions of the site)."""
        found = await self.find.prefer([EDIT_MEMBER_PROFILE], ACCOUNT_SETTINGS)
        if found.look is ACCOUNT_SETTINGS:
            await found.locator.click()
            found = await self.find.find(EDIT_MEMBER_PROFILE)
        await found.locator.click()

    async def privacy_link(self, *, wait: bool = True) -> Found | None:
        """The link to the privacy settings (the privacy portal), if the page has one
        (without `wait`: if it shows it right now)."""
        if not wait:
            return await self.find.visible(PRIVACY_SETTINGS)
        return await self.find.seek(PRIVACY_SETTINGS)
