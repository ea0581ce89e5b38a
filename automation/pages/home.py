"""The start page, and the header every page shares."""

from playwright.async_api import Page, Response

from automation.pages._match import contains, contains_any, exact
from automation.pages.words import Words, all_words


class HomePage:
    """Home page with "Sign in" or, when signed in, the account link to My AliExpress."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.sign_in_link = page.get_by_role("link", name=exact(words.sign_in)).first
        self.my_aliexpress_link = page.get_by_role("link", name=contains(words.my_aliexpress)).first
        # Signed in, the page may already be in the account's saved language.
        self.account_link_in_any_language = page.get_by_role(
            "link", name=contains_any(w.my_aliexpress for w in all_words())
        ).first

    async def open(self, url: str) -> Response | None:
        """Load the start page."""
        return await self.page.goto(url, wait_until="domcontentloaded")

    async def is_signed_in(self) -> bool:
        """Whether the header shows the account link (signed in) rather than "Sign in"."""
        await self.my_aliexpress_link.or_(self.sign_in_link).first.wait_for()
        return await self.my_aliexpress_link.is_visible()

    async def go_to_sign_in(self) -> None:
        """Follow the "Sign in" link."""
        await self.sign_in_link.click()

    async def go_to_my_aliexpress(self) -> None:
        """Follow the account link in the top-right corner to My AliExpress."""
        await self.my_aliexpress_link.click()
