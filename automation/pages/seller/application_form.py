"""The "Exit service application": reason, closing statement, contact email, consent, submit."""

from __future__ import annotations

from playwright.async_api import Locator, Page

from automation.pages._match import NOT_BLANK, exact, starts
from automation.pages.words import SellerWords

_RADIO_LABELS = """els => els.map(e => {
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return (label || e.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
})"""
_OPTION_TEXTS = "el => [...el.options].filter(o => o.value !== '').map(o => o.text.trim())"


class ApplicationFormPage:
    """The written application that freezes the store once submitted."""

    def __init__(self, page: Page, words: SellerWords) -> None:
        self.page = page
        self.words = words
        self.heading = page.get_by_role("heading", name=exact(words.application), level=1).first
        reason = starts(words.reason_label)
        self.reason_select = page.get_by_role("combobox", name=reason)
        self.reason_group = page.get_by_role("radiogroup", name=reason).or_(
            page.get_by_role("group", name=reason)
        )
        self.statement = page.get_by_label(starts(words.statement_label)).first
        self.contact_email = page.get_by_label(starts(words.contact_email_label)).first
        self.consent = page.get_by_role("checkbox", name=starts(words.freeze_consent)).first
        self.submit_button = page.get_by_role("button", name=exact(words.submit_application)).first
        self.errors = page.get_by_role("alert").filter(has_text=NOT_BLANK)

    async def wait_until_shown(self) -> None:
        """Wait for the page's heading and its statement field."""
        await self.heading.wait_for()
        await self.statement.wait_for()

    @property
    def _radios(self) -> Locator:
        return self.reason_group.first.get_by_role("radio")

    async def offered_reasons(self) -> list[str]:
        """The reasons the page offers, as it words them."""
        if await self.reason_select.count():
            return await self.reason_select.first.evaluate(_OPTION_TEXTS)
        radios = self._radios
        await radios.first.wait_for()
        return [r for r in await radios.evaluate_all(_RADIO_LABELS) if r]

    async def fill(self, reason: str, statement: str, contact_email: str) -> None:
        """Choose the reason, write the statement and email, tick the consent box."""
        if await self.reason_select.count():
            await self.reason_select.first.select_option(label=reason)
        else:
            await self.reason_group.first.get_by_role("radio", name=exact(reason)).check()
        await self.statement.fill(statement)
        await self.contact_email.fill(contact_email)
        await self.consent.check()

    async def submit_ready(self) -> bool:
        """Whether the red "Submit application" button is visible and enabled."""
        return await self.submit_button.is_visible() and await self.submit_button.is_enabled()

    async def submit(self) -> None:
        """Press the irreversible "Submit application" button."""
        await self.submit_button.click()
