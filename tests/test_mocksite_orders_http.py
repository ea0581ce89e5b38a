"""HTTP-level tests of the mock's Account pages: orders, disputes, wallet, coupons."""

from __future__ import annotations

import importlib.util
import json
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from automation.mocksite import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
SHOWING_RE = re.compile(r"Showing (\d+)\u2013(\d+) of ([\d,]+) orders")
PASSWORDS = {
    "demo.buyer@example.com": "demo-Passw0rd!",
    "second.buyer@example.com": "second-Passw0rd!",
    "orders.pending@example.com": "orders-Passw0rd!",
    "dispute.open@example.com": "dispute-Passw0rd!",
    "wallet.funds@example.com": "wallet-Passw0rd!",
    "coupons.unused@example.com": "coupons-Passw0rd!",
    "many.blockers@example.com": "many-Passw0rd!",
    "long.history@example.com": "long-Passw0rd!",
    "flaky.history@example.com": "flaky-Passw0rd!",
    "broken.history@example.com": "broken-Passw0rd!",
}
STATUS_LINKS = {
    "All orders": None,
    "Awaiting payment": "awaiting_payment",
    "Awaiting shipment": "awaiting_shipment",
    "Awaiting delivery": "awaiting_delivery",
    "Completed": "completed",
    "Closed": "closed",
}
ACCOUNT_PAGES = ("/orders", "/disputes", "/wallet", "/coupons")


# --- a small reader of the page semantics (headings, dl pairs, tables, navs, links) --------


@dataclass
class Article:
    """One ``<article>``: its heading, its dt → dd pairs in order, its table."""

    heading: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)
    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Link:
    """A link with the aria-label of the nav it sits in."""

    nav: str | None
    text: str
    href: str
    current: bool


class PageReader(HTMLParser):
    """Collects the h1, paragraphs, articles, dt → dd pairs outside articles and links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.h1 = ""
        self.paragraphs: list[str] = []
        self.articles: list[Article] = []
        self.pairs: list[tuple[str, str]] = []
        self.links: list[Link] = []
        self.nav_texts: dict[str, str] = {}
        self._navs: list[str | None] = []
        self._article: Article | None = None
        self._tag: str | None = None
        self._buffer = ""
        self._row: list[str] | None = None
        self._link: Link | None = None
        self._dt = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "nav":
            self._navs.append(attributes.get("aria-label"))
        elif tag == "article":
            self._article = Article()
        elif tag == "tr" and self._article is not None:
            self._row = []
        elif tag == "a":
            nav = self._navs[-1] if self._navs else None
            current = attributes.get("aria-current") == "page"
            self._link = Link(nav, "", attributes.get("href") or "", current)
        if tag in ("h1", "h2", "p", "dt", "dd", "th", "td", "caption", "a"):
            self._tag, self._buffer = tag, ""

    def handle_data(self, data: str) -> None:
        self._buffer += data
        if self._link is not None:
            self._link.text += data
        if self._navs and self._navs[-1]:
            label = self._navs[-1] or ""
            self.nav_texts[label] = self.nav_texts.get(label, "") + data

    def handle_endtag(self, tag: str) -> None:
        text = " ".join(self._buffer.split())
        article = self._article
        if tag == "nav":
            self._navs.pop()
        elif tag == "a" and self._link is not None:
            self._link.text = " ".join(self._link.text.split())
            self.links.append(self._link)
            self._link = None
        elif tag == "h1":
            self.h1 = text
        elif tag == "p":
            self.paragraphs.append(text)
        elif article is None and tag == "dt":
            self._dt = text
        elif article is None and tag == "dd":
            self.pairs.append((self._dt, text))
        elif article is not None:
            if tag == "h2":
                article.heading = text
            elif tag == "dt":
                self._dt = text
            elif tag == "dd":
                article.pairs.append((self._dt, text))
            elif tag == "caption":
                article.caption = text
            elif tag == "th":
                article.header.append(text)
            elif tag == "td" and self._row is not None:
                self._row.append(text)
            elif tag == "tr" and self._row:
                article.rows.append(self._row)
                self._row = None
            elif tag == "article":
                self.articles.append(article)
                self._article = None
        if tag == self._tag:
            self._tag = None

    def nav_links(self, label: str) -> dict[str, Link]:
        """Link text → link, for the links inside the nav labelled ``label``."""
        return {link.text: link for link in self.links if link.nav == label}

    def showing(self) -> tuple[int, int, int]:
        """(first, last, total) of the "Showing …" line."""
        lines = [p for p in self.paragraphs if p.startswith("Showing ")]
        assert len(lines) == 1, self.paragraphs
        match = SHOWING_RE.fullmatch(lines[0])
        if match is None:
            assert lines[0] == "Showing 0 of 0 orders"
            return 0, 0, 0
        first, last, total = match.groups()
        return int(first), int(last), int(total.replace(",", ""))


# --- fixtures ------------------------------------------------------------------------------


def sign_in(client: FlaskClient, login: str) -> FlaskClient:
    page = client.get("/login").get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match
    data = {"csrf_token": match.group(1), "login": login, "password": PASSWORDS[login]}
    assert client.post("/login", data=data).status_code == 303
    return client


def read(client: FlaskClient, path: str, status: int = 200) -> PageReader:
    response = client.get(path)
    assert response.status_code == status, path
    return PageReader(response.get_data(as_text=True))


def fixture_account(login: str) -> dict:
    data = json.loads((FIXTURES / "accounts.json").read_text(encoding="utf-8"))
    return next(a for a in data["accounts"] if a["login_email"] == login)


def all_orders(client: FlaskClient, query: str = "") -> tuple[list[Article], int]:
    """Every order article by following the Next links; also the number of pages read."""
    path: str | None = f"/orders{query}"
    articles: list[Article] = []
    pages = 0
    while path:
        page = read(client, path)
        pages += 1
        articles.extend(page.articles)
        following = page.nav_links("Pagination").get("Next")
        path = following.href if following else None
    return articles, pages


def order_fields(article: Article) -> dict[str, str]:
    return dict(article.pairs)


# --- My Orders -----------------------------------------------------------------------------


def test_orders_page_of_the_demo_buyer(client: FlaskClient) -> None:
    page = read(sign_in(client, "demo.buyer@example.com"), "/orders")
    assert page.h1 == "My Orders"
    assert page.showing() == (1, 3, 3)
    status = page.nav_links("Order status")
    assert list(status) == list(STATUS_LINKS)
    assert status["All orders"].href == "/orders" and status["All orders"].current
    assert status["Closed"].href == "/orders?status=closed" and not status["Closed"].current
    assert [a.heading for a in page.articles] == [
        "Order 8012345678901234",
        "Order 8012345678900876",
        "Order 8012345678900112",
    ]
    first = page.articles[0]
    assert first.pairs == [
        ("Order number", "8012345678901234"),
        ("Order date", "2026-03-02"),
        ("Store", "Ocean Home Store"),
        ("Status", "Completed"),
        ("Order total", "17.89 USD"),
    ]
    assert first.caption == "Items"
    assert first.header == ["Item", "Quantity", "Unit price"]
    assert first.rows == [
        ["Ceramic Coffee Mug", "2", "6.45 USD"],
        ["Bamboo Coasters, Set of 4", "1", "4.99 USD"],
    ]
    assert "Page 1 of 1" in page.nav_texts["Pagination"]
    assert not page.nav_links("Pagination")
    menu = page.nav_links("My AliExpress menu")
    assert menu["My Orders"].current and menu["My Orders"].href == "/orders"


def test_empty_order_history(client: FlaskClient) -> None:
    page = read(sign_in(client, "second.buyer@example.com"), "/orders")
    assert "Showing 0 of 0 orders" in page.paragraphs
    assert "You have no orders yet." in page.paragraphs
    assert page.articles == []
    assert client.get("/orders?page=2").status_code == 404


def test_status_filter(client: FlaskClient) -> None:
    sign_in(client, "orders.pending@example.com")
    assert read(client, "/orders").showing() == (1, 5, 5)
    for status, label in (("awaiting_shipment", "Awaiting shipment"), ("completed", "Completed")):
        page = read(client, f"/orders?status={status}")
        assert page.nav_links("Order status")[label].current
        assert not page.nav_links("Order status")["All orders"].current
        assert {order_fields(a)["Status"] for a in page.articles} == {label}
    unfinished = [
        order_fields(a)["Status"]
        for a in read(client, "/orders").articles
        if order_fields(a)["Status"] not in ("Completed", "Closed")
    ]
    assert sorted(unfinished) == ["Awaiting delivery", "Awaiting shipment"]
    empty = read(client, "/orders?status=awaiting_payment")
    assert "Showing 0 of 0 orders" in empty.paragraphs and empty.articles == []
    assert client.get("/orders?status=lost").status_code == 404


def test_pagination_links_and_past_the_end(client: FlaskClient) -> None:
    sign_in(client, "flaky.history@example.com")
    client.get("/orders?page=2")  # spend the injected fault
    first = read(client, "/orders")
    assert first.showing() == (1, 20, 45)
    links = first.nav_links("Pagination")
    assert "Previous" not in links and links["Next"].href == "/orders?page=2"
    assert "Page 1 of 3" in first.nav_texts["Pagination"]
    last = read(client, "/orders?page=3")
    assert last.showing() == (41, 45, 45) and len(last.articles) == 5
    links = last.nav_links("Pagination")
    assert "Next" not in links and links["Previous"].href == "/orders?page=2"
    assert "Page 3 of 3" in last.nav_texts["Pagination"]
    for bad in ("4", "0", "-1", "two"):
        assert client.get(f"/orders?page={bad}").status_code == 404


def test_pagination_keeps_the_status_filter(client: FlaskClient) -> None:
    sign_in(client, "long.history@example.com")
    page = read(client, "/orders?status=closed&page=2")
    links = page.nav_links("Pagination")
    assert parse_qs(urlsplit(links["Next"].href).query) == {"status": ["closed"], "page": ["3"]}
    assert parse_qs(urlsplit(links["Previous"].href).query) == {"status": ["closed"]}
    assert {order_fields(a)["Status"] for a in page.articles} == {"Closed"}


def test_long_history(client: FlaskClient) -> None:
    sign_in(client, "long.history@example.com")
    first = read(client, "/orders")
    assert first.showing() == (1, 20, 1050)
    assert "Showing 1\u201320 of 1,050 orders" in first.paragraphs
    assert "Page 1 of 53" in first.nav_texts["Pagination"]
    assert read(client, "/orders?page=53").showing() == (1041, 1050, 1050)
    assert client.get("/orders?page=54").status_code == 404

    articles, pages = all_orders(client)
    assert pages == 53 and len(articles) == 1050
    numbers = [order_fields(a)["Order number"] for a in articles]
    assert len(set(numbers)) == 1050 and all(re.fullmatch(r"\d{16}", n) for n in numbers)
    dates = [order_fields(a)["Order date"] for a in articles]
    assert dates == sorted(dates, reverse=True)
    currencies = set()
    for article in articles:
        fields = order_fields(article)
        assert fields["Status"] in ("Completed", "Closed")
        total, currency = fields["Order total"].split(" ")
        currencies.add(currency)
        assert 1 <= len(article.rows) <= 4
        items = Decimal(0)
        for _name, quantity, unit in article.rows:
            price, unit_currency = unit.split(" ")
            assert unit_currency == currency
            items += int(quantity) * Decimal(price)
        assert Decimal(total) == items, fields["Order number"]
    assert currencies == {"USD", "EUR", "GBP", "BRL"}
    stores = {order_fields(a)["Store"] for a in articles}
    assert {"Café Store", "Tienda Niño", "Магазин Плюс"} <= stores
    names = {row[0] for a in articles for row in a.rows}
    assert any("," in name for name in names | stores)
    assert any('"' in name for name in names | stores)


def test_long_history_generator_is_reproducible() -> None:
    spec = importlib.util.spec_from_file_location("gen", FIXTURES / "generate_long_history.py")
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    rng = random.Random(generator.SEED)
    for login, (count, newest, prefix) in generator.HISTORIES.items():
        built = generator.build_orders(rng, count, newest, prefix)
        assert built == fixture_account(login)["orders"], login
    data = json.loads((FIXTURES / "accounts.json").read_text(encoding="utf-8"))
    text = (FIXTURES / "accounts.json").read_text(encoding="utf-8")
    assert generator.dump_accounts(data) == text


# --- injected faults -----------------------------------------------------------------------


def test_flaky_page_fails_once_then_works_until_reset(client: FlaskClient) -> None:
    sign_in(client, "flaky.history@example.com")
    assert read(client, "/orders").showing() == (1, 20, 45)
    failed = read(client, "/orders?page=2", status=500)
    assert failed.h1 == "Something went wrong"
    assert "Please try again later." in failed.paragraphs
    assert read(client, "/orders?page=2").showing() == (21, 40, 45)
    assert read(client, "/orders?page=2").showing() == (21, 40, 45)
    assert client.post("/__mock__/reset").status_code == 200
    sign_in(client, "flaky.history@example.com")
    assert client.get("/orders?page=2").status_code == 500
    assert client.get("/orders?page=2").status_code == 200


def test_fault_is_only_on_the_all_orders_view(client: FlaskClient) -> None:
    sign_in(client, "flaky.history@example.com")
    assert client.get("/orders?status=completed&page=2").status_code == 200
    assert client.get("/orders?page=2").status_code == 500


def test_broken_page_always_fails(client: FlaskClient) -> None:
    sign_in(client, "broken.history@example.com")
    assert read(client, "/orders?page=2").showing() == (21, 40, 65)
    for _ in range(3):
        failed = read(client, "/orders?page=3", status=500)
        assert failed.h1 == "Something went wrong"
    assert read(client, "/orders?page=4").showing() == (61, 65, 65)


# --- disputes, wallet, coupons -------------------------------------------------------------


def test_disputes_page(client: FlaskClient) -> None:
    page = read(sign_in(client, "dispute.open@example.com"), "/disputes")
    assert page.h1 == "Refunds and Disputes"
    assert [a.heading for a in page.articles] == ["Dispute 5012345678", "Dispute 5012340021"]
    assert page.articles[0].pairs == [
        ("Order number", "8034567890123456"),
        ("Opened on", "2026-03-20"),
        ("Status", "Open"),
        ("Refund amount", "24.90 USD"),
        ("Reason", "Item not received"),
    ]
    assert order_fields(page.articles[1])["Status"] == "Closed"
    assert page.nav_links("My AliExpress menu")["Refunds and Disputes"].current


def test_wallet_page(client: FlaskClient) -> None:
    sign_in(client, "wallet.funds@example.com")
    page = read(client, "/wallet")
    assert page.h1 == "AliExpress Wallet"
    assert page.pairs == [("Available balance", "23.45 USD")]
    assert page.nav_links("My AliExpress menu")["AliExpress Wallet"].current


def test_coupons_page(client: FlaskClient) -> None:
    page = read(sign_in(client, "coupons.unused@example.com"), "/coupons")
    assert page.h1 == "My Coupons"
    assert [a.heading for a in page.articles] == ["US $3 off US $20", "US $5 off US $40"]
    assert page.articles[0].pairs == [
        ("Store", "AliExpress"),
        ("Expires on", "2027-06-30"),
        ("Status", "Unused"),
    ]
    assert order_fields(page.articles[1])["Status"] == "Expired"


def test_empty_account_pages(client: FlaskClient) -> None:
    sign_in(client, "second.buyer@example.com")
    assert "You have no refunds or disputes." in read(client, "/disputes").paragraphs
    assert "You have no coupons." in read(client, "/coupons").paragraphs
    assert read(client, "/wallet").pairs == [("Available balance", "0.00 USD")]


def test_many_blockers(client: FlaskClient) -> None:
    sign_in(client, "many.blockers@example.com")
    statuses = [order_fields(a)["Status"] for a in read(client, "/orders").articles]
    assert "Awaiting payment" in statuses and "Awaiting delivery" in statuses
    disputes = read(client, "/disputes").articles
    assert [order_fields(a)["Status"] for a in disputes] == ["Open"]
    assert read(client, "/wallet").pairs == [("Available balance", "5.10 EUR")]
    coupons = read(client, "/coupons").articles
    assert [order_fields(a)["Status"] for a in coupons] == ["Unused"]


def test_demo_buyer_has_no_blocker(client: FlaskClient) -> None:
    sign_in(client, "demo.buyer@example.com")
    articles, _ = all_orders(client)
    assert len(articles) == 3
    assert {order_fields(a)["Status"] for a in articles} <= {"Completed", "Closed"}
    disputes = read(client, "/disputes")
    assert all(order_fields(a)["Status"] != "Open" for a in disputes.articles)
    assert read(client, "/wallet").pairs == [("Available balance", "0.00 USD")]
    coupons = read(client, "/coupons").articles
    assert all(order_fields(a)["Status"] != "Unused" for a in coupons)


def test_dashboard_counts_and_menu(client: FlaskClient) -> None:
    sign_in(client, "coupons.unused@example.com")
    dashboard = client.get("/my-aliexpress").text
    assert re.search(r"Orders</span>: <span[^>]*>1<", dashboard)
    assert re.search(r"Coupons</span>: <span[^>]*>2<", dashboard)
    menu = PageReader(dashboard).nav_links("My AliExpress menu")
    for text, href in (
        ("My Orders", "/orders"),
        ("Refunds and Disputes", "/disputes"),
        ("AliExpress Wallet", "/wallet"),
        ("My Coupons", "/coupons"),
    ):
        assert menu[text].href == href
    assert dashboard.index(">Account</h2>") < dashboard.index(">Settings</h2>")
    sign_in(client, "long.history@example.com")
    assert re.search(r"Orders</span>: <span[^>]*>1,050<", client.get("/my-aliexpress").text)


@pytest.mark.parametrize("path", [*ACCOUNT_PAGES, "/orders?page=2"])
def test_account_pages_require_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": [path]}


def test_inspection_api_is_unchanged(client: FlaskClient) -> None:
    data = client.get("/__mock__/accounts/long.history@example.com").get_json()
    assert data["member_id"] == "us2851037010"
    assert not {"orders", "disputes", "wallet", "coupons", "faults"} & set(data)


def test_malformed_order_total_is_refused(tmp_path: Path) -> None:
    entry = fixture_account("demo.buyer@example.com")
    entry["orders"][0]["total"] = "1.00"
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps({"accounts": [entry]}), encoding="utf-8")
    with pytest.raises(ValueError, match="total"):
        create_app(path)
