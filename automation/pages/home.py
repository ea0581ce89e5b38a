"""The start page, and the header every page shares."""

from __future__ import annotations

from playwright.async_api import Locator, Page, Response

from automation.pages.find import Finder, Found, look
from automation.pages.words import Words

SIGN_IN = look("sign_in", "link", "button")
ACCOUNT_LINK = look("my_aliexpress", "link", "button", match="loose")
# Signed in, the account link may greet first: "Hi, Ann Account".
GREETING_LINK = look("my_aliexpress", "link", match="ends")
SIGN_OUT = look("sign_out", "link", "button")


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
    def account_link(self) -> Locator:
        """The visible account link in any language (what a signed-in page shows)."""
        loose = self.find_anywhere.locator(ACCOUNT_LINK)
        return loose.or_(self.find_anywhere.locator(GREETING_LINK)).first

    @property
    def signed_in(self) -> Locator:
        """What only a signed-in page has, to wait for as attached: the account link, or a
        sign-out control (even while its menu is folded)."""
        sign_out = self.find_anywhere.locator(SIGN_OUT, hidden=True)
        return self.find_anywhere.locator(ACCOUNT_LINK).or_(sign_out)

    async def open(self, url: str) -> Response | None:
        """Load the start page."""
        return await self.page.goto(url, wait_until="domcontentloaded")

    async def is_signed_in(self) -> bool:
        """Whether the header shows the account (signed in) rather than "Sign in"."""
        found = await self.find_anywhere.find(ACCOUNT_LINK, SIGN_IN, GREETING_LINK)
        return found.look is not SIGN_IN

    async def go_to_sign_in(self) -> Found:
        """Follow the sign-in link (or press the sign-in button)."""
        found = await self.find.find(SIGN_IN)
        await found.locator.click()
        return found

    async def go_to_my_aliexpress(self) -> None:
        """Follow the account link in the top-right corner to My AliExpress."""
        found = await self.find_anywhere.find(ACCOUNT_LINK, GREETING_LINK)
        await found.locator.click()
