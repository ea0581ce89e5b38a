"""The "Exit service application": reason, closing statement, contact email, consent, submit."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages.find import NOT_BLANK, Finder, Found, look
from automation.pages.reason_chooser import ReasonChooser
from automation.pages.words import Words

HEADING = look("application", "heading")
STATEMENT = look("statement_field", "field", match="starts")
CONTACT_EMAIL = look("contact_email_field", "field", match="starts")
CONSENT = look("freeze_consent", "checkbox", match="starts")
SUBMIT = look("submit_application", "button")


class ApplicationFormPage:
    """The written application that freezes the store once submitted."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.find = Finder(page, words)
        self.reasons = ReasonChooser(page)
        self.errors = page.get_by_role("alert").filter(has_text=NOT_BLANK)
        self.submit_button: Found | None = None

    async def wait_until_shown(self) -> None:
        """Wait for the page's (or dialog's) heading and its statement field."""
        await self.find.find(HEADING)
        await self.find.find(STATEMENT)

    async def offered_reasons(self, known: list[str]) -> list[str]:
        """The reasons the page offers, as it words them (`known`: every wording we know)."""
        group = await self.reasons.find(known)
        return [r for r in group.options if r]

    async def fill(self, reason: str, statement: str, contact_email: str) -> None:
        """Choose the reason, write the statement and email, tick the consent box."""
        await self.reasons.choose(reason)
        await (await self.find.find(STATEMENT)).locator.fill(statement)
        await (await self.find.find(CONTACT_EMAIL)).locator.fill(contact_email)
        await (await self.find.find(CONSENT)).locator.check()

    async def submit_ready(self) -> bool:
        """Whether the red "Submit application" button is visible and enabled."""
        self.submit_button = await self.find.find(SUBMIT)
        return await self.submit_button.locator.is_enabled()

    async def submit(self) -> None:
        """Press the irreversible "Submit application" button."""
        button = self.submit_button or await self.find.find(SUBMIT)
        await button.locator.click()
