"""The mock's word variants (reworded, numbered, stepwise): other words from the vocabulary
and other structures, the seeds' fixed words kept.

Flask test-client tests read the pages' words and markup; the browser tests at the end
operate the new widgets the way a person does, by role, label and visible text, through
Playwright directly.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import persona
from flask import Flask
from flask.testing import FlaskClient
from playwright.async_api import Page, expect

from automation.mocksite import create_app
from automation.mocksite.app import fixtures_dir
from automation.mocksite.variants import VARIANTS

WORD_VARIANTS = ("reworded", "numbered", "stepwise")
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
DEMO = "demo.buyer@example.com"
LONG = "long.history@example.com"
EMPTY = "second.buyer@example.com"
PHRASE = "Deactivate my account"
REWORDED_REASONS = [
    "I no longer use AliExpress",
    "Privacy concerns",
    "Negative experiences with the platform or sellers",
    "Switching to a different online marketplace",
    "Other",
]
FIXED_WORDS = ("Edit Member Profile", "Deactivate Account", "Confirm your account", PHRASE)


class _Text(HTMLParser):
    """The text a person sees: everything outside <script>, <style> and <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    """The page's visible text, whitespace collapsed."""
    reader = _Text()
    reader.feed(html)
    return re.sub(r"\s+", " ", " ".join(reader.parts)).strip()


def html(response) -> str:
    return response.get_data(as_text=True)


def main_of(page: str) -> str:
    """The HTML inside <main>."""
    found = re.search(r"<main\b.*?</main>", page, re.S)
    assert found, "no <main>"
    return found.group(0)


def token(client: FlaskClient, path: str) -> str:
    found = CSRF_RE.search(html(client.get(path)))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def use(client: FlaskClient, variant: str) -> FlaskClient:
    """Serve the whole site in ``variant`` for this app (until reset)."""
    assert client.post("/__mock__/variant", json={"variant": variant}).status_code == 200
    return client


def sign_in(client: FlaskClient, login: str, path: str = "/login") -> None:
    data = {"csrf_token": token(client, path), "login": login}
    data["password"] = persona(login)["password"]
    response = client.post(path, data=data)
    assert response.status_code in (200, 303), html(response)
    assert client.get(f"/__mock__/accounts/{login}").get_json()["sign_ins"] == 1


def state(client: FlaskClient, login: str) -> dict:
    return client.get(f"/__mock__/accounts/{login}").get_json()


def variant_api(client: FlaskClient) -> dict:
    return client.get("/__mock__/variant").get_json()


def cookie_answers(client: FlaskClient) -> tuple[int, int]:
    """(accepted, rejected) cookie banners, as the variant API counts them."""
    answers = variant_api(client)
    return answers["cookie_consents"], answers["cookie_rejections"]


def form_page(variant: str) -> str:
    """Where the variant's sign-in form is (an iframe's document in stepwise)."""
    return "/login/frame" if VARIANTS[variant].sign_in == "iframe" else "/login"


def _fixture_numbers(login: str, status: str | None = None) -> list[str]:
    orders = persona(login)["orders"]
    return [o["number"] for o in orders if status is None or o["status"] == status]


# --- every word variant ---------------------------------------------------------------------


@pytest.mark.parametrize("variant", WORD_VARIANTS)
def test_every_page_is_english_and_keeps_the_fixed_words(client: FlaskClient, variant: str):
    use(client, variant)
    assert "Forgot Password?" in visible(html(client.get(form_page(variant))))
    sign_in(client, DEMO, form_page(variant))
    for path in (
        "/",
        "/my-aliexpress",
        "/orders",
        "/disputes",
        "/wallet",
        "/coupons",
        "/member-profile",
        "/member-profile/deactivate",
        "/seller",
    ):
        page = html(client.get(path))
        assert page.startswith('<!doctype html>\n<html lang="en">'), path
    form = visible(html(client.get("/member-profile/deactivate")))
    for words in FIXED_WORDS:
        assert words in form
    assert "Type in the following words" in form
    assert "Exit service" in visible(html(client.get("/seller/store")))


@pytest.mark.parametrize("variant", WORD_VARIANTS)
def test_csrf_and_server_side_checks_are_unchanged(client: FlaskClient, variant: str):
    use(client, variant)
    sign_in(client, DEMO, form_page(variant))
    reason = "Privacy concerns"  # the same words in every variant
    forged = client.post(
        "/member-profile/deactivate",
        data={"confirm_account": DEMO, "phrase": PHRASE, "reason": reason},
    )
    assert forged.status_code == 400
    wrong = client.post(
        "/member-profile/deactivate",
        data={
            "csrf_token": token(client, "/member-profile/deactivate"),
            "confirm_account": DEMO,
            "phrase": "deactivate my account",
            "reason": reason,
        },
    )
    assert wrong.status_code == 422
    assert "Please type the words exactly as shown" in visible(html(wrong))
    assert state(client, DEMO)["status"] == "active"
    assert state(client, DEMO)["submissions"] == 1  # the forged POST never reached the form


def test_the_variants_are_listed_with_their_switches(client: FlaskClient):
    listed = variant_api(client)
    assert set(WORD_VARIANTS) <= set(listed["variants"])
    assert listed["cookie_consents"] == 0 and listed["cookie_rejections"] == 0
    reworded = listed["variants"]["reworded"]
    assert reworded["orders_paging"] == "load-more" and reworded["orders_total"] is False
    assert reworded["words"]["header.sign_in"] == "Log in"
    assert listed["variants"]["standard"]["words"] == {}


@pytest.mark.parametrize("variant", WORD_VARIANTS)
def test_chosen_by_every_mechanism(variant: str):
    served = create_app(variant=variant).test_client()  # `aliexit mock-site --variant NAME`
    assert f'data-cookie-banner="{VARIANTS[variant].cookie_banner}"' in html(served.get("/"))
    asked = create_app().test_client()
    asked.get(f"/?variant={variant}")  # remembered in a cookie
    assert asked.get_cookie("mock_variant").value == variant
    assert f'data-cookie-banner="{VARIANTS[variant].cookie_banner}"' in html(asked.get("/"))


def test_chosen_by_the_personas_site_variant(tmp_path: Path):
    demo = {**persona(DEMO), "site_variant": "reworded"}
    accounts = tmp_path / "accounts.json"
    accounts.write_text(json.dumps({"accounts": [demo]}), encoding="utf-8")
    client = create_app(accounts).test_client()
    assert ">Sign in</a>" in html(client.get("/"))  # signed out: the standard site
    sign_in(client, DEMO)
    assert "<strong>Account</strong>" in html(client.get("/"))


def test_other_languages_keep_their_own_words(client: FlaskClient):
    use(client, "reworded")
    page = visible(html(client.get("/?lang=es")))
    assert "Iniciar sesión" in page and "Log in" not in page


# --- reworded -------------------------------------------------------------------------------


def test_reworded_says_log_in_never_sign_in(client: FlaskClient):
    use(client, "reworded")
    home = html(client.get("/"))
    assert ">Log in</a>" in home and "Seller Centre" in visible(home)
    login = html(client.get("/login"))
    for page in (home, login, html(client.get("/forgot-password"))):
        assert "sign in" not in visible(page).lower()
    assert '<label for="login">Email or member ID</label>' in login
    assert 'value="Log in"' in login and "Forgot Password?" in visible(login)
    empty = client.post("/login", data={"csrf_token": token(client, "/login")})
    assert "Please enter your email or member ID." in visible(html(empty))
    sign_in(client, DEMO)
    header = re.search(r"<header.*?</header>", html(client.get("/")), re.S).group(0)
    assert "<strong>Account</strong>" in header and "My AliExpress" not in header
    assert "Log out" in visible(header)


def test_reworded_cookie_overlay_is_answered_either_way_and_counted(app: Flask):
    rejecting = use(app.test_client(), "reworded")
    page = html(rejecting.get("/"))
    assert 'class="cookie-overlay" data-cookie-banner="on-load">' in page  # shown at once
    assert ">Accept all</button>" in page and ">Reject optional cookies</button>" in page
    answer = rejecting.post(
        "/cookie-consent",
        data={"csrf_token": token(rejecting, "/"), "choice": "reject", "next": "/wallet"},
    )
    assert answer.status_code == 303 and answer.headers["Location"] == "/wallet"
    assert rejecting.get_cookie("cookie_consent").value == "rejected"
    assert "cookie-overlay" not in html(rejecting.get("/"))
    assert cookie_answers(rejecting) == (0, 1)

    accepting = app.test_client()
    accept = {"csrf_token": token(accepting, "/"), "choice": "accept"}
    accepting.post("/cookie-consent", data=accept)
    assert accepting.get_cookie("cookie_consent").value == "accepted"
    assert "cookie-overlay" not in html(accepting.get("/"))
    assert cookie_answers(accepting) == (1, 1)


def test_reworded_menu_is_a_plain_list_under_a_heading(client: FlaskClient):
    use(client, "reworded")
    sign_in(client, DEMO)
    main = main_of(html(client.get("/my-aliexpress")))
    menu = re.search(r'<div class="side-menu">.*?</div>', main, re.S).group(0)
    assert "<nav" not in main.split('<div class="account-main">')[0] and "aria-label" not in menu
    assert '<h2 class="side-menu-heading">Your account</h2>' in menu
    links = re.findall(r"<a [^>]*>([^<]+)</a>", menu)
    assert [unescape(link) for link in links] == [
        "Orders",
        "Returns & refunds",
        "My Wallet",
        "Coupons",
        "Edit Member Profile",
    ]
    assert "Orders:" not in visible(main)  # the dashboard states no order count either


def test_reworded_orders_are_cards_without_a_stated_total(client: FlaskClient):
    use(client, "reworded")
    sign_in(client, DEMO)
    page = visible(main_of(html(client.get("/orders"))))
    assert "Orders" in page and "My Orders" not in page
    first = page.index("Order No. 8012345678901234")
    card = page[first : page.index("Order No. 8012345678900876")]
    assert card == (
        "Order No. 8012345678901234 Finished Placed on 2026-03-02 Sold by Ocean Home Store "
        "Ceramic Coffee Mug US $6.45 x2 Bamboo Coasters, Set of 4 US $4.99 x1 Total: $17.89 "
    )
    assert "<table" not in main_of(html(client.get("/orders")))
    assert "Load more" not in page  # three orders: one batch


def test_reworded_load_more_returns_each_batch_then_none(client: FlaskClient):
    use(client, "reworded")
    sign_in(client, LONG)
    first = html(client.get("/orders"))
    text = visible(first)
    assert not re.search(r"1,?050|Showing|\d+ orders|Page \d", text), "a total is stated"
    shown = re.findall(r"Order No\. (\d{16})", text)
    assert len(shown) == 10
    button = re.search(r'<button [^>]*data-load-more="([^"]+)">Load more</button>', first)
    assert button, "no Load more button"
    url, batches = unescape(button.group(1)), 1
    while url:
        batch = client.get(url)
        assert batch.status_code == 200 and batch.is_json
        answer = batch.get_json()
        cards = re.findall(r"Order No\. (\d{16})", answer["html"])
        assert 1 <= len(cards) <= 10 and "<html" not in answer["html"]
        shown += cards
        url, batches = answer["next"], batches + 1
    assert batches == 105 and len(cards) == 10
    assert shown == _fixture_numbers(LONG)
    assert client.get("/orders/more?page=106").status_code == 404
    assert client.get("/orders/more?page=0").status_code == 404


def test_reworded_load_more_keeps_the_filter_and_the_faults(client: FlaskClient):
    use(client, "reworded")
    sign_in(client, LONG)
    first = html(client.get("/orders?status=closed"))
    assert "/orders/more?status=closed&amp;page=2" in first
    shown = re.findall(r"Order No\. (\d{16})", visible(first))
    url = "/orders/more?status=closed&page=2"
    while url:
        answer = client.get(url).get_json()
        shown += re.findall(r"Order No\. (\d{16})", answer["html"])
        url = answer["next"]
    assert shown == _fixture_numbers(LONG, "closed")
    assert {"Closed"} == set(re.findall(r'badge-closed">(\w+)<', first))

    broken = create_app().test_client()
    use(broken, "reworded")
    sign_in(broken, "broken.history@example.com")
    assert broken.get("/orders/more?page=2").status_code == 200
    for _ in range(2):  # page 3 of this history always fails, as a batch too
        failed = broken.get("/orders/more?page=3")
        assert failed.status_code == 500
        assert failed.get_json()["error"] == "Something went wrong. Please try again."
    flaky = create_app().test_client()
    use(flaky, "reworded")
    sign_in(flaky, "flaky.history@example.com")
    assert flaky.get("/orders/more?page=2").status_code == 500  # once…
    assert flaky.get("/orders/more?page=2").status_code == 200  # …then it works


def test_reworded_empty_and_status_words(client: FlaskClient, app: Flask):
    use(client, "reworded")
    sign_in(client, EMPTY)
    for path, words in (
        ("/orders", "No orders yet"),
        ("/disputes", "You have no disputes"),
        ("/coupons", "You don't have any coupons"),
    ):
        page = visible(main_of(html(client.get(path))))
        assert words in page, path
    assert "Load more" not in visible(html(client.get("/orders")))
    pending = app.test_client()
    sign_in(pending, "orders.pending@example.com")
    page = visible(main_of(html(pending.get("/orders"))))
    assert "To ship" in page and "Shipped" in page and "Awaiting" not in page


def test_reworded_disputes_wallet_and_coupons(app: Flask):
    use(app.test_client(), "reworded")
    disputes = app.test_client()
    sign_in(disputes, "dispute.open@example.com")
    page = visible(main_of(html(disputes.get("/disputes"))))
    assert page.startswith("Your account") and "Returns & refunds" in page
    assert "Awaiting seller response" in page and "Resolved" in page and "$24.90" in page
    wallet = app.test_client()
    sign_in(wallet, "wallet.funds@example.com")
    page = visible(main_of(html(wallet.get("/wallet"))))
    assert "My Wallet" in page and "Wallet balance $23.45" in page
    coupons = app.test_client()
    sign_in(coupons, "coupons.unused@example.com")
    page = visible(main_of(html(coupons.get("/coupons"))))
    assert "Coupons" in page and "Available" in page and "Expired" in page
    assert "Unused" not in page and "My Coupons" not in page


def test_reworded_deactivation_reasons_and_result(client: FlaskClient):
    use(client, "reworded")
    sign_in(client, DEMO)
    page = html(client.get("/member-profile/deactivate"))
    assert "<legend>Why are you leaving?</legend>" in page
    assert re.findall(r'<label for="reason-\d">([^<]+)</label>', page) == REWORDED_REASONS
    send = {
        "csrf_token": token(client, "/member-profile/deactivate"),
        "confirm_account": "us2851037001",
        "phrase": PHRASE,
    }
    not_offered = client.post(
        "/member-profile/deactivate", data={**send, "reason": "No longer using the platform"}
    )
    assert not_offered.status_code == 422
    assert "Please choose a reason." in visible(html(not_offered))
    done = client.post("/member-profile/deactivate", data={**send, "reason": REWORDED_REASONS[0]})
    assert done.status_code == 303
    recorded = state(client, DEMO)
    assert recorded["status"] == "deactivation_pending"
    assert recorded["deactivation_reason"] == "I no longer use AliExpress"
    result = visible(main_of(html(client.get(done.headers["Location"]))))
    assert "Your request has been submitted" in result
    assert "confirmation email" in result and "within 24 hours" in result
    profile = visible(main_of(html(client.get("/member-profile"))))
    assert "is already being processed" in profile and "Deactivate Account" not in profile


def test_reworded_seller_centre(client: FlaskClient):
    use(client, "reworded")
    sign_in(client, "seller.clean@example.com")
    home = html(client.get("/seller"))
    assert "Seller Center" not in visible(home)
    assert "<h1>Seller Centre</h1>" in home and '<h2 class="side-menu-heading">Shop</h2>' in home
    assert '<a href="/seller/store">Manage store</a>' in home
    store = html(client.get("/seller/store"))
    assert "<h1>Manage store</h1>" in store and ">Exit service</a>" in store
    assert "A self-check first shows" in visible(store)
    inspection = html(client.get("/seller/store/exit-service"))
    assert "<h1>Self-check</h1>" in inspection and "Self-inspection" not in visible(inspection)
    client.post(
        "/seller/store/exit-service",
        data={"csrf_token": token(client, "/seller/store/exit-service")},
    )
    form = html(client.get("/seller/store/exit-service/application"))
    assert '<label for="reason">Closing reason</label>' in form
    assert ">Submit</button>" in form and "Submit application" not in form
    filed = client.post(
        "/seller/store/exit-service/application",
        data={
            "csrf_token": token(client, "/seller/store/exit-service/application"),
            "reason": "Personal reasons",
            "statement": "We are closing the shop for good now.",
            "contact_email": "owner@example.com",
            "understood": "yes",
        },
    )
    assert filed.status_code == 303
    submitted = visible(main_of(html(client.get(filed.headers["Location"]))))
    assert "Store status: Suspended" in submitted and "Back to Manage store" in submitted
    assert client.get("/__mock__/stores/seller.clean@example.com").get_json()["status"] == "frozen"


# --- numbered -------------------------------------------------------------------------------

LANDMARKS = re.compile(
    r"<(header|footer|nav|aside)\b|<(section|form)\b(?![^>]*role=)[^>]*aria-label"
    r'|role="(banner|navigation|contentinfo|complementary|region|search|form)"'
)


def test_numbered_has_no_landmark_but_main(app: Flask):
    buyer = use(app.test_client(), "numbered")
    pages = [html(buyer.get(path)) for path in ("/", "/login")]
    sign_in(buyer, DEMO)
    pages += [
        html(buyer.get(path))
        for path in (
            "/",
            "/my-aliexpress",
            "/orders",
            "/disputes",
            "/wallet",
            "/coupons",
            "/member-profile",
            "/member-profile/deactivate",
        )
    ]
    seller = app.test_client()
    sign_in(seller, "seller.all@example.com")
    pages += [html(seller.get(path)) for path in ("/seller", "/seller/store", "/seller/products")]
    for page in pages:
        assert page.count("<main") == 1
        assert not LANDMARKS.search(page), LANDMARKS.search(page).group(0)
    assert '<h2 class="side-menu-heading">My account</h2>' in pages[3]  # /my-aliexpress


def test_numbered_words(client: FlaskClient):
    use(client, "numbered")
    home = html(client.get("/"))
    assert ">Sign In</a>" in home and ">Got it</button>" in home and ">Decline</button>" in home
    sign_in(client, EMPTY)
    assert "There is nothing to show here yet" in visible(html(client.get("/orders")))
    assert "Showing" not in visible(html(client.get("/orders")))


def test_numbered_orders_table_pages_by_number_only(client: FlaskClient):
    use(client, "numbered")
    sign_in(client, LONG)
    page = html(client.get("/orders"))
    main = main_of(page)
    assert main.count("<table") == 1
    assert "Showing 1-20 of 1,050" in visible(main) and "1,050 orders" not in visible(main)
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', main)
    assert headers == ["Order ID", "Date", "Seller", "Items", "Order total", "Currency", "Status"]
    assert main.count('<th scope="row">') == 20
    assert 'aria-current="page">1</span>' in main and '<a href="/orders">1</a>' not in main
    assert ">Next<" not in main and "Next page" not in main and ">Previous<" not in main
    numbers, url, seen = [], "/orders", []
    while url:
        main = main_of(html(client.get(url)))
        current = int(re.search(r'aria-current="page">(\d+)</span>', main).group(1))
        seen.append(current)
        numbers += re.findall(r'<th scope="row">(\d{16})</th>', main)
        following = re.search(rf'<a href="([^"]+)">{current + 1}</a>', main)
        url = unescape(following.group(1)) if following else None
    assert seen == list(range(1, 54))
    assert numbers == _fixture_numbers(LONG)
    assert "Showing 1041-1050 of 1,050" in visible(main)


def test_numbered_amounts_are_bare_with_the_currency_stated(app: Flask):
    use(app.test_client(), "numbered")
    demo = app.test_client()
    sign_in(demo, DEMO)
    orders = visible(main_of(html(demo.get("/orders"))))
    assert "All amounts in USD." in orders and orders.count("USD") == 1 and "$" not in orders
    assert "Ceramic Coffee Mug (2 \u00d7 6.45)" in orders and " 17.89 " in orders
    assert "Currency" not in orders  # one currency: no column for it
    wallet = visible(main_of(html(demo.get("/wallet"))))
    assert "Wallet Balance 0.00 All amounts in USD." in wallet
    home = visible(main_of(html(demo.get("/"))))
    assert "US $" not in home and "12.99" in home and "All amounts in USD." in home
    mixed = app.test_client()
    sign_in(mixed, "many.blockers@example.com")
    disputes = visible(main_of(html(mixed.get("/disputes"))))
    assert "All amounts in EUR." in disputes and "18.50" in disputes and "EUR 18.50" not in disputes
    lucia = app.test_client()
    sign_in(lucia, "lucia.es@example.com")
    table = main_of(html(lucia.get("/orders?lang=en")))
    assert "Amounts are in the currency given with each one." in visible(table)
    currencies = re.findall(r"<td>(USD|EUR)</td>", table)
    assert sorted(currencies) == ["EUR", "USD"]


# --- stepwise -------------------------------------------------------------------------------


def test_stepwise_sign_in_lives_in_an_iframe_that_moves_the_top_page(client: FlaskClient):
    use(client, "stepwise")
    top = html(client.get("/login?next=/orders"))
    frame_src = re.search(r'<iframe class="sign-in-frame" src="([^"]+)" title="Sign in">', top)
    assert frame_src and '<form method="post"' not in main_of(top)
    src = unescape(frame_src.group(1))
    assert src == "/login/frame?next=/orders"
    frame = html(client.get(src))
    assert frame.startswith('<!doctype html>\n<html lang="en">')
    assert '<form method="post" action="/login/frame"' in frame
    assert '<label for="login">Email address or member ID</label>' in frame
    assert 'target="_top">Forgot Password?</a>' in frame
    send = {"csrf_token": token(client, src), "login": DEMO, "next": "/orders"}
    refused = client.post("/login/frame", data={**send, "password": "wrong"})
    assert refused.status_code == 401 and 'role="alert">Your account name' in html(refused)
    assert client.post("/login/frame", data={"login": DEMO, "password": "x"}).status_code == 400
    done = client.post("/login/frame", data={**send, "password": persona(DEMO)["password"]})
    assert done.status_code == 200
    assert 'window.top.location.assign("/orders")' in html(done)
    assert '<a href="/orders" target="_top">' in html(done)
    assert client.get("/orders").status_code == 200  # signed in on the site itself
    assert state(client, DEMO)["sign_ins"] == 1


def test_stepwise_frame_sends_a_challenged_sign_in_on_to_its_check(client: FlaskClient):
    use(client, "stepwise")
    login = "slider.buyer@example.com"
    send = {"csrf_token": token(client, "/login/frame"), "login": login}
    done = client.post("/login/frame", data={**send, "password": persona(login)["password"]})
    target = re.search(r"window\.top\.location\.assign\(\"([^\"]+)\"\)", html(done)).group(1)
    check = client.get(target)
    assert check.status_code == 200 and "slide to verify" in html(check).lower()


def test_stepwise_menu_hides_the_profile_and_the_disputes(client: FlaskClient):
    use(client, "stepwise")
    sign_in(client, DEMO, "/login/frame")
    main = main_of(html(client.get("/my-aliexpress")))
    details = re.search(r"<details class=\"side-menu-group\">(.*?)</details>", main, re.S)
    assert details, "Account settings is not a closed <details>"
    assert "<summary>Account settings</summary>" in details.group(1)
    assert ">Edit Member Profile</a>" in details.group(1)
    button = re.search(
        r'<button type="button" class="menu-button" aria-expanded="false" '
        r'aria-controls="([\w-]+)"[^>]*>More</button>',
        main,
    )
    assert button
    hidden = re.search(rf'<ul [^>]*id="{button.group(1)}" hidden>(.*?)</ul>', main, re.S)
    assert hidden and ">Refunds and Disputes</a>" in hidden.group(1)
    profile = main_of(html(client.get("/member-profile")))
    assert '<details class="side-menu-group" open>' in profile  # its own group shows open


def test_stepwise_form_has_two_steps_a_shadow_root_and_aria_controls(client: FlaskClient):
    use(client, "stepwise")
    sign_in(client, DEMO, "/login/frame")
    form = html(client.get("/member-profile/deactivate"))
    shadow = re.search(
        r'<account-confirm>\s*<template shadowrootmode="open">(.*?)</template>(.*?)'
        r"</account-confirm>",
        form,
        re.S,
    )
    assert shadow, "the confirmation fields are not in an open shadow root"
    inside, light = shadow.groups()
    assert '<label for="confirm_account">Confirm your account</label>' in inside
    assert "Type in the following words: <strong>Deactivate my account</strong>" in inside
    assert "name=" not in inside  # only the light DOM's hidden inputs are submitted
    assert 'type="hidden" name="confirm_account"' in light
    assert 'type="hidden" name="phrase"' in light
    assert re.search(r'<button type="button" [^>]*data-step-next>Continue</button>', form)
    step_two = form[form.index("data-step-two") :]
    assert step_two.startswith('data-step-two tabindex="-1" hidden>')
    assert "<legend>Why are you deactivating your account?</legend>" in step_two
    assert re.search(
        r'<div class="btn btn-danger" role="button" tabindex="0" '
        r'aria-disabled="true"[^>]*>Deactivate my account</div>',
        step_two,
    )
    assert re.search(
        r'role="checkbox" tabindex="0" aria-checked="false"[^>]*>'
        r"Release my account at the same time</div>",
        step_two,
    )
    deactivation = re.search(r'<form [^>]*"/member-profile/deactivate".*?</form>', form, re.S)
    assert '<button type="submit"' not in deactivation.group(0)  # a role=button only


def test_stepwise_validates_everything_at_the_final_post(client: FlaskClient):
    use(client, "stepwise")
    sign_in(client, DEMO, "/login/frame")
    send = {"csrf_token": token(client, "/member-profile/deactivate"), "reason": "Other"}
    step_one_skipped = client.post("/member-profile/deactivate", data=send)
    assert step_one_skipped.status_code == 422
    page = html(step_one_skipped)
    assert "Please enter your member ID or email address." in page
    assert "Please type the words exactly as shown" in page
    assert 'data-step-two tabindex="-1">' in page  # both steps shown with the errors
    assert 'aria-disabled="false"' in page  # the chosen reason is kept
    typed = {"confirm_account": DEMO, "phrase": PHRASE}
    no_reason = client.post("/member-profile/deactivate", data={**send, **typed, "reason": ""})
    assert no_reason.status_code == 422 and "Please choose a reason." in html(no_reason)
    assert f'value="{DEMO}"' in html(no_reason)  # the shadow field keeps what was typed
    assert state(client, DEMO)["status"] == "active"
    done = client.post(
        "/member-profile/deactivate",
        data={
            **send,
            "reason": "Privacy concerns",
            "confirm_account": DEMO,
            "phrase": PHRASE,
            "release": "yes",
        },
    )
    assert done.status_code == 303
    recorded = state(client, DEMO)
    assert (recorded["status"], recorded["release_requested"]) == ("deactivation_pending", True)
    assert recorded["deactivation_reason"] == "Privacy concerns" and recorded["submissions"] == 3


def test_stepwise_orders_page_with_arrows_named_for_a_screen_reader(app: Flask):
    use(app.test_client(), "stepwise")
    long = app.test_client()
    sign_in(long, LONG, "/login/frame")
    first = main_of(html(long.get("/orders")))
    assert "1,050 orders" in visible(first)
    assert 'href="/orders?page=2" aria-label="Next page">&gt;</a>' in first
    assert "Previous page" not in first
    second = main_of(html(long.get("/orders?page=2")))
    assert 'href="/orders" aria-label="Previous page">&lt;</a>' in second
    one = app.test_client()
    sign_in(one, "wallet.funds@example.com", "/login/frame")
    assert "1 order" in visible(main_of(html(one.get("/orders"))))
    assert "1 orders" not in visible(main_of(html(one.get("/orders"))))
    empty = app.test_client()
    sign_in(empty, EMPTY, "/login/frame")
    assert "0 orders" in visible(main_of(html(empty.get("/orders"))))


def test_stepwise_cookie_overlay_comes_a_moment_after_load(client: FlaskClient):
    use(client, "stepwise")
    page = html(client.get("/"))
    assert 'class="cookie-overlay" data-cookie-banner="after-load" hidden>' in page
    assert ">Allow all</button>" in page and ">Reject all</button>" in page


def test_the_word_variants_script_draws_no_random_numbers():
    widgets = (fixtures_dir() / "site" / "static" / "widgets.js").read_text(encoding="utf-8")
    assert "Math.random" not in widgets


# --- in a real browser, the way a person does it ---------------------------------------------


async def _answer_cookies(page: Page, button: str) -> None:
    dialog = page.get_by_role("dialog", name="Cookie preferences")
    await expect(dialog).to_be_visible()
    await dialog.get_by_role("button", name=button, exact=True).click()
    await expect(dialog).to_be_hidden()


async def _sign_in(page: Page, login: str, *, link: str, label: str, button: str) -> None:
    await page.get_by_role("link", name=link, exact=True).click()
    await page.get_by_label(label).fill(login)
    await page.get_by_label("Password", exact=True).fill(persona(login)["password"])
    await page.get_by_role("button", name=button, exact=True).click()


async def test_overlay_blocks_clicks_until_answered(page: Page, mock_site):
    await page.goto(f"{mock_site.url}/?variant=reworded")
    dialog = page.get_by_role("dialog", name="Cookie preferences")
    await expect(dialog).to_be_visible()
    log_in = page.get_by_role("link", name="Log in", exact=True)
    box = await log_in.bounding_box()
    assert box is not None
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    covered = "([x, y]) => !document.elementFromPoint(x, y).closest('a')"
    assert await page.evaluate(covered, middle), "the overlay lets clicks through"
    await dialog.get_by_role("button", name="Reject optional cookies").click()
    await expect(dialog).to_be_hidden()
    assert not await page.evaluate(covered, middle)
    await log_in.click()
    await expect(page.get_by_label("Email or member ID")).to_be_visible()
    await page.reload()
    await expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    await expect(dialog).to_have_count(0)  # remembered
    answers = json.loads(await (await page.request.get(f"{mock_site.url}/__mock__/variant")).text())
    assert (answers["cookie_consents"], answers["cookie_rejections"]) == (0, 1)


async def test_load_more_appends_in_place_until_the_button_is_gone(page: Page, mock_site):
    await page.goto(f"{mock_site.url}/?variant=reworded")
    await _answer_cookies(page, "Accept all")
    await _sign_in(page, LONG, link="Log in", label="Email or member ID", button="Log in")
    await page.get_by_role("link", name="Account").click()
    await page.get_by_role("link", name="Orders", exact=True).click()
    await page.get_by_role("link", name="Closed", exact=True).click()
    cards = page.get_by_role("article")
    await expect(cards).to_have_count(10)
    await page.evaluate("window.stayed = true")  # lost if the page were navigated
    expected = _fixture_numbers(LONG, "closed")
    load_more = page.get_by_role("button", name="Load more")
    shown = 10
    while await load_more.count():
        await load_more.click()
        shown = min(shown + 10, len(expected))
        await expect(cards).to_have_count(shown)
    assert shown == len(expected) == 148
    assert await page.evaluate("window.stayed") is True
    await expect(page.get_by_role("status")).to_have_text("All orders are shown.")
    headings = await page.get_by_role("heading", level=2).all_inner_texts()
    assert [h.removeprefix("Order No. ") for h in headings if h.startswith("Order No.")] == expected


async def test_iframe_sign_in_signs_the_top_page_in(page: Page, mock_site):
    await page.goto(f"{mock_site.url}/?variant=stepwise")
    await _answer_cookies(page, "Allow all")  # a moment after load, over the whole page
    await page.goto(f"{mock_site.url}/orders")  # signed out: to the sign-in page and back
    frame = page.get_by_title("Sign in").content_frame
    await frame.get_by_label("Email address or member ID").fill(DEMO)
    await frame.get_by_label("Password", exact=True).fill(persona(DEMO)["password"])
    await frame.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="My Orders", level=1)).to_be_visible()
    assert page.url == f"{mock_site.url}/orders"
    await expect(page.get_by_role("link", name=re.compile("My AliExpress"))).to_be_visible()
    await expect(page.locator("iframe")).to_have_count(0)
    await expect(page.get_by_text("3 orders", exact=True)).to_be_visible()


async def test_stepwise_form_controls_work_by_role(page: Page, mock_site):
    await page.goto(f"{mock_site.url}/login?variant=stepwise")
    await _answer_cookies(page, "Reject all")
    frame = page.get_by_title("Sign in").content_frame
    await frame.get_by_label("Email address or member ID").fill(EMPTY)
    await frame.get_by_label("Password", exact=True).fill(persona(EMPTY)["password"])
    await frame.get_by_role("button", name="Sign in").click()
    await page.get_by_role("link", name=re.compile("My AliExpress")).click()

    more = page.get_by_role("button", name="More")
    await expect(more).to_have_attribute("aria-expanded", "false")
    await expect(page.get_by_role("link", name="Refunds and Disputes")).to_be_hidden()
    await more.click()
    await expect(more).to_have_attribute("aria-expanded", "true")
    await expect(page.get_by_role("link", name="Refunds and Disputes")).to_be_visible()
    profile = page.get_by_role("link", name="Edit Member Profile")
    await expect(profile).to_be_hidden()
    await page.get_by_text("Account settings", exact=True).click()  # the <details> summary
    await profile.click()
    await page.get_by_role("link", name="Deactivate Account").click()

    await page.get_by_label("Confirm your account").fill(EMPTY)  # inside the shadow root
    await page.get_by_label(re.compile("^Type in the following words")).fill(PHRASE)
    submit = page.get_by_role("button", name="Deactivate my account")
    await expect(submit).to_be_hidden()
    await page.get_by_role("button", name="Continue").click()
    await expect(submit).to_be_visible()
    await expect(submit).to_have_attribute("aria-disabled", "true")
    release = page.get_by_role("checkbox", name="Release my account at the same time")
    await expect(release).to_have_attribute("aria-checked", "false")
    await release.click()
    await expect(release).to_have_attribute("aria-checked", "true")
    await release.press("Space")
    await expect(release).to_have_attribute("aria-checked", "false")
    await release.press("Space")
    await expect(release).to_be_checked()
    await expect(submit).to_be_disabled()
    await submit.dispatch_event("click")  # a click on it while aria-disabled does nothing
    await page.get_by_role("radio", name="Privacy concerns").check()
    await expect(submit).to_have_attribute("aria-disabled", "false")
    await expect(submit).to_be_enabled()
    await submit.click()
    await expect(page.get_by_role("heading", name="Deactivation request received")).to_be_visible()
    recorded = mock_site.account(EMPTY)
    assert recorded["status"] == "deactivation_pending" and recorded["submissions"] == 1
    assert recorded["release_requested"] is True
    assert recorded["deactivation_reason"] == "Privacy concerns"


async def test_numbered_pages_are_walked_by_their_numbers(page: Page, mock_site):
    await page.goto(f"{mock_site.url}/?variant=numbered")
    await _answer_cookies(page, "Decline")
    await _sign_in(page, LONG, link="Sign In", label="Email address or member ID", button="Sign In")
    await page.get_by_role("link", name=re.compile("My AliExpress")).click()
    await page.get_by_role("link", name="My orders").click()
    await expect(page.get_by_text("Showing 1-20 of 1,050", exact=True)).to_be_visible()
    await page.get_by_role("link", name="2", exact=True).click()
    await expect(page.get_by_text("Showing 21-40 of 1,050", exact=True)).to_be_visible()
    current = page.locator('[aria-current="page"]').filter(has_text=re.compile(r"^\d+$"))
    await expect(current).to_have_text("2")
    await expect(page.get_by_role("link", name="2", exact=True)).to_have_count(0)
    await expect(page.get_by_role("table")).to_have_count(1)
    await expect(page.get_by_role("row")).to_have_count(21)
