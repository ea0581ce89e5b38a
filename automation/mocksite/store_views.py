"""What the Seller Center's pages (`seller`, `exit_service`) and the shop (`shop`) share: the
store guard, the seller page frame, the store's record tables, the frozen store's refusal
and the time stamps they write."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import g, redirect, render_template, url_for

from .state import Account
from .store_records import Fine, Product, ReturnRequest, StoreOrder, Violation, money
from .stores import Store
from .web import login_required

ORDER_COLUMNS = ("Order number", "Order date", "Buyer", "Status", "Order total", "Currency")
PRODUCT_COLUMNS = ("Product ID", "Title", "SKU", "Stock", "Price", "Currency", "Status")
FINE_COLUMNS = ("Penalty ID", "Date", "Reason", "Amount", "Currency", "Status")
VIOLATION_COLUMNS = ("Case ID", "Date", "Type", "Product", "Status")
RETURN_COLUMNS = ("Request ID", "Order number", "Type", "Amount", "Currency", "Status")
NUMERIC_COLUMNS = frozenset({"Order total", "Amount", "Stock", "Price"})


def order_row(o: StoreOrder) -> tuple[str, ...]:
    """An order as a row of `ORDER_COLUMNS`."""
    return (o.number, o.date, o.buyer, o.status_label, money(o.total), o.currency)


def fine_row(f: Fine) -> tuple[str, ...]:
    """A fine as a row of `FINE_COLUMNS`."""
    return (f.penalty_id, f.date, f.reason, money(f.amount), f.currency, f.status_label)


def violation_row(v: Violation) -> tuple[str, ...]:
    """A violation as a row of `VIOLATION_COLUMNS`."""
    return (v.case_id, v.date, v.type_label, v.product, v.status_label)


def return_row(r: ReturnRequest) -> tuple[str, ...]:
    """A return or refund request as a row of `RETURN_COLUMNS`."""
    return (r.request_id, r.order_number, r.type_label, money(r.amount), r.currency, r.status_label)


def product_row(p: Product) -> tuple[str, ...]:
    """A product as a row of `PRODUCT_COLUMNS`."""
    return (
        p.product_id,
        p.title,
        p.sku,
        f"{p.stock:,}",
        money(p.price),
        p.currency,
        p.status_label,
    )


def utc_now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def store_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed in, with a store (put on ``g.store``); others go to the Seller Center home."""

    @functools.wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        account: Account = g.account
        if account.store is None:
            return redirect(url_for("seller.home"))
        g.store = account.store
        return view(*args, **kwargs)

    return wrapper


def seller_page(template: str, active_nav: str | None = None, **context: Any) -> str:
    """Render a seller page with the signed-in account's store."""
    return render_template(
        f"seller/{template}", store=g.get("store"), active_nav=active_nav, **context
    )


def frozen_refusal(audience: str, store: Store) -> tuple[str, int]:
    """The 403 page a frozen store answers a new product (``audience="seller"``) or a new
    order (``"buyer"``) with."""
    page = render_template(
        "seller/frozen.html",
        audience=audience,
        frozen_store=store,
        store=store if audience == "seller" else None,
    )
    return page, 403
