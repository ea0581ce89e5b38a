"""The deactivation form: confirm the account, type the words, pick a reason, submit.

The form may be a page of its own or sit in a dialog, may be rendered late by script, may be
split over steps ("Continue"), and its submit button may stay disabled until the form is
complete; the reason may be asked with radio buttons, a select or a custom listbox (see
`ReasonChooser`). "Release my account at the same time" is optional: looked for only when
asked for.
"""

from __future__ import annotations

from collections.abc import Iterable

from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.pages.find import NOT_BLANK, Finder, Found, Look, look
from automation.pages.reason_chooser import ReasonChooser
from automation.pages.words import Words

CONFIRM_ACCOUNT = look("confirm_account_field", "field")
TYPE_WORDS = look("type_words_field", "field", match="starts")
RELEASE = look("release_account", "checkbox")
SUBMIT = look("submit_deactivation", "button")
CONTINUE = look("continue", "button")
# The part of the page the form is in: its dialog, else its <form>, else the page.
_FORM = "xpath=ancestor::*[self::dialog or @role='dialog' or @role='alertdialog' or self::form][1]"


class DeactivateFormPage:
    """The form behind "Deactivate Account" (a page or a dialog)."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.find = Finder(page, words)
        self.scope: Locator | None = None
        self.reasons = ReasonChooser(page)
        self.errors = page.get_by_role("alert").filter(has_text=NOT_BLANK)
        self.submit_button: Found | None = None

    async def wait_until_shown(self) -> None:
        """Wait for the form's first field (however late a script renders it)."""
        confirm = await self.find.find(CONFIRM_ACCOUNT)
        form = confirm.locator.locator(_FORM)
        self.scope = form.first if await form.count() else None
        self.reasons = ReasonChooser(self.page, self.scope)

    async def _reach(self, item: Look) -> Found:
        """`item`, pressing "Continue" first when the form shows it in a later step."""
        found = await self.find.visible(item)
        if found is None:
            step = await self.find.visible(CONTINUE)
            if step is not None and await step.locator.is_enabled():
                await step.locator.click()
            found = await self.find.find(item)
        return found

    async def offered_reasons(self, known: Iterable[str]) -> list[str]:
        """The reasons the page offers, as it words them. `known`: reasons we expect (any
        language), to tell the reason question from other choices on the page."""
        known = list(known)
        if not await self.reasons.groups():
            step = await self.find.visible(CONTINUE)
            if step is not None and await step.locator.is_enabled():
                await step.locator.click()
        group = await self.reasons.find(known)
        return [r for r in group.options if r]

    async def fill_account(self, confirm_id: str, phrase: str) -> None:
        """Fill "Confirm your account" and "Type in the following words"."""
        confirm = await self._reach(CONFIRM_ACCOUNT)
        await confirm.locator.fill(confirm_id)
        words = await self._reach(TYPE_WORDS)
        await words.locator.fill(phrase)

    async def choose(self, reason: str) -> None:
        """Choose the reason (as the page words it; after `offered_reasons`)."""
        await self.reasons.choose(reason)

    async def release(self) -> Found:
        """Tick "Release my account at the same time" (`ConceptMissing` when the form has no
        such box)."""
        box = await self._reach(RELEASE)
        await box.locator.check()  # a native box or role=checkbox with aria-checked
        return box

    async def wait_until_submit_ready(self, timeout_ms: float) -> bool:
        """Whether the red submit button is, or within `timeout_ms` becomes, visible, enabled
        and free to click (nothing covering it); nothing is clicked."""
        self.submit_button = await self._reach(SUBMIT)
        try:
            await self.submit_button.locator.click(trial=True, timeout=timeout_ms)
        except PlaywrightTimeoutError:
            return False
        return await self.submit_button.locator.is_enabled()

    async def submit(self) -> None:
        """Press the irreversible "Deactivate my account" button."""
        button = self.submit_button or await self.find.find(SUBMIT)
        await button.locator.click()
