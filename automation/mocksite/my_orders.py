"""My Orders: the signed-in buyer's orders a page at a time, in the variant's page size,
layout and paging (links, numbered pages, or "Load more" batches), optionally filtered by
status; a persona's failing pages answer 500 here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, jsonify, render_template, request, url_for

from . import order_lists
from .records import ORDER_STATUSES, Order
from .state import Account
from .web import get_state, login_required

my_orders = Blueprint("my_orders", __name__)


def _page_number(value: str | None) -> int:
    """The 1-based ``?page=`` number; anything but a positive integer is a 404."""
    if value is None:
        return 1
    if not value.isdigit() or int(value) < 1:
        abort(404)
    return int(value)


def _orders_url(status: str | None, page: int) -> str:
    """Link to one page of the order list, keeping the status filter."""
    return url_for("my_orders.orders", status=status or None, page=page if page > 1 else None)


def _more_orders_url(status: str | None, page: int) -> str:
    """The "Load more" address of batch ``page``, keeping the status filter."""
    return url_for("my_orders.more_orders", status=status or None, page=page)


def _order_listing(account: Account) -> tuple[str | None, order_lists.OrderPage]:
    """The ``?status=`` filter and the ``?page=`` of the account's orders (404 if neither
    exists), in the variant's page size."""
    status = request.args.get("status") or None
    if status is not None and status not in ORDER_STATUSES:
        abort(404)
    page = _page_number(request.args.get("page"))
    selected: list[Order] = [
        order for order in account.records.orders if status is None or order.status == status
    ]
    listing = order_lists.paginate(selected, page, g.variant.orders_per_page)
    if listing is None:
        abort(404)
    return status, listing


@my_orders.get("/orders")
@login_required
def orders() -> Any:
    """My Orders, a page at a time (the variant's size, layout and paging), optionally
    filtered by status; faults are injected here."""
    account: Account = g.account
    status, listing = _order_listing(account)
    page, pages = listing.page, listing.pages
    if status is None and get_state().orders_page_fails(account.member_id, page):
        return render_template("error.html", code=500, title=g.t("error.server_title")), 500
    return render_template(
        order_lists.LAYOUT_TEMPLATES[g.variant.orders_layout],
        active_nav="orders",
        statuses=ORDER_STATUSES,
        status=status,
        orders=listing.orders,
        first=listing.first,
        last=listing.last,
        total=listing.total,
        count_sentence=order_lists.count_sentence(g.t, listing, g.variant.orders_total),
        page=page,
        pages=pages,
        previous_url=_orders_url(status, page - 1) if page > 1 else None,
        next_url=_orders_url(status, page + 1) if page < pages else None,
        more_url=_more_orders_url(status, page + 1) if page < pages else None,
        page_links=order_lists.page_links(page, pages),
        page_url=lambda number: _orders_url(status, number),
        status_url=lambda key: _orders_url(key, 1),
    )


@my_orders.get("/orders/more")
@login_required
def more_orders() -> Any:
    """The next batch of My Orders for "Load more": ``{"html": cards, "next": URL | null}``."""
    if g.variant.orders_paging != "load-more":
        abort(404)
    account: Account = g.account
    status, listing = _order_listing(account)
    if status is None and get_state().orders_page_fails(account.member_id, listing.page):
        return jsonify({"error": g.t("orders.load_failed")}), 500
    html = render_template("_order_cards.html", orders=listing.orders)
    more = _more_orders_url(status, listing.page + 1) if listing.has_next else None
    return jsonify({"html": html, "next": more})
