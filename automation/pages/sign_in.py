"""The sign-in form: email address or member ID, password, "Sign in"."""

from playwright.async_api import Locator, Page

from automation.pages._match import NOT_BLANK, exact
from automation.pages.words import Words


class SignInPage:
    """Sign-in form and the error it shows on a refused sign-in."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.login_field = page.get_by_label(exact(words.login_label))
        self.password_field = page.get_by_label(exact(words.password_label))
        self.submit_button = page.get_by_role("button", name=exact(words.sign_in))
        self.forgot_password_link = page.get_by_role("link", name=exact(words.forgot_password))
        self.error = page.get_by_role("alert").filter(has_text=NOT_BLANK).first

    async def form_origin(self) -> str:
        """The origin of the document that holds the password field (an iframe's, if so)."""
        return await self.password_field.evaluate("e => e.ownerDocument.location.origin")

    async def sign_in(self, login: str, password: str) -> None:
        """Type the credentials and press "Sign in"."""
        await self.login_field.fill(login)
        await self.password_field.fill(password)
        await self.submit_button.click()

    async def wait_for_outcome(
        self, signed_in: Locator, challenge: Locator | None = None
    ) -> str | None:
        """Wait until the site signs in, asks for a check after the password, or refuses.

        `signed_in` shows once signed in, `challenge` when the site asks for a check; the
        return value is the site's error text when it refuses, else None.
        """
        outcome = signed_in.or_(self.error)
        if challenge is not None:
            outcome = outcome.or_(challenge)
        await outcome.first.wait_for()
        if await self.error.is_visible():
            return " ".join((await self.error.inner_text()).split())
        return None
