"""The sign-in form: email address or member ID, password, "Sign in".

The form may sit in a same-origin iframe (then everything is looked for in that frame), and
may ask for the login and the password in two steps ("Continue" / "Next" in between).
"""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from automation.pages.find import NOT_BLANK, Finder, Found, Scope, first_visible, look
from automation.pages.words import Words

LOGIN = look("login_field", "field")
PASSWORD = look("password_field", "field")
SUBMIT = look("sign_in", "button")
CONTINUE = look("continue", "button")


class SignInPage:
    """Sign-in form and the error it shows on a refused sign-in."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.find = Finder(page, words)
        self.login: Found | None = None

    async def login_field(self) -> Found:
        """The login field, in whatever frame holds it (fail fast when there is none)."""
        if self.login is None:
            self.login = await self.find.find(LOGIN)
        return self.login

    @property
    def form(self) -> Scope:
        """Where the form is: the frame of its login field (the page until it is found)."""
        return self.login.scope if self.login is not None else self.page

    async def form_origin(self) -> str:
        """The origin of the document that holds the sign-in form (an iframe's, if so)."""
        field = await self.login_field()
        return await field.locator.evaluate("e => e.ownerDocument.location.origin")

    async def sign_in(self, login: str, password: str) -> None:
        """Type the credentials (the password after "Continue" when the form asks for it
        in a second step) and press "Sign in"."""
        field = await self.login_field()
        await field.locator.fill(login)
        secret = await self.find.visible(PASSWORD, within=self.form)
        if secret is None:
            step = await self.find.visible(CONTINUE, within=self.form)
            if step is not None:
                await step.locator.click()
            secret = await self.find.find(PASSWORD, within=self.form)
        await secret.locator.fill(password)
        submit = await self.find.find(SUBMIT, within=self.form)
        await submit.locator.click()

    def error(self) -> Locator:
        """The error the form shows (an alert with words), in the form's frame."""
        return self.form.get_by_role("alert").filter(has_text=NOT_BLANK).first

    async def wait_for_outcome(
        self, signed_in: Locator, challenge: Locator | None = None
    ) -> str | None:
        """Wait until the site signs in, asks for a check after the password, or refuses.

        `signed_in` shows once signed in, `challenge` when the site asks for a check; the
        return value is the site's error text when it refuses, else None.
        """
        outcome = signed_in.or_(self.page.get_by_role("alert").filter(has_text=NOT_BLANK))
        if challenge is not None:
            outcome = outcome.or_(challenge)
        waits = [outcome, self.error()] if self.form is not self.page else [outcome]
        await first_visible(waits, state="attached")  # `signed_in` may be in a folded menu
        error = self.error()
        try:
            if await error.is_visible():
                return " ".join((await error.inner_text()).split())
        except PlaywrightError:  # the form's frame went away: the site moved on
            pass
        return None
