"""The My AliExpress dashboard with its settings menu on the left."""

from playwright.async_api import Page

from automation.pages._match import exact
from automation.pages.words import Words


class MyAliExpressPage:
    """Dashboard; the settings menu holds "Edit Member Profile"."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=exact(words.my_aliexpress)).first
        self.edit_member_profile_link = page.get_by_role(
            "link", name=exact(words.edit_member_profile)
        ).first

    async def wait_until_shown(self) -> None:
        """Wait for the dashboard's menu entry this flow needs."""
        await self.edit_member_profile_link.wait_for()

    async def open_edit_member_profile(self) -> None:
        """Follow "Edit Member Profile" in the settings menu."""
        await self.edit_member_profile_link.click()
