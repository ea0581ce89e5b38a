"""The start page, and the header every page shares."""

from __future__ import annotations

from playwright.async_api import Page, Response

from automation.pages.find import Finder, Found, look
from automation.pages.words import Words

SIGN_IN = look("sign_in", "link", "button")
ACCOUNT_LINK = look("my_aliexpress", "link", "button", match="loose")


class HomePage:
    """Home page with "Sign in" or, when signed in, the account link to My AliExpress.

    `anywhere` are words in every language: signed in, the site may switch to the
    account's saved language before we know it.
    """

    def __init__(self, page: Page, words: Words, anywhere: Words | None = None) -> None:
        self.page = page
        self.find = Finder(page, words)
        self.find_anywhere = Finder(page, anywhere or words)

    @property
    def account_link(self):
        """The account link in any language (what a signed-in page shows)."""
        return self.find_anywhere.locator(ACCOUNT_LINK)

    async def open(self, url: str) -> Response | None:
        """Load the start page."""
        return await self.page.goto(url, wait_until="domcontentloaded")

    async def is_signed_in(self) -> bool:
        """Whether the header shows the account link (signed in) rather than "Sign in"."""
        found = await self.find_anywhere.find(ACCOUNT_LINK, SIGN_IN)
        return found is not None and found.look is ACCOUNT_LINK

    async def go_to_sign_in(self) -> Found:
        """Follow the sign-in link (or press the sign-in button)."""
        found = await self.find.find(SIGN_IN)
        assert found is not None
        await found.locator.click()
        return found

    async def go_to_my_aliexpress(self) -> None:
        """Follow the account link in the top-right corner to My AliExpress."""
        found = await self.find_anywhere.find(ACCOUNT_LINK)
        assert found is not None
        await found.locator.click()
