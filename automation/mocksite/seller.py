"""The mock Seller Center: store management, the exit service and the store freeze.

Seller pages (signed in; an account without a store only sees the Seller Center home):

- ``/seller``: Seller Center home; ``/seller/store``: Store Management;
- ``/seller/store/exit-service``: Self-inspection (POST: "Continue to application");
- ``/seller/store/exit-service/<check>``: the items of one check;
- ``/seller/store/exit-service/application``: the Exit service application form;
- ``/seller/store/exit-service/submitted``: Application submitted;
- ``/seller/products`` (GET, and POST: "Add product"), ``/seller/orders``, ``/seller/finance``.

Buyer side: ``/store/<store_id>`` shows a store's products; POST ``/store/<store_id>/order``
("Place order") buys one. Once a store is frozen, adding a product and placing an order are
refused with HTTP 403 and "This store is frozen".

Inspection API: ``GET /__mock__/stores/<login>`` (see :meth:`Store.public_dict`).
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, abort, g, jsonify, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from .state import Account
from .store_records import (
    CLOSING_REASONS,
    SKU_RE,
    STORE_CURRENCIES,
    Application,
    Fine,
    Product,
    ReturnRequest,
    StoreOrder,
    Violation,
    money,
)
from .stores import Store
from .web import get_state, login_required

seller = Blueprint("seller", __name__)
store_api = Blueprint("store_api", __name__, url_prefix="/__mock__")

STATEMENT_MIN = 20
STATEMENT_MAX = 2000
MAX_STOCK = 99_999
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_INSPECTED_KEY = "exit_service_inspected"
FROZEN_SENTENCE = (
    "Store functions are frozen: you can no longer publish products or receive new orders."
)


@dataclass(frozen=True)
class Check:
    """One self-inspection check: its name, its items table and how to count it."""

    key: str
    name: str
    columns: tuple[str, ...]
    rows: Callable[[Store], list[tuple[str, ...]]]


def _order_row(o: StoreOrder) -> tuple[str, ...]:
    return (o.number, o.date, o.buyer, o.status_label, money(o.total), o.currency)


def _fine_row(f: Fine) -> tuple[str, ...]:
    return (f.penalty_id, f.date, f.reason, money(f.amount), f.currency, f.status_label)


def _violation_row(v: Violation) -> tuple[str, ...]:
    return (v.case_id, v.date, v.type_label, v.product, v.status_label)


def _return_row(r: ReturnRequest) -> tuple[str, ...]:
    return (r.request_id, r.order_number, r.type_label, money(r.amount), r.currency, r.status_label)


def _product_row(p: Product) -> tuple[str, ...]:
    return (
        p.product_id,
        p.title,
        p.sku,
        f"{p.stock:,}",
        money(p.price),
        p.currency,
        p.status_label,
    )


ORDER_COLUMNS = ("Order number", "Order date", "Buyer", "Status", "Order total", "Currency")
PRODUCT_COLUMNS = ("Product ID", "Title", "SKU", "Stock", "Price", "Currency", "Status")
CHECKS: tuple[Check, ...] = (
    Check(
        "orders",
        "Incomplete orders",
        ORDER_COLUMNS,
        lambda store: [_order_row(o) for o in store.incomplete_orders],
    ),
    Check(
        "fines",
        "Unpaid fines and penalties",
        ("Penalty ID", "Date", "Reason", "Amount", "Currency", "Status"),
        lambda store: [_fine_row(f) for f in store.unpaid_fines],
    ),
    Check(
        "violations",
        "Violations",
        ("Case ID", "Date", "Type", "Product", "Status"),
        lambda store: [_violation_row(v) for v in store.open_violations],
    ),
    Check(
        "returns",
        "Returns and refunds",
        ("Request ID", "Order number", "Type", "Amount", "Currency", "Status"),
        lambda store: [_return_row(r) for r in store.open_returns],
    ),
    Check(
        "products",
        "Products and inventory",
        PRODUCT_COLUMNS,
        lambda store: [_product_row(p) for p in store.products],
    ),
    Check("funds", "Store funds", (), lambda store: []),
)
_CHECKS_BY_KEY = {check.key: check for check in CHECKS}
NUMERIC_COLUMNS = frozenset({"Order total", "Amount", "Stock", "Price"})


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


def _now() -> str:
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


def _page(template: str, active_nav: str | None = None, **context: Any) -> str:
    """Render a seller page with the signed-in account's store."""
    return render_template(
        f"seller/{template}", store=g.get("store"), active_nav=active_nav, **context
    )


def _frozen_refusal(audience: str, store: Store) -> tuple[str, int]:
    """The 403 page a frozen store answers a new product or a new order with."""
    page = render_template(
        "seller/frozen.html",
        audience=audience,
        frozen_store=store,
        store=store if audience == "seller" else None,
    )
    return page, 403


# --- Seller Center ------------------------------------------------------------------------


@seller.get("/seller")
@login_required
def home() -> str:
    """Seller Center home: the store at a glance, or how to open one."""
    g.store = g.account.store
    return _page("home.html", "home")


@seller.get("/seller/open-store")
@login_required
def open_store() -> str:
    """What opening a store takes (not possible on the mock)."""
    g.store = g.account.store
    return _page("open_store.html")


@seller.get("/seller/store")
@store_required
def store_management() -> str:
    """Store Management: the store's details and the Exit service entry."""
    return _page("store_management.html", "store")


@seller.route("/seller/store/exit-service", methods=["GET", "POST"])
@store_required
def self_inspection() -> Any:
    """Self-inspection: what stands in the way of closing; POST goes on to the application."""
    store: Store = g.store
    if store.frozen:
        return redirect(url_for("seller.store_management"), code=303)
    if request.method == "POST":
        session[_INSPECTED_KEY] = store.store_id
        return redirect(url_for("seller.application"), code=303)
    checks = [
        {
            "check": check,
            "count": len(check.rows(store)),
            "url": url_for("seller.inspection_items", check=check.key),
        }
        for check in CHECKS
    ]
    return _page(
        "self_inspection.html",
        "store",
        checks=checks,
        attention={"products" if kind == "inventory" else kind for kind in store.blockers()},
        units=store.units_in_stock,
        funds_amount=money(store.funds.total),
    )


@seller.get("/seller/store/exit-service/<check>")
@store_required
def inspection_items(check: str) -> str:
    """The items behind one self-inspection check."""
    found = _CHECKS_BY_KEY.get(check)
    if found is None:
        abort(404)
    store: Store = g.store
    if found.key == "funds":
        return _page("inspection_funds.html", "store", check=found, funds=store.funds, money=money)
    return _page(
        "inspection_items.html",
        "store",
        check=found,
        rows=found.rows(store),
        numeric=NUMERIC_COLUMNS,
    )


def _validate_application(form: dict[str, Any]) -> dict[str, str]:
    """Field name → error message for an exit-service application."""
    errors: dict[str, str] = {}
    if form["reason"] not in CLOSING_REASONS:
        errors["reason"] = "Please choose a reason for closing."
    statement = form["statement"].strip()
    if len(statement) < STATEMENT_MIN:
        errors["statement"] = f"Please write at least {STATEMENT_MIN} characters."
    elif len(statement) > STATEMENT_MAX:
        errors["statement"] = f"Please write at most {STATEMENT_MAX:,} characters."
    email = form["contact_email"].strip()
    if not email:
        errors["contact_email"] = "Please enter a contact email."
    elif len(email) > 254 or not _EMAIL_RE.fullmatch(email):
        errors["contact_email"] = "Please enter a valid email address, such as name@example.com."
    if not form["understood"]:
        errors["understood"] = "Please confirm that you understand your store will be frozen."
    return errors


@seller.route("/seller/store/exit-service/application", methods=["GET", "POST"])
@store_required
def application() -> Any:
    """The Exit service application: validate, file it, freeze the store."""
    store: Store = g.store
    if store.frozen:
        if request.method == "POST":
            return _page("store_management.html", "store"), 409
        return redirect(url_for("seller.store_management"))
    if session.get(_INSPECTED_KEY) != store.store_id:
        return redirect(url_for("seller.self_inspection"), code=303)
    page = functools.partial(_page, "application.html", "store", reasons=CLOSING_REASONS)
    if request.method == "GET":
        return page(values={}, errors={})
    values = {
        "reason": request.form.get("reason", ""),
        "statement": request.form.get("statement", ""),
        "contact_email": request.form.get("contact_email", ""),
        "understood": "understood" in request.form,
    }
    errors = _validate_application(values)
    if errors:
        return page(values=values, errors=errors), 422
    filed = Application(
        reason=values["reason"],
        statement=values["statement"].strip(),
        contact_email=values["contact_email"].strip(),
        submitted_at=_now(),
    )

    def submit(current: Store) -> tuple[Store, bool]:
        return (current, False) if current.frozen else (current.submit(filed), True)

    if not get_state().update_store(g.account.member_id, submit):
        g.store = get_state().get(g.account.member_id).store
        return _page("store_management.html", "store"), 409
    session.pop(_INSPECTED_KEY, None)
    return redirect(url_for("seller.application_submitted"), code=303)


@seller.get("/seller/store/exit-service/submitted")
@store_required
def application_submitted() -> Any:
    """Application submitted: the store is frozen."""
    store: Store = g.store
    if not store.frozen:
        return redirect(url_for("seller.store_management"))
    return _page(
        "submitted.html", "store", application=store.applications[-1], sentence=FROZEN_SENTENCE
    )


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
        _page,
        "products.html",
        "products",
        columns=PRODUCT_COLUMNS,
        numeric=NUMERIC_COLUMNS,
        currencies=STORE_CURRENCIES,
    )
    if request.method == "GET":
        rows = [_product_row(p) for p in store.products]
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
        return _frozen_refusal("seller", store)
    if outcome == "invalid":
        rows = [_product_row(p) for p in store.products]
        return page(rows=rows, values=values, errors=detail, added=None), 422
    return redirect(url_for("seller.products", added=detail.sku), code=303)


@seller.get("/seller/orders")
@store_required
def orders() -> str:
    """Orders: every order of the store, newest first."""
    store: Store = g.store
    rows = [_order_row(o) for o in store.orders]
    return _page("orders.html", "orders", columns=ORDER_COLUMNS, rows=rows, numeric=NUMERIC_COLUMNS)


@seller.get("/seller/finance")
@store_required
def finance() -> str:
    """Finance: the store's balance."""
    return _page("finance.html", "finance", funds=g.store.funds, money=money)


# --- buyer side: a store's shop window ----------------------------------------------------


def _store_and_owner(store_id: str) -> tuple[Store, Account]:
    owner = get_state().store_owner(store_id)
    if owner is None or owner.store is None:
        abort(404)
    return owner.store, owner


@seller.get("/store/<store_id>")
def shop(store_id: str) -> str:
    """A store's shop window: its online products, each with "Place order"."""
    store, _owner = _store_and_owner(store_id)
    listed = [p for p in store.products if p.status == "online"]
    return render_template(
        "seller/shop.html",
        shop=store,
        products=listed,
        money=money,
        placed=request.args.get("placed"),
        errors={},
    )


@seller.post("/store/<store_id>/order")
def place_order(store_id: str) -> Any:
    """Place an order for one product of a store (refused once the store is frozen)."""
    store, owner = _store_and_owner(store_id)
    if g.account is None:
        return redirect(url_for("buyer.login", next=url_for("seller.shop", store_id=store_id)))
    buyer: Account = g.account
    product_id = request.form.get("product_id", "")
    quantity_text = request.form.get("quantity", "").strip()
    first, _, rest = buyer.name.partition(" ")
    order_number = "80" + "".join(str(secrets.randbelow(10)) for _ in range(14))

    def place(current: Store) -> tuple[Store, tuple[str, str]]:
        if current.frozen:
            return current.refuse_order(), ("frozen", "")
        product = current.product(product_id)
        if product is None or product.status != "online":
            return current, ("missing", "")
        if owner.member_id == buyer.member_id:
            return current, ("invalid", "You cannot place an order in your own store.")
        if product.stock == 0:
            return current, ("invalid", "This product is out of stock.")
        if not quantity_text.isdigit() or not 1 <= int(quantity_text) <= product.stock:
            return current, (
                "invalid",
                f"Please choose a quantity from 1 to {product.stock:,}.",
            )
        quantity = int(quantity_text)
        order = StoreOrder(
            number=order_number,
            date=_now()[:10],
            buyer=f"{first} {rest[:1]}.".strip() if rest else first,
            status="awaiting_payment",
            total=f"{Decimal(product.price) * quantity:.2f}",
            currency=product.currency,
        )
        return current.with_order(order, product_id, quantity), ("placed", order.number)

    outcome, detail = get_state().update_store(owner.member_id, place) or ("missing", "")
    if outcome == "frozen":
        return _frozen_refusal("buyer", store)
    if outcome == "missing":
        abort(404)
    if outcome == "invalid":
        page = render_template(
            "seller/shop.html",
            shop=store,
            products=[p for p in store.products if p.status == "online"],
            money=money,
            placed=None,
            errors={product_id: detail},
        )
        return page, 422
    return redirect(url_for("seller.shop", store_id=store_id, placed=detail), code=303)


# --- inspection API (tests only) ----------------------------------------------------------


@store_api.get("/stores/<path:login>")
def inspect_store(login: str) -> Response | tuple[Response, int]:
    """The recorded state of one account's store; status "none" when it has no store."""
    account = get_state().get(login)
    if account is None:
        return jsonify({"error": f"no account for {login!r}"}), 404
    if account.store is None:
        return jsonify(
            {
                "login": account.login_email,
                "store_id": None,
                "store_name": None,
                "status": "none",
                "applications": [],
                "submissions": 0,
                "counts": {},
                "blockers": [],
                "products_posted_after_freeze_refused": 0,
                "orders_placed_after_freeze_refused": 0,
            }
        )
    return jsonify(account.store.public_dict(account.login_email))
