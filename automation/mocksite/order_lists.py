"""Paging of My Orders: which orders a page (or a "Load more" batch) shows, the numbered page
links around the current page, and the sentence stating the total (when the variant states it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .i18n import Translator
from .records import Order

LAYOUT_TEMPLATES = {
    "articles": "orders.html",
    "cards": "orders_cards.html",
    "table": "orders_table.html",
}


@dataclass(frozen=True)
class OrderPage:
    """One page (or batch) of an order list."""

    orders: tuple[Order, ...]
    page: int
    pages: int
    total: int
    first: int  # 1-based position of the first order shown (0 when there is none)

    @property
    def last(self) -> int:
        """1-based position of the last order shown."""
        return self.first + len(self.orders) - 1 if self.orders else 0

    @property
    def has_next(self) -> bool:
        """Whether another page follows."""
        return self.page < self.pages


def paginate(orders: Sequence[Order], page: int, per_page: int) -> OrderPage | None:
    """Page ``page`` (1-based) of ``orders``, ``per_page`` a page; None past the last page."""
    pages = max(1, -(-len(orders) // per_page))
    if page > pages:
        return None
    start = (page - 1) * per_page
    shown = tuple(orders[start : start + per_page])
    return OrderPage(shown, page, pages, len(orders), start + 1)


def page_links(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers to link: the first, the last and ``around`` either side of ``page``;
    None where numbers are left out (shown as "…")."""
    wanted = {1, pages, *range(page - around, page + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= pages)
    links: list[int | None] = []
    for number in numbers:
        if links and number - (links[-1] or 0) > 1:
            links.append(None)
        links.append(number)
    return links


def count_sentence(t: Translator, listing: OrderPage, stated: bool) -> str | None:
    """The sentence stating the total ("Showing 1-20 of 1,050 orders", in the variant's
    words); None when the variant does not state it, or says nothing for an empty list."""
    if not stated:
        return None
    if not listing.total:
        return t("orders.showing_none") or None
    key = "orders.showing_one" if listing.total == 1 and t.has("orders.showing_one") else None
    return t(
        key or "orders.showing",
        first=listing.first,
        last=listing.last,
        total=t.integer(listing.total),
    )
