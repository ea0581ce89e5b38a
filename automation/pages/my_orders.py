"""My Orders: the order list, page by page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from playwright.async_api import Page, Response

from automation.pages._match import exact
from automation.pages._records import read_page, relabel
from automation.pages.words import Words, same_words


@dataclass
class OrdersPageView:
    """What one page of My Orders shows, read in one round trip."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    stated_total: int | None = None
    position: tuple[int, int] | None = None  # (this page, number of pages)
    next_href: str | None = None
    has_next: bool = False


class MyOrdersPage:
    """One page of the order list, its stated total and its "Next" link."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.next_link = page.get_by_role("link", name=exact(words.next_page)).last

    async def read(self) -> OrdersPageView:
        """The orders on this page as the page words them (amounts still "24.90 USD"),
        the total it states ("Showing 1-20 of 1,050 orders"), and where "Next" leads."""
        raw = await read_page(self.page, self.words.next_page)
        view = OrdersPageView()
        total = re.search(self.words.orders_shown, raw["text"], re.IGNORECASE)
        view.stated_total = int(re.sub(r"\D", "", total.group(1))) if total else None
        position = re.search(self.words.page_of, raw["text"], re.IGNORECASE)
        view.position = (int(position.group(1)), int(position.group(2))) if position else None
        view.has_next = raw["next"] is not None
        href = (raw["next"] or {}).get("href") or ""
        if href and not href.startswith(("#", "javascript:")):
            view.next_href = urljoin(self.page.url, href)
        for record in raw["records"]:
            fields = relabel(record["fields"], self.words.order_fields)
            if fields["number"]:
                view.orders.append({**fields, "items": self._items(record["tables"])})
        return view

    def _items(self, tables: list[dict[str, Any]]) -> list[dict[str, Any]]:
        table = next(
            (t for t in tables if same_words(t["caption"], self.words.items_caption)), None
        )
        table = table or (tables[0] if tables else None)
        if table is None:
            return []
        columns = [h.casefold() for h in table["headers"]]
        items = []
        for row in table["rows"]:
            cells = dict(zip(columns, row, strict=False))
            items.append({k: cells.get(v.casefold()) for k, v in self.words.item_columns.items()})
        return items

    async def go_next(self, view: OrdersPageView) -> Response | None:
        """Follow "Next" (its link target when it has one, else a click); return the response."""
        if view.next_href:
            return await self.page.goto(view.next_href, wait_until="domcontentloaded")
        async with self.page.expect_navigation(wait_until="domcontentloaded") as navigation:
            await self.next_link.click()
        return await navigation.value

    async def reload(self) -> Response | None:
        """Load the same page again (after a failed load)."""
        return await self.page.reload(wait_until="domcontentloaded")
