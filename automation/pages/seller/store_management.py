"""Store Management: the store's name, ID and status, and the "Exit service" entry."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages._match import contains, exact
from automation.pages._records import read_fields, relabel
from automation.pages.words import SellerWords


class StoreManagementPage:
    """The store's facts and, while it is open, the control that starts the closure."""

    def __init__(self, page: Page, words: SellerWords) -> None:
        self.page = page
        self.words = words
        self.heading = page.get_by_role(
            "heading", name=exact(words.store_management), level=1
        ).first
        name = exact(words.exit_service)
        self.exit_service = (
            page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name)).first
        )
        self.frozen_notice = page.get_by_text(contains(words.frozen_notice)).first

    async def wait_until_shown(self) -> None:
        """Wait for the page's heading."""
        await self.heading.wait_for()

    async def store(self) -> dict[str, str | None]:
        """Store name, ID and status as the page states them (our field names)."""
        fields = await read_fields(self.page.get_by_role("main").first)
        return relabel(fields, self.words.store_fields)

    async def frozen_since(self) -> str | None:
        """The sentence saying when the exit application was submitted, if the page has one."""
        if not await self.frozen_notice.count():
            return None
        return " ".join((await self.frozen_notice.inner_text()).split())

    async def start_exit_service(self) -> None:
        """Press "Exit service"."""
        await self.exit_service.click()
