"""The deactivation form: confirm the account, type the words, pick a reason, submit.

The form may be a page of its own or sit in a dialog, may be rendered late by script, and
its submit button may stay disabled until the form is complete; the reason may be asked
with radio buttons, a select or a custom listbox (see `ReasonChooser`).
"""

from __future__ import annotations

from collections.abc import Iterable

from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.pages._match import NOT_BLANK, exact, starts
from automation.pages.reason_chooser import ReasonChooser
from automation.pages.words import Words


class DeactivateFormPage:
    """The form behind "Deactivate Account" (a page or a dialog)."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.confirm_account = page.get_by_label(exact(words.confirm_account_label))
        self.type_words = page.get_by_label(starts(words.type_words_label))
        self.reasons = ReasonChooser(page)
        self.release_account = page.get_by_role("checkbox", name=exact(words.release_account_label))
        self.submit_button = page.get_by_role("button", name=exact(words.submit_deactivation))
        self.errors = page.get_by_role("alert").filter(has_text=NOT_BLANK)

    async def wait_until_shown(self) -> None:
        """Wait for the form's first field (however late a script renders it)."""
        await self.confirm_account.wait_for()

    async def offered_reasons(self, known: Iterable[str] | None = None) -> list[str]:
        """The reasons the page offers, as it words them. `known`: reasons we expect (any
        language), to tell the reason question from other choices on the page."""
        group = await self.reasons.find(known or self.words.reasons.values())
        return [r for r in group.options if r]

    async def fill(self, confirm_id: str, phrase: str, reason: str, release: bool) -> None:
        """Fill every field the way a person would (after `offered_reasons`)."""
        await self.confirm_account.fill(confirm_id)
        await self.type_words.fill(phrase)
        await self.reasons.choose(reason)
        await self.release_account.set_checked(release)

    async def wait_until_submit_ready(self, timeout_ms: float) -> bool:
        """Whether the red submit button is, or within `timeout_ms` becomes, visible, enabled
        and free to click (nothing covering it); nothing is clicked."""
        try:
            await self.submit_button.click(trial=True, timeout=timeout_ms)
        except PlaywrightTimeoutError:
            return False
        return await self.submit_button.is_enabled()

    async def submit(self) -> None:
        """Press the irreversible "Deactivate my account" button."""
        await self.submit_button.click()
