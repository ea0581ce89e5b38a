"""Checks the site may put between the password and the account: a slider, a one-time code."""

from __future__ import annotations

from playwright.async_api import Locator, Page

from automation.pages.find import NOT_BLANK, Finder, look
from automation.pages.words import Words

# Marks a field whose value is a secret, so screenshots cover it like a password field.
SECRET_MARK = "data-aliexit-secret"
SLIDER = look("slide_to_verify", "text", match="contains")
CODE = look("verification_code_field", "field")
VERIFY = look("verify", "button")


class ChallengePage:
    """ "Please slide to verify" (a person drags a slider) and "Enter verification code"."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.find = Finder(page, words)
        self.slider_prompt = self.find.locator(SLIDER).first
        self.code_field = self.find.locator(CODE).first
        self.error = page.get_by_role("alert").filter(has_text=NOT_BLANK).first

    @property
    def any_prompt(self) -> Locator:
        """Either check, whichever the page shows."""
        return self.slider_prompt.or_(self.code_field)

    async def kind(self) -> str | None:
        """`"slider"`, `"code"`, or None when the page shows neither."""
        if await self.slider_prompt.is_visible():
            return "slider"
        if await self.code_field.is_visible():
            return "code"
        return None

    async def slider_text(self) -> str:
        """The slider check's words as the page shows them (for the evidence)."""
        return " ".join((await self.slider_prompt.inner_text()).split())

    async def code_form_origin(self) -> str:
        """The origin of the document that holds the code field (an iframe's, if so)."""
        return await self.code_field.evaluate("e => e.ownerDocument.location.origin")

    async def enter_code(self, code: str) -> None:
        """Type the one-time code (its field masked on screenshots) and press "Verify"."""
        await self.code_field.evaluate(f"e => e.setAttribute('{SECRET_MARK}', '')")
        await self.code_field.fill(code)
        verify = await self.find.find(VERIFY)
        await verify.locator.click()

    async def error_text(self) -> str | None:
        """The error the page shows next to the code, if any."""
        if await self.error.is_visible():
            return " ".join((await self.error.inner_text()).split())
        return None
