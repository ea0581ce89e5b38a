"""Store Management: the store's name, ID and status, and the "Exit service" entry."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages.find import Finder, look
from automation.pages.record_text import labelled_values
from automation.pages.records import main_lines
from automation.pages.words import Words

HEADING = look("store_management", "heading")
EXIT_SERVICE = look("exit_service", "link", "button")
FROZEN_NOTICE = look("frozen_notice", "text", match="contains")
FIELDS = {"name": "store_name", "store_id": "store_id", "status": "store_status"}


class StoreManagementPage:
    """The store's facts and, while it is open, the control that starts the closure."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.find = Finder(page, words)

    async def wait_until_shown(self) -> None:
        """Wait for the page's heading."""
        await self.find.find(HEADING)

    async def store(self) -> dict[str, str | None]:
        """Store name, ID and status as the page states them (our field names), and the
        status's key ("open", "frozen") as `status_key`."""
        lines = await main_lines(self.page)
        labels = {name: self.words[concept] for name, concept in FIELDS.items()}
        values, _ = labelled_values(lines, labels)
        values["status_key"] = self.words.key_of("store_status", values["status"])
        return values

    async def frozen_since(self) -> str | None:
        """The sentence saying when the exit application was submitted, if the page has one."""
        found = await self.find.visible(FROZEN_NOTICE)
        return " ".join((await found.locator.inner_text()).split()) if found else None

    async def start_exit_service(self) -> None:
        """Press "Exit service"."""
        control = await self.find.find(EXIT_SERVICE)
        await control.locator.click()
