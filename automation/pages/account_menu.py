"""The menu on the left of every My AliExpress page."""

from playwright.async_api import Page

from automation.pages._match import exact


class AccountMenu:
    """Links of the My AliExpress menu, followed by their visible names."""

    def __init__(self, page: Page) -> None:
        self.page = page

    async def open(self, name: str) -> None:
        """Follow the menu link called `name` (e.g. "My Orders") and wait for its heading."""
        await self.page.get_by_role("link", name=exact(name)).first.click()
        await self.page.get_by_role("heading", name=exact(name)).first.wait_for()
