"""The privacy portal (privacy.aliexpress.com): delete the account, or download its data.

Entered from the buyer side's privacy link (the site hands the session over; no password is
typed here). Its words: "Your privacy", "Delete account", the red "Delete my account", a
dialog asking to type "agree", "Delete"; "Download your data", "Request a copy",
"Download". The dialog may be a `<dialog>` or an ARIA one; "Delete" may stay disabled until
the box holds exactly "agree".
"""

from __future__ import annotations

from typing import Literal

from playwright.async_api import Download, Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.pages.find import NOT_BLANK, Finder, Found, look
from automation.pages.paragraphs import main_paragraphs
from automation.pages.words import Words

DeletionState = Literal["available", "pending"]

HOME = look("portal_home", "heading")
DELETE_ACCOUNT = look("delete_account", "link", "button", "tab")
DELETE_MY_ACCOUNT = look("delete_my_account", "button", "link")
PENDING = look("deletion_pending", "text", match="contains")
AGREE = look("agree_field", "field", match="starts")
DELETE = look("delete", "button")
RECEIVED = look("deletion_received", "heading", "text", match="contains")
DOWNLOAD_DATA = look("download_data", "link", "button", "tab")
REQUEST_COPY = look("request_copy", "button", "link")
DOWNLOAD_FILE = look("download_file", "link", "button")
PASSWORD = look("password_field", "field")
# The part of the page the confirmation is asked in: its dialog, else the page.
_DIALOG = "xpath=ancestor::*[self::dialog or @role='dialog' or @role='alertdialog'][1]"


class PrivacyPortalPage:
    """The portal's pages, as a person walks them."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.find = Finder(page, words)
        self.errors = page.get_by_role("alert").filter(has_text=NOT_BLANK)
        self.delete_button: Found | None = None

    async def wait_until_shown(self) -> Found:
        """Wait for the portal: its heading, or its delete or download entry."""
        return await self.find.find(HOME, DELETE_MY_ACCOUNT, DELETE_ACCOUNT, DOWNLOAD_DATA)

    async def asks_for_password(self) -> bool:
        """Whether the portal shows a password field (its own sign-in) right now."""
        return await self.find.visible(PASSWORD) is not None

    async def deletion_state(self) -> DeletionState:
        """Open "Delete account" when the red button is not on the first page, and say
        whether the portal offers "Delete my account" or says a deletion is pending
        (`ConceptMissing` when it shows neither once settled)."""
        found = await self.find.prefer([DELETE_MY_ACCOUNT, PENDING], DELETE_ACCOUNT)
        if found.look is DELETE_ACCOUNT:
            await found.locator.click()
            found = await self.find.find(DELETE_MY_ACCOUNT, PENDING)
        return "pending" if found.look is PENDING else "available"

    async def open_confirmation(self) -> Locator | None:
        """Press "Delete my account"; the dialog that asks to type "agree" (None when the
        page asks on itself)."""
        button = await self.find.find(DELETE_MY_ACCOUNT)
        await button.locator.click()
        field = await self.find.find(AGREE)
        dialog = field.locator.locator(_DIALOG)
        return dialog.first if await dialog.count() else None

    async def type_agree(self, phrase: str) -> None:
        """Type the confirmation word into its box."""
        field = await self.find.find(AGREE)
        await field.locator.fill(phrase)

    async def delete_ready(self, timeout_ms: float) -> bool:
        """Whether "Delete" is, or within `timeout_ms` becomes, enabled and free to click."""
        self.delete_button = await self.find.find(DELETE)
        try:
            await self.delete_button.locator.click(trial=True, timeout=timeout_ms)
        except PlaywrightTimeoutError:
            return False
        return await self.delete_button.locator.is_enabled()

    async def delete(self) -> None:
        """Press the irreversible "Delete"."""
        button = self.delete_button or await self.find.find(DELETE)
        await button.locator.click()

    @property
    def received(self) -> Locator:
        """What the portal shows once the deletion request was accepted."""
        return self.find.locator(RECEIVED)

    async def summary(self) -> str:
        """The portal's own sentences about what happens next."""
        return await main_paragraphs(self.page)

    async def open_data_download(self) -> None:
        """Open "Download your data"."""
        entry = await self.find.find(DOWNLOAD_DATA)
        await entry.locator.click()

    async def request_copy(self) -> bool:
        """Press "Request a copy" when the page offers it (not when a copy is already being
        prepared or ready); whether it was pressed."""
        found = await self.find.seek(REQUEST_COPY, DOWNLOAD_FILE)
        if found is None or found.look is DOWNLOAD_FILE:
            return False
        await found.locator.click()
        return True

    async def download_link(self) -> Found | None:
        """The link to the prepared copy, if the page shows it now."""
        return await self.find.visible(DOWNLOAD_FILE)

    async def download(self, link: Found) -> Download:
        """Press the download link and wait for the file."""
        async with self.page.expect_download() as downloading:
            await link.locator.click()
        return await downloading.value
