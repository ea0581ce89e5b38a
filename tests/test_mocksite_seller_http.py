"""HTTP-level tests of the mock Seller Center: pages, exit service, freeze, state API."""

from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from automation.mocksite import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACCOUNTS = json.loads((FIXTURES / "accounts.json").read_text(encoding="utf-8"))["accounts"]
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORDS = {"second.buyer@example.com": "second-Passw0rd!"}
STATEMENT = "We are retiring the brand and moving our catalogue to our own shop."
CHECK_NAMES = (
    "Incomplete orders",
    "Unpaid fines and penalties",
    "Violations",
    "Returns and refunds",
    "Products and inventory",
    "Store funds",
)
COLUMNS = {
    "Incomplete orders": [
        "Order number",
        "Order date",
        "Buyer",
        "Status",
        "Order total",
        "Currency",
    ],
    "Unpaid fines and penalties": ["Penalty ID", "Date", "Reason", "Amount", "Currency", "Status"],
    "Violations": ["Case ID", "Date", "Type", "Product", "Status"],
    "Returns and refunds": ["Request ID", "Order number", "Type", "Amount", "Currency", "Status"],
    "Products and inventory": [
        "Product ID",
        "Title",
        "SKU",
        "Stock",
        "Price",
        "Currency",
        "Status",
    ],
}
REASONS = [
    "Business strategy change",
    "Insufficient sales",
    "Moving to another platform",
    "Personal reasons",
    "Other",
]
FROZEN_SENTENCE = (
    "Store functions are frozen: you can no longer publish products or receive new orders."
)
# What each persona's self-inspection states: the five counts, units in stock, funds amount and
# currency, and the blocker kinds (the same list the seller-flow helper's tests assert).
INSPECTION: dict[str, tuple[tuple[int, int, int, int, int], int, str, str, list[str]]] = {
    "demo.buyer@example.com": ((0, 0, 0, 0, 3), 0, "0.00", "USD", []),
    "seller.clean@example.com": ((0, 0, 0, 0, 3), 0, "0.00", "EUR", []),
    "seller.orders@example.com": ((3, 0, 0, 0, 2), 0, "0.00", "EUR", ["orders"]),
    "seller.fines@example.com": ((0, 2, 0, 0, 2), 0, "0.00", "GBP", ["fines"]),
    "seller.violations@example.com": ((0, 0, 2, 0, 2), 0, "0.00", "USD", ["violations"]),
    "seller.returns@example.com": ((0, 0, 0, 3, 2), 0, "0.00", "EUR", ["returns"]),
    "seller.inventory@example.com": ((0, 0, 0, 0, 4), 157, "0.00", "USD", ["inventory"]),
    "seller.funds@example.com": ((0, 0, 0, 0, 2), 0, "1,544.75", "EUR", ["funds"]),
    "seller.all@example.com": (
        (3, 1, 2, 1, 3),
        47,
        "2,575.60",
        "USD",
        ["orders", "fines", "violations", "returns", "inventory", "funds"],
    ),
}


# --- a small reader of page semantics -----------------------------------------------------


@dataclass
class Table:
    """A ``<table>``: caption, header cells, body rows."""

    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    """An ``<article>``: heading, dt → dd pairs, paragraphs, link texts."""

    heading: str = ""
    pairs: dict[str, str] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)


class Page(HTMLParser):
    """h1, h2s, paragraphs, dl pairs, tables, articles, links (by nav), buttons, labels, alerts."""

    def __init__(self, html: str, status: int) -> None:
        super().__init__()
        self.status = status
        self.html = html
        self.location: str | None = None
        self.h1 = ""
        self.h2: list[str] = []
        self.paragraphs: list[str] = []
        self.pairs: dict[str, str] = {}
        self.tables: list[Table] = []
        self.articles: list[Section] = []
        self.links: list[tuple[str | None, str, str]] = []
        self.buttons: list[str] = []
        self.labels: list[str] = []
        self.errors: dict[str, str] = {}
        self.options: list[str] = []
        self._navs: list[str | None] = []
        self._stack: list[tuple[str, dict[str, str | None]]] = []
        self._texts: list[str] = []
        self._article: Section | None = None
        self._table: Table | None = None
        self._row: list[str] | None = None
        self._dt = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("input", "br", "meta", "link"):
            return
        if tag == "nav":
            self._navs.append(attributes.get("aria-label"))
        elif tag == "article":
            self._article = Section()
        elif tag == "table":
            self._table = Table()
        elif tag == "tr":
            self._row = []
        self._stack.append((tag, attributes))
        self._texts.append("")

    def handle_data(self, data: str) -> None:
        self._texts = [text + data for text in self._texts]

    def handle_endtag(self, tag: str) -> None:
        if not self._stack or self._stack[-1][0] != tag:
            return
        _, attributes = self._stack.pop()
        text = " ".join(self._texts.pop().split())
        article, table = self._article, self._table
        if tag == "nav":
            self._navs.pop()
        elif tag == "h1":
            self.h1 = text
        elif tag == "h2":
            self.h2.append(text)
            if article is not None:
                article.heading = text
        elif tag == "p":
            self.paragraphs.append(text)
            if article is not None:
                article.paragraphs.append(text)
            if attributes.get("class") == "field-error":
                self.errors[(attributes.get("id") or "").removesuffix("-error")] = text
        elif tag == "dt":
            self._dt = text
        elif tag == "dd":
            (article.pairs if article is not None else self.pairs)[self._dt] = text
        elif tag == "a":
            self.links.append((self._navs[-1] if self._navs else None, text, attributes["href"]))
            if article is not None:
                article.links[text] = attributes.get("href") or ""
        elif tag == "button":
            self.buttons.append(text)
        elif tag == "label":
            self.labels.append(text)
        elif tag == "option":
            self.options.append(text)
        elif table is not None and tag == "caption":
            table.caption = text
        elif table is not None and tag == "th":
            table.header.append(text)
        elif self._row is not None and tag == "td":
            self._row.append(text)
        elif table is not None and tag == "tr":
            if self._row:
                table.rows.append(self._row)
            self._row = None
        elif tag == "table" and table is not None:
            self.tables.append(table)
            self._table = None
        elif tag == "article" and article is not None:
            self.articles.append(article)
            self._article = None

    def link(self, text: str, nav: str | None = None) -> str:
        """The href of the one link named ``text`` (inside the nav labelled ``nav``, if given)."""
        found = [href for where, name, href in self.links if name == text and nav in (None, where)]
        assert len(found) == 1, (text, self.links)
        return found[0]

    def nav_links(self, nav: str) -> list[str]:
        """The link texts inside the nav labelled ``nav``."""
        return [name for where, name, _ in self.links if where == nav]

    def article(self, heading: str) -> Section:
        """The one article headed ``heading``."""
        found = [a for a in self.articles if a.heading == heading]
        assert len(found) == 1, heading
        return found[0]

    def says(self, words: str) -> bool:
        """True if ``words`` is one of the page's paragraphs."""
        return words in self.paragraphs


# --- helpers -----------------------------------------------------------------------------


def persona(login: str) -> dict[str, Any]:
    """The fixture record of one persona."""
    return next(a for a in ACCOUNTS if a["login_email"] == login)


def get(client: FlaskClient, path: str, status: int = 200) -> Page:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return Page(response.get_data(as_text=True), response.status_code)


def token(client: FlaskClient, path: str = "/login") -> str:
    match = CSRF_RE.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post(client: FlaskClient, path: str, data: dict[str, str], *, form: str | None = None) -> Page:
    """POST ``data`` with the CSRF token of the form on ``form`` (default: ``path``)."""
    response = client.post(path, data={"csrf_token": token(client, form or path), **data})
    page = Page(response.get_data(as_text=True), response.status_code)
    page.location = response.headers.get("Location")
    return page


def sign_in(client: FlaskClient, login: str) -> FlaskClient:
    password = PASSWORDS.get(login) or persona(login)["password"]
    data = {"csrf_token": token(client), "login": login, "password": password}
    assert client.post("/login", data=data).status_code == 303
    return client


def store_state(client: FlaskClient, login: str) -> dict[str, Any]:
    response = client.get(f"/__mock__/stores/{login}")
    assert response.status_code == 200
    return response.get_json()


def start_application(client: FlaskClient) -> Page:
    """Self-inspection → "Continue to application"; the application form."""
    page = post(client, "/seller/store/exit-service", {})
    assert page.status == 303 and page.location == "/seller/store/exit-service/application"
    return get(client, page.location)


def apply(client: FlaskClient, **fields: str | None) -> Page:
    data = {
        "reason": "Business strategy change",
        "statement": STATEMENT,
        "contact_email": "owner@example.com",
        "understood": "yes",
    }
    data.update(fields)  # type: ignore[arg-type]
    sent = {key: value for key, value in data.items() if value is not None}
    # The token of the session (any of its pages): after a freeze the form page redirects.
    return post(client, "/seller/store/exit-service/application", sent, form="/seller/store")


def freeze(client: FlaskClient) -> Page:
    """File a valid application for the signed-in seller; the result page."""
    start_application(client)
    done = apply(client)
    assert done.status == 303, done.errors
    assert done.location
    return get(client, done.location)


def add_product(client: FlaskClient, **fields: str) -> Page:
    data = {
        "title": "Enamel Camping Mug 350 ml",
        "sku": "TST-MUG-350",
        "stock": "25",
        "price": "7.90",
        "currency": "USD",
    }
    data.update(fields)
    return post(client, "/seller/products", data)


def place_order(client: FlaskClient, store_id: str, product_id: str, quantity: str = "1") -> Page:
    data = {"product_id": product_id, "quantity": quantity}
    return post(client, f"/store/{store_id}/order", data, form=f"/store/{store_id}")


@pytest.fixture
def app() -> Flask:
    return create_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def buyer(app: Flask) -> FlaskClient:
    """A second browser: second.buyer, signed in."""
    return sign_in(app.test_client(), "second.buyer@example.com")


# --- header, sign-in, buyer without store --------------------------------------------------


def test_every_header_links_to_seller_center(client: FlaskClient) -> None:
    assert get(client, "/").link("Seller Center") == "/seller"
    assert get(client, "/login").link("Seller Center") == "/seller"
    answer = client.get("/seller")
    assert answer.status_code == 302 and answer.headers["Location"] == "/login?next=/seller"
    sign_in(client, "demo.buyer@example.com")
    for path in ("/my-aliexpress", "/member-profile", "/seller", "/seller/store"):
        assert get(client, path).link("Seller Center") == "/seller", path


def test_buyer_without_store(client: FlaskClient) -> None:
    sign_in(client, "second.buyer@example.com")
    home = get(client, "/seller")
    assert home.h1 == "Seller Center"
    assert home.says("You don't have a store yet.")
    assert home.link("Open a store") == "/seller/open-store"
    assert home.nav_links("Seller Center menu") == []
    assert get(client, "/seller/open-store").h1 == "Open a store"
    for path in ("/seller/store", "/seller/store/exit-service", "/seller/products"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"] == "/seller", path
    state = store_state(client, "second.buyer@example.com")
    assert state["status"] == "none" and state["store_id"] is None
    assert state["applications"] == [] and state["submissions"] == 0


# --- Seller Center pages -------------------------------------------------------------------


def test_seller_center_home_has_store_and_menu(client: FlaskClient) -> None:
    sign_in(client, "demo.buyer@example.com")
    home = get(client, "/seller")
    assert home.h1 == "Seller Center"
    assert "Maple Street Crafts" in home.paragraphs
    assert "Store" in home.h2
    assert home.nav_links("Seller Center menu") == [
        "Home",
        "Store Management",
        "Products",
        "Orders",
        "Finance",
    ]
    assert home.link("Store Management", nav="Seller Center menu") == "/seller/store"
    assert home.pairs["Store status"] == "Open"


def test_store_management_open(client: FlaskClient) -> None:
    sign_in(client, "seller.all@example.com")
    page = get(client, "/seller/store")
    assert page.h1 == "Store Management"
    assert page.pairs["Store name"] == "Morgan General Trading"
    assert page.pairs["Store ID"] == "1103363452"
    assert page.pairs["Store status"] == "Open"
    assert "Exit service" in page.h2
    assert page.link("Exit service") == "/seller/store/exit-service"


@pytest.mark.parametrize("login", sorted(INSPECTION))
def test_self_inspection_counts(client: FlaskClient, login: str) -> None:
    counts, units, amount, currency, blockers = INSPECTION[login]
    sign_in(client, login)
    page = get(client, "/seller/store/exit-service")
    assert page.h1 == "Self-inspection"
    assert [a.heading for a in page.articles] == list(CHECK_NAMES)
    stated = tuple(int(page.article(name).pairs["Count"]) for name in CHECK_NAMES[:5])
    assert stated == counts
    assert f"Units in stock: {units:,}" in page.article("Products and inventory").paragraphs
    funds = page.article("Store funds")
    assert (funds.pairs["Amount"], funds.pairs["Currency"]) == (amount, currency)
    assert "Count" not in funds.pairs
    assert all(a.links == {"View": a.links["View"]} for a in page.articles)
    assert page.buttons[-1] == "Continue to application"
    assert store_state(client, login)["blockers"] == blockers


def _outstanding(store: dict[str, Any], key: str, statuses: tuple[str, ...]) -> list[dict]:
    return [item for item in store.get(key, []) if item["status"] in statuses]


def _money(value: str) -> str:
    return f"{Decimal(value):,.2f}"


def expected_rows(login: str, check: str) -> list[list[str]]:
    """The rows an item page must show, built from the raw fixture (not from the mock's code)."""
    store = persona(login)["store"]
    labels = {
        "awaiting_payment": "Awaiting payment",
        "awaiting_shipment": "Awaiting shipment",
        "shipped": "Shipped",
        "unpaid": "Unpaid",
        "overdue": "Overdue",
        "open": "Open",
        "under_appeal": "Under appeal",
        "awaiting_seller": "Awaiting your response",
        "in_progress": "In progress",
        "false_transaction": "False transaction",
        "ip_infringement": "Intellectual property infringement",
        "return": "Return",
        "refund": "Refund",
        "online": "Online",
        "offline": "Offline",
    }
    if check == "Incomplete orders":
        items = _outstanding(store, "orders", ("awaiting_payment", "awaiting_shipment", "shipped"))
        return [
            [
                o["number"],
                o["date"],
                o["buyer"],
                labels[o["status"]],
                _money(o["total"]),
                o["currency"],
            ]
            for o in items
        ]
    if check == "Unpaid fines and penalties":
        items = _outstanding(store, "fines", ("unpaid", "overdue"))
        return [
            [
                *(f["penalty_id"], f["date"], f["reason"], _money(f["amount"]), f["currency"]),
                labels[f["status"]],
            ]
            for f in items
        ]
    if check == "Violations":
        items = _outstanding(store, "violations", ("open", "under_appeal"))
        return [
            [v["case_id"], v["date"], labels[v["type"]], v["product"], labels[v["status"]]]
            for v in items
        ]
    if check == "Returns and refunds":
        items = _outstanding(store, "returns", ("awaiting_seller", "in_progress"))
        return [
            [
                *(r["request_id"], r["order_number"], labels[r["type"]], _money(r["amount"])),
                *(r["currency"], labels[r["status"]]),
            ]
            for r in items
        ]
    return [
        [
            *(p["product_id"], p["title"], p["sku"], f"{p['stock']:,}", _money(p["price"])),
            *(p["currency"], labels[p["status"]]),
        ]
        for p in store["products"]
    ]


@pytest.mark.parametrize("login", ["seller.all@example.com", "seller.clean@example.com"])
def test_item_pages_list_exactly_the_counted_items(client: FlaskClient, login: str) -> None:
    sign_in(client, login)
    inspection = get(client, "/seller/store/exit-service")
    for name in CHECK_NAMES[:5]:
        page = get(client, inspection.article(name).links["View"])
        assert page.h1 == name
        assert page.link("Back to Self-inspection") == "/seller/store/exit-service"
        [table] = page.tables
        assert table.caption and table.header == COLUMNS[name]
        assert table.rows == expected_rows(login, name), name
        count = int(inspection.article(name).pairs["Count"])
        assert len(table.rows) == count
        assert page.says(f"{count} items")


def test_funds_page(client: FlaskClient) -> None:
    sign_in(client, "seller.funds@example.com")
    view = get(client, "/seller/store/exit-service").article("Store funds").links["View"]
    page = get(client, view)
    assert page.h1 == "Store funds"
    assert page.pairs == {
        "Available balance": "1,234.50",
        "Pending settlement": "310.25",
        "Currency": "EUR",
    }
    assert page.link("Back to Self-inspection") == "/seller/store/exit-service"
    assert get(client, "/seller/finance").pairs == page.pairs


def test_menu_pages_and_unknown_check(client: FlaskClient) -> None:
    sign_in(client, "seller.orders@example.com")
    orders = get(client, "/seller/orders")
    assert orders.h1 == "Orders" and len(orders.tables[0].rows) == 5
    products = get(client, "/seller/products")
    assert products.h1 == "Products" and len(products.tables[0].rows) == 2
    assert "Add product" in products.buttons
    assert {"Product title", "SKU", "Stock", "Price", "Currency"} <= set(products.labels)
    get(client, "/seller/store/exit-service/nothing", status=404)


# --- the application form ------------------------------------------------------------------


def test_application_needs_the_self_inspection_first(client: FlaskClient) -> None:
    sign_in(client, "seller.clean@example.com")
    answer = client.get("/seller/store/exit-service/application")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/seller/store/exit-service"
    form = start_application(client)
    assert form.h1 == "Exit service application"
    assert form.options == ["Select a reason", *REASONS]
    assert {"Reason for closing", "Closing statement", "Contact email"} <= set(form.labels)
    assert "I understand that once submitted, store functions will be frozen" in form.labels
    assert form.buttons[-1] == "Submit application"
    assert 'class="btn btn-danger btn-red">Submit application</button>' in form.html
    assert '<textarea id="statement" name="statement"' in form.html
    assert 'type="email" id="contact_email"' in form.html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"reason": None}, "reason", "Please choose a reason for closing."),
        ({"reason": "Bored"}, "reason", "Please choose a reason for closing."),
        ({"statement": None}, "statement", "Please write at least 20 characters."),
        (
            {"statement": "   Too short, sorry.   "},
            "statement",
            "Please write at least 20 characters.",
        ),
        ({"statement": "x" * 2001}, "statement", "Please write at most 2,000 characters."),
        ({"contact_email": "  "}, "contact_email", "Please enter a contact email."),
        (
            {"contact_email": "owner@example"},
            "contact_email",
            "Please enter a valid email address, such as name@example.com.",
        ),
        (
            {"understood": None},
            "understood",
            "Please confirm that you understand your store will be frozen.",
        ),
    ],
)
def test_application_errors(
    client: FlaskClient, fields: dict[str, str | None], field: str, message: str
) -> None:
    sign_in(client, "seller.clean@example.com")
    start_application(client)
    page = apply(client, **fields)
    assert page.status == 422
    assert page.errors == {field: message}
    assert 'aria-invalid="true"' in page.html
    if field != "statement":
        assert STATEMENT in page.html  # values kept
    if field != "contact_email":
        assert 'value="owner@example.com"' in page.html
    state = store_state(client, "seller.clean@example.com")
    assert state["status"] == "open" and state["submissions"] == 0


def test_forms_refuse_a_missing_or_wrong_csrf_token(client: FlaskClient) -> None:
    sign_in(client, "seller.clean@example.com")
    start_application(client)
    for path, data in [
        ("/seller/store/exit-service", {}),
        ("/seller/store/exit-service/application", {"statement": STATEMENT}),
        ("/seller/products", {"title": "x"}),
        ("/store/1103291408/order", {"product_id": "1005006523310041"}),
    ]:
        for sent in ({}, {"csrf_token": "forged"}):
            answer = client.post(path, data={**data, **sent})
            assert answer.status_code == 400, path
            assert "Your session has expired" in answer.get_data(as_text=True)
    state = store_state(client, "seller.clean@example.com")
    assert state["status"] == "open" and state["products_posted"] == 0


def test_submission_freezes_the_store(client: FlaskClient) -> None:
    sign_in(client, "seller.all@example.com")
    result = freeze(client)
    assert result.h1 == "Application submitted"
    assert result.says("Store status: Frozen")
    state = store_state(client, "seller.all@example.com")
    [application] = state["applications"]
    assert result.says(f"Application date: {application['submitted_at'][:10]}")
    assert result.says(FROZEN_SENTENCE)
    assert state["status"] == "frozen" and state["submissions"] == 1
    assert application["reason"] == "Business strategy change"
    assert application["statement"] == STATEMENT
    assert application["contact_email"] == "owner@example.com"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", application["submitted_at"])

    management = get(client, "/seller/store")
    assert management.pairs["Store status"] == "Frozen"
    date = application["submitted_at"][:10]
    assert management.says(f"Your exit service application was submitted on {date}.")
    assert all(name != "Exit service" for _, name, _ in management.links)
    answer = client.get("/seller/store/exit-service")
    assert answer.status_code == 303 and answer.headers["Location"] == "/seller/store"
    again = apply(client)
    assert again.status == 409 and again.h1 == "Store Management"
    assert store_state(client, "seller.all@example.com")["submissions"] == 1


def test_freeze_refuses_a_new_product(client: FlaskClient) -> None:
    sign_in(client, "seller.clean@example.com")
    added = add_product(client, currency="EUR")
    assert added.status == 303
    assert added.location
    listed = get(client, added.location)
    assert listed.tables[0].rows[-1][2:6] == ["TST-MUG-350", "25", "7.90", "EUR"]
    freeze(client)
    refused = add_product(client, sku="TST-MUG-351")
    assert refused.status == 403
    assert refused.h1 == "This store is frozen"
    state = store_state(client, "seller.clean@example.com")
    assert state["products_posted"] == 1
    assert state["products_posted_after_freeze_refused"] == 1
    assert state["counts"]["products"] == 4


def test_freeze_refuses_a_new_order(client: FlaskClient, buyer: FlaskClient) -> None:
    sign_in(client, "seller.inventory@example.com")
    shop = get(buyer, "/store/1103347719")
    assert shop.h1 == "Petrov Tool Depot" and shop.buttons.count("Place order") == 3
    placed = place_order(buyer, "1103347719", "1005007078805672", "4")
    assert placed.status == 303
    assert placed.location
    assert "has been placed" in get(buyer, placed.location).html
    counts = store_state(client, "seller.inventory@example.com")["counts"]
    assert (counts["orders"], counts["units_in_stock"]) == (1, 153)
    orders = get(client, "/seller/store/exit-service/orders")
    assert orders.tables[0].rows[0][2:] == ["Sam S.", "Awaiting payment", "59.60", "USD"]

    freeze(client)
    refused = place_order(buyer, "1103347719", "1005007078805672", "1")
    assert refused.status == 403 and refused.h1 == "This store is frozen"
    assert (
        "This store is frozen and is not taking new orders." in get(buyer, "/store/1103347719").html
    )
    state = store_state(client, "seller.inventory@example.com")
    assert state["orders_placed"] == 1 and state["orders_placed_after_freeze_refused"] == 1
    assert state["counts"]["units_in_stock"] == 153


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": " "}, "title", "Please enter a product title."),
        ({"sku": "a b"}, "sku", "Please enter a SKU of 3 to 40 letters, digits and dashes."),
        ({"sku": "NNH-OAK-BRD-L"}, "sku", "Another product of your store already uses this SKU."),
        ({"stock": "-1"}, "stock", "Please enter a whole number of units from 0 to 99,999."),
        ({"stock": "2.5"}, "stock", "Please enter a whole number of units from 0 to 99,999."),
        ({"price": "0"}, "price", "Please enter a price above 0, such as 12.90."),
        ({"price": "12.999"}, "price", "Please enter a price above 0, such as 12.90."),
        ({"price": "NaN"}, "price", "Please enter a price above 0, such as 12.90."),
        ({"currency": "BRL"}, "currency", "Please choose a currency."),
    ],
)
def test_add_product_errors(
    client: FlaskClient, fields: dict[str, str], field: str, message: str
) -> None:
    sign_in(client, "seller.clean@example.com")
    page = add_product(client, **fields)
    assert page.status == 422 and page.errors == {field: message}
    assert store_state(client, "seller.clean@example.com")["products_posted"] == 0


@pytest.mark.parametrize(
    ("login", "product_id", "quantity", "status", "message"),
    [
        ("seller.inventory@example.com", "1005007078805671", "1", 422, "own store"),
        ("second.buyer@example.com", "1005007078805671", "13", 422, "from 1 to 12."),
        ("second.buyer@example.com", "1005007078805671", "0", 422, "from 1 to 12."),
        ("second.buyer@example.com", "1005007078805673", "x", 422, "from 1 to 5."),
        ("second.buyer@example.com", "1005007078805674", "1", 404, "could not find"),
        ("second.buyer@example.com", "1005000000000000", "1", 404, "could not find"),
    ],
)
def test_place_order_errors(
    client: FlaskClient, login: str, product_id: str, quantity: str, status: int, message: str
) -> None:
    sign_in(client, login)
    page = place_order(client, "1103347719", product_id, quantity)
    assert page.status == status and message in page.html
    assert store_state(client, "seller.inventory@example.com")["orders_placed"] == 0


def test_out_of_stock_and_signed_out_orders(client: FlaskClient) -> None:
    page = place_order(client, "1103291408", "1005006523310041")
    assert page.status == 302 and page.location == "/login?next=/store/1103291408"
    sign_in(client, "second.buyer@example.com")
    page = place_order(client, "1103291408", "1005006523310041")
    assert page.status == 422 and page.errors == {
        "quantity-1005006523310041": "This product is out of stock."
    }
    get(client, "/store/0000000000", status=404)


def test_already_frozen_persona(client: FlaskClient) -> None:
    sign_in(client, "seller.frozen@example.com")
    page = get(client, "/seller/store")
    assert page.pairs["Store status"] == "Frozen"
    assert page.says("Your exit service application was submitted on 2026-10-05.")
    assert all(name != "Exit service" for _, name, _ in page.links)
    state = store_state(client, "seller.frozen@example.com")
    assert state["status"] == "frozen" and state["submissions"] == 0
    assert len(state["applications"]) == 1
    assert add_product(client).status == 403
    assert store_state(client, "seller.frozen@example.com")["products_posted_after_freeze_refused"]


# --- state API and reset -------------------------------------------------------------------


def test_stores_api_contract(client: FlaskClient) -> None:
    state = store_state(client, "us2851037047")
    assert state["login"] == "seller.all@example.com"
    assert state["store_name"] == "Morgan General Trading" and state["status"] == "open"
    for key in ("store_id", "applications", "submissions", "counts"):
        assert key in state
    assert state["counts"]["funds_total"] == "2575.60"
    missing = client.get("/__mock__/stores/nobody@example.com")
    assert missing.status_code == 404 and "error" in missing.get_json()


def test_reset_restores_stores(client: FlaskClient, buyer: FlaskClient) -> None:
    sign_in(client, "seller.inventory@example.com")
    before = store_state(client, "seller.inventory@example.com")
    assert place_order(buyer, "1103347719", "1005007078805671").status == 303
    add_product(client)
    freeze(client)
    assert store_state(client, "seller.inventory@example.com")["status"] == "frozen"
    assert client.post("/__mock__/reset").status_code == 200
    assert store_state(client, "seller.inventory@example.com") == before


def test_live_server_stores_api(mock_site: Any) -> None:
    with urllib.request.urlopen(f"{mock_site.url}/__mock__/stores/seller.fines@example.com") as r:
        state = json.load(r)
    assert state["status"] == "open" and state["blockers"] == ["fines"]
    with urllib.request.urlopen(f"{mock_site.url}/seller/store/exit-service") as r:
        assert r.url.endswith("/login?next=/seller/store/exit-service")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"status": "frozen"}, "needs the application"),
        ({"store_id": "12"}, "'store_id' is malformed"),
        ({"products": [{"sku": "bad sku"}]}, "store:"),
    ],
)
def test_malformed_store_fixture_is_refused(tmp_path: Path, change: dict, words: str) -> None:
    entry = json.loads(json.dumps(persona("seller.clean@example.com")))
    entry["store"].update(change)
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps({"accounts": [entry]}), encoding="utf-8")
    with pytest.raises(ValueError, match=words):
        create_app(path)
