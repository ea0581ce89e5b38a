"""The deactivation form: confirm the account, type the words, pick a reason, submit."""

from playwright.async_api import Page

from automation.pages._match import NOT_BLANK, exact, starts
from automation.pages.words import Words

_LABEL_OF = """els => els.map(e => {
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return (label || e.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
})"""


class DeactivateFormPage:
    """The page behind "Deactivate Account"."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.confirm_account = page.get_by_label(exact(words.confirm_account_label))
        self.type_words = page.get_by_label(starts(words.type_words_label))
        self.reason_radios = page.get_by_role("radio")
        self.release_account = page.get_by_role("checkbox", name=exact(words.release_account_label))
        self.submit_button = page.get_by_role("button", name=exact(words.submit_deactivation))
        self.errors = page.get_by_role("alert").filter(has_text=NOT_BLANK)

    async def wait_until_shown(self) -> None:
        """Wait for the form's first field."""
        await self.confirm_account.wait_for()

    async def offered_reasons(self) -> list[str]:
        """The reasons the page offers, as it words them."""
        await self.reason_radios.first.wait_for()
        return [r for r in await self.reason_radios.evaluate_all(_LABEL_OF) if r]

    async def fill(self, confirm_id: str, phrase: str, reason: str, release: bool) -> None:
        """Fill every field the way a person would."""
        await self.confirm_account.fill(confirm_id)
        await self.type_words.fill(phrase)
        await self.page.get_by_role("radio", name=exact(reason)).check()
        await self.release_account.set_checked(release)

    async def submit_ready(self) -> bool:
        """Whether the red submit button is visible and enabled."""
        return await self.submit_button.is_visible() and await self.submit_button.is_enabled()

    async def submit(self) -> None:
        """Press the irreversible "Deactivate my account" button."""
        await self.submit_button.click()

    async def error_texts(self) -> list[str]:
        """The validation messages the page shows, if any."""
        return [" ".join(t.split()) for t in await self.errors.all_inner_texts()]
