"""My Orders: the order list, page by page."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page, Response

from automation.pages._match import exact
from automation.pages._records import read_records, relabel
from automation.pages.words import Words


class MyOrdersPage:
    """One page of the order list, its stated total and its "Next" link."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.next_link = page.get_by_role("link", name=exact(words.next_page)).last
        self.error_heading = page.get_by_role("heading", name=exact(words.something_went_wrong))

    def _main(self):
        main = self.page.get_by_role("main")
        return main.first

    async def stated_total(self) -> int | None:
        """The number of orders the page says there are ("Showing 1-20 of 1,050 orders")."""
        text = await self._main().inner_text()
        found = re.search(self.words.orders_shown, text, re.IGNORECASE)
        return int(re.sub(r"\D", "", found.group(1))) if found else None

    async def page_position(self) -> tuple[int, int] | None:
        """(this page, number of pages) as the pagination states it, if it does."""
        text = await self._main().inner_text()
        found = re.search(self.words.page_of, text, re.IGNORECASE)
        return (int(found.group(1)), int(found.group(2))) if found else None

    async def orders(self) -> list[dict[str, Any]]:
        """The orders on this page, as the page words them (amounts still "24.90 USD")."""
        found = []
        for record in await read_records(self._main()):
            fields = relabel(record["fields"], self.words.order_fields)
            if not fields["number"]:
                continue
            items_table = next(
                (t for t in record["tables"] if t["caption"].casefold()
                 == self.words.items_caption.casefold()),
                record["tables"][0] if record["tables"] else None,
            )  # fmt: skip
            items = []
            if items_table:
                columns = [h.casefold() for h in items_table["headers"]]
                for row in items_table["rows"]:
                    cells = dict(zip(columns, row, strict=False))
                    items.append(
                        {k: cells.get(v.casefold()) for k, v in self.words.item_columns.items()}
                    )
            found.append({**fields, "items": items})
        return found

    async def has_next(self) -> bool:
        """Whether there is a next page."""
        return await self.next_link.count() > 0 and await self.next_link.is_visible()

    async def go_next(self) -> Response | None:
        """Follow "Next"; return the navigation's response (its status tells a failed load)."""
        async with self.page.expect_navigation(wait_until="domcontentloaded") as navigation:
            await self.next_link.click()
        return await navigation.value

    async def reload(self) -> Response | None:
        """Load the same page again (after a failed load)."""
        return await self.page.reload(wait_until="domcontentloaded")
