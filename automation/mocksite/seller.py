"""The mock Seller Center (signed in; an account without a store only sees its home):

- ``/seller``: Seller Center home; ``/seller/open-store``; ``/seller/store``: Store Management;
- ``/seller/products`` (GET, and POST: "Add product"), ``/seller/orders``, ``/seller/finance``.

The Exit service (``/seller/store/exit-service...``) is `exit_service`; a store's shop window
is `shop`; ``GET /__mock__/stores/<login>`` is in `mock_api`. Once a store is frozen, adding a
product is refused with HTTP 403 and "This store is frozen".
"""

from __future__ import annotations

import functools
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, g, redirect, request, url_for

from .store_records import SKU_RE, STORE_CURRENCIES, Product, money
from .store_views import (
    NUMERIC_COLUMNS,
    ORDER_COLUMNS,
    PRODUCT_COLUMNS,
    frozen_refusal,
    order_row,
    product_row,
    seller_page,
    store_required,
)
from .stores import Store
from .web import get_state, login_required

MAX_STOCK = 99_999

seller = Blueprint("seller", __name__)


@seller.get("/seller")
@login_required
def home() -> str:
    """Seller Center home: the store at a glance, or how to open one."""
    g.store = g.account.store
    return seller_page("home.html", "home")


@seller.get("/seller/open-store")
@login_required
def open_store() -> str:
    """What opening a store takes (not possible on the mock)."""
    g.store = g.account.store
    return seller_page("open_store.html")


@seller.get("/seller/store")
@store_required
def store_management() -> str:
    """Store Management: the store's details and the Exit service entry."""
    return seller_page("store_management.html", "store")


def _price(text: str) -> Decimal | None:
    """A price above 0 and below 100,000 with at most two decimals, or None."""
    try:
        price = Decimal(text.strip())
    except InvalidOperation:
        return None
    exponent = price.as_tuple().exponent
    if not price.is_finite() or not 0 < price < 100_000 or not isinstance(exponent, int):
        return None
    return price if exponent >= -2 else None


def _parse_product(form: dict[str, str], store: Store) -> tuple[dict[str, str], Product | None]:
    """Errors by field, and the product when there are none."""
    errors: dict[str, str] = {}
    title = form["title"].strip()
    if not title:
        errors["title"] = "Please enter a product title."
    elif len(title) > 128:
        errors["title"] = "Please keep the title to 128 characters or fewer."
    sku = form["sku"].strip().upper()
    if not SKU_RE.fullmatch(sku):
        errors["sku"] = "Please enter a SKU of 3 to 40 letters, digits and dashes."
    elif any(product.sku == sku for product in store.products):
        errors["sku"] = "Another product of your store already uses this SKU."
    stock = form["stock"].strip()
    if not stock.isdigit() or int(stock) > MAX_STOCK:
        errors["stock"] = f"Please enter a whole number of units from 0 to {MAX_STOCK:,}."
    price = _price(form["price"])
    if price is None:
        errors["price"] = "Please enter a price above 0, such as 12.90."
    if form["currency"] not in STORE_CURRENCIES:
        errors["currency"] = "Please choose a currency."
    if errors or price is None:
        return errors, None
    product = Product(
        product_id="1005" + "".join(str(secrets.randbelow(10)) for _ in range(12)),
        title=title,
        sku=sku,
        stock=int(stock),
        price=f"{price:.2f}",
        currency=form["currency"],
        status="online",
    )
    return errors, product


@seller.route("/seller/products", methods=["GET", "POST"])
@store_required
def products() -> Any:
    """Products: the store's listings and the "Add product" form."""
    store: Store = g.store
    page = functools.partial(
        seller_page,
        "products.html",
        "products",
        columns=PRODUCT_COLUMNS,
        numeric=NUMERIC_COLUMNS,
        currencies=STORE_CURRENCIES,
    )
    if request.method == "GET":
        rows = [product_row(p) for p in store.products]
        added = request.args.get("added")
        return page(rows=rows, values={}, errors={}, added=added)
    values = {key: request.form.get(key, "") for key in ("title", "sku", "stock", "price")}
    values["currency"] = request.form.get("currency", "")

    def post(current: Store) -> tuple[Store, tuple[str, Any]]:
        if current.frozen:
            return current.refuse_product(), ("frozen", None)
        errors, product = _parse_product(values, current)
        if product is None:
            return current, ("invalid", errors)
        return current.with_product(product), ("added", product)

    outcome, detail = get_state().update_store(g.account.member_id, post) or ("frozen", None)
    if outcome == "frozen":
        return frozen_refusal("seller", store)
    if outcome == "invalid":
        rows = [product_row(p) for p in store.products]
        return page(rows=rows, values=values, errors=detail, added=None), 422
    return redirect(url_for("seller.products", added=detail.sku), code=303)


@seller.get("/seller/orders")
@store_required
def orders() -> str:
    """Orders: every order of the store, newest first."""
    store: Store = g.store
    rows = [order_row(o) for o in store.orders]
    return seller_page(
        "orders.html", "orders", columns=ORDER_COLUMNS, rows=rows, numeric=NUMERIC_COLUMNS
    )


@seller.get("/seller/finance")
@store_required
def finance() -> str:
    """Finance: the store's balance."""
    return seller_page("finance.html", "finance", funds=g.store.funds, money=money)
