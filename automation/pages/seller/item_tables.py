"""The pages behind each check's "View": a list of items and the "N items" they state, or,
for store funds, the balances. Lists are read like any other list (`record_list`): their
first column's header starts each record, and they are paged however the site pages them.
"""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages.find import Finder, look
from automation.pages.record_list import RecordList
from automation.pages.record_text import labelled_values
from automation.pages.records import RecordSpec, main_lines
from automation.pages.words import Words

# Our fields of each check's items, the first one naming the item.
COLUMNS = {
    "orders": ("order_number", "order_date", "buyer", "status", "order_total", "currency"),
    "fines": ("penalty_id", "date", "reason", "amount", "currency", "status"),
    "violations": ("case_id", "date", "type", "product", "status"),
    "returns": ("request_id", "order_number", "type", "amount", "currency", "status"),
    "inventory": ("product_id", "title", "sku", "stock", "price", "currency", "status"),
}
FUNDS = {
    "available_balance": "funds_available",
    "pending_settlement": "funds_pending",
    "currency": "currency_label",
}
BACK = look("back_to_inspection", "link", "button")


def item_spec(kind: str) -> RecordSpec:
    """How the items of one check read: the column naming the item starts each one (else
    any other column aliexit knows: a list is a list, whatever it leads with)."""
    _, *rest = COLUMNS[kind]
    return RecordSpec(
        ids=tuple(f"column.{kind}.{field}" for field in COLUMNS[kind]),
        fields={field: f"column.{kind}.{field}" for field in rest},
    )


class ItemTablePage:
    """An item page: heading = the check's name, a list, "N items", a way back."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.find = Finder(page, words)

    async def wait_until_shown(self, kind: str) -> None:
        """Wait for the heading of the check of `kind` (any of its wordings)."""
        await self.find.find(look(f"check.{kind}", "heading"))

    def items(self, kind: str) -> RecordList:
        """The list of the check's items."""
        return RecordList(
            self.page,
            self.words,
            item_spec(kind),
            empty="items_empty",
            total="items_stated",
            finder=self.find,
        )

    async def funds(self) -> dict[str, str | None]:
        """Available balance, pending settlement and currency as the page states them."""
        lines = await main_lines(self.page)
        labels = {name: self.words[concept] for name, concept in FUNDS.items()}
        values, _ = labelled_values(lines, labels)
        return values

    async def back(self) -> None:
        """Follow "Back to Self-inspection", or press the browser's Back when the page has
        no such link."""
        control = await self.find.visible(BACK)
        if control is not None:
            await control.locator.click()
        else:
            await self.page.go_back(wait_until="domcontentloaded")
