"""The pages behind each check's "View": a table of items and the "N items" they state,
or, for store funds, the balances as label/value pairs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.async_api import Page

from automation.pages._match import exact
from automation.pages._records import read_fields, relabel
from automation.pages.seller._read import read_table, rows_as_records, text_beside_tables
from automation.pages.words import SellerWords


@dataclass
class ItemsView:
    """What one item page shows: its rows (our field names) and the total it states."""

    caption: str = ""
    headers: list[str] = field(default_factory=list)
    items: list[dict[str, str | None]] = field(default_factory=list)
    stated_total: int | None = None


class ItemTablePage:
    """An item page: heading = the check's name, a table, "N items", a way back."""

    def __init__(self, page: Page, words: SellerWords) -> None:
        self.page = page
        self.words = words
        self.back_link = page.get_by_role("link", name=exact(words.back_to_inspection)).first

    async def wait_until_shown(self, name: str) -> None:
        """Wait for the heading of the check called `name`."""
        await self.page.get_by_role("heading", name=exact(name), level=1).first.wait_for()

    async def items(self, columns: dict[str, str]) -> ItemsView:
        """The table's rows keyed by our field names, and the number of items stated."""
        main = self.page.get_by_role("main").first
        view = ItemsView()
        tables = main.get_by_role("table")
        if await tables.count():
            table = await read_table(tables.first)
            view.caption, view.headers = table["caption"], table["headers"]
            view.items = rows_as_records(table, columns)
        stated = re.search(self.words.items_stated, await text_beside_tables(main), re.IGNORECASE)
        view.stated_total = int(stated.group(1).replace(",", "")) if stated else None
        return view

    async def funds(self) -> dict[str, str | None]:
        """Available balance, pending settlement and currency as the page states them."""
        fields = await read_fields(self.page.get_by_role("main").first)
        return relabel(fields, self.words.funds_fields)

    async def back(self) -> None:
        """Follow "Back to Self-inspection"."""
        await self.back_link.click()
