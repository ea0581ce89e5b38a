"""HTTP-level tests of the mock's privacy portal (Flask test client, no browser).

The buyer side is used at ``http://localhost`` (the test client's default host), so the
portal answers at ``http://127.0.0.1``: the other loopback host name of the same app.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import time
from decimal import Decimal
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from werkzeug.test import TestResponse

from automation.mocksite import create_app
from automation.mocksite.portal_state import configure

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = json.loads((ROOT / "fixtures" / "accounts.json").read_text(encoding="utf-8"))
BUYER = "http://localhost"
PORTAL = "http://127.0.0.1"
DEMO = "demo.buyer@example.com"
PORTAL_EN = "portal.en@example.com"
PENDING = "portal.pending@example.com"
PORTAL_ONLY = [f"portal.{lang}@example.com" for lang in ("en", "es", "fr", "ru", "pt")]
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]*)"')
XLSX_LINK = re.compile(r'<a class="btn btn-primary" href="([^"]+\.xlsx)" download>([^<]+)</a>')
AGREE_ERROR = "Please type agree exactly as shown to confirm the deletion."
SIGNED_OUT = "You are not signed in to the Privacy Center."
HOW_TO_OPEN = "To use it, open it from Privacy settings in My AliExpress."
ALREADY = "Your account deletion request is already being processed."
COLUMNS = [
    "Order number",
    "Order date",
    "Store",
    "Status",
    "Item",
    "Quantity",
    "Unit price",
    "Order total",
    "Currency",
]
STATUS_WORDS = {"completed": "Completed", "closed": "Closed"}


def persona(login: str) -> dict:
    return next(a for a in FIXTURES["accounts"] if a["login_email"] == login)


def words(lang: str, portal: bool = False) -> dict[str, str]:
    """What the mock says in ``lang`` (its own data, the source the tests compare with)."""
    folder = ROOT / "fixtures" / "site" / "locales" / ("portal" if portal else "")
    return json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))


def text(response: TestResponse) -> str:
    return unescape(response.get_data(as_text=True))


def visible(response: TestResponse) -> str:
    """The page's text without tags, spaces collapsed (what a person reads)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def token(response: TestResponse) -> str:
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, "no csrf token on the page"
    return match.group(1)


def account(client: FlaskClient, login: str) -> dict:
    return client.get(f"/__mock__/accounts/{login}").get_json()


def sign_in(client: FlaskClient, login: str, base: str = BUYER) -> None:
    """Sign in on the buyer side at ``base``."""
    form = client.get("/login", base_url=base)
    data = {"csrf_token": token(form), "login": login, "password": persona(login)["password"]}
    assert client.post("/login", data=data, base_url=base).status_code == 303


def ticket_url(client: FlaskClient, base: str = BUYER) -> str:
    """Where the buyer side's "Privacy settings" sends a signed-in buyer."""
    answer = client.get("/privacy-settings", base_url=base)
    assert answer.status_code == 303
    return answer.headers["Location"]


def open_portal(client: FlaskClient, login: str) -> FlaskClient:
    """Sign in on the buyer side and follow "Privacy settings" into the portal."""
    sign_in(client, login)
    answer = client.get(ticket_url(client))
    assert answer.status_code == 303 and answer.headers["Location"] == "/home"
    return client


def portal_get(client: FlaskClient, path: str) -> TestResponse:
    return client.get(path, base_url=PORTAL)


def delete(client: FlaskClient, typed: str | None, csrf: str | None = None) -> TestResponse:
    """POST the deletion dialog's form with ``typed`` in its box."""
    if csrf is None:
        csrf = token(portal_get(client, "/request/delete"))
    data = {"csrf_token": csrf} if typed is None else {"csrf_token": csrf, "confirmation": typed}
    return client.post("/request/delete", data=data, base_url=PORTAL)


def portal_session_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie("privacy_session", domain="127.0.0.1")
    return cookie.value if cookie is not None else None


@pytest.fixture
def app() -> Flask:
    app = create_app()
    configure(app, copy_delay_s=0.2)
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser (no ``with``: two clients' preserved request contexts would clash)."""
    return app.test_client()


@pytest.fixture
def stranger(app: Flask) -> FlaskClient:
    """A second browser, with cookies of its own."""
    return app.test_client()


# --- the hand-off --------------------------------------------------------------------------


def test_privacy_settings_link_hands_over_to_the_other_host(client: FlaskClient) -> None:
    sign_in(client, PORTAL_EN)
    dashboard = text(client.get("/my-aliexpress"))
    assert '<a href="/privacy-settings">Privacy settings</a>' in dashboard
    where = urlsplit(ticket_url(client))
    assert (where.scheme, where.netloc, where.path) == ("http", "127.0.0.1", "/handoff")
    assert set(parse_qs(where.query)) == {"ticket"}
    answer = client.get(f"{PORTAL}/handoff?{where.query}")
    assert answer.status_code == 303 and answer.headers["Location"] == "/home"
    cookie = client.get_cookie("privacy_session", domain="127.0.0.1")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert cookie.domain == "127.0.0.1" and cookie.origin_only  # host-only, no Domain=
    assert client.get_cookie("privacy_session", domain="localhost") is None
    home = portal_get(client, "/home")
    assert home.status_code == 200 and '<html lang="en">' in text(home)
    page = visible(home)
    assert "Your privacy" in page and "Signed in as p***@example.com" in page
    assert ">Delete account</a>" in text(home) and ">Download your data</a>" in text(home)
    assert 'href="http://localhost/my-aliexpress">Back to AliExpress</a>' in text(home)


@pytest.mark.parametrize(
    ("buyer", "portal"),
    [("http://127.0.0.1:8123", "localhost:8123"), ("http://localhost:8123", "127.0.0.1:8123")],
)
def test_the_portal_is_the_other_loopback_name_on_the_same_port(
    client: FlaskClient, buyer: str, portal: str
) -> None:
    sign_in(client, DEMO, base=buyer)
    assert urlsplit(ticket_url(client, base=buyer)).netloc == portal


def test_signed_out_privacy_settings_asks_to_sign_in_first(client: FlaskClient) -> None:
    answer = client.get("/privacy-settings")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/login?next=/privacy-settings"


def _tampered(url: str) -> str:
    """The ticket of ``url`` with its payload naming another account, MAC unchanged."""
    ticket = parse_qs(urlsplit(url).query)["ticket"][0]
    payload, mac = ticket.split(".")
    raw = json.loads(_unb64(payload))
    raw["m"] = "us2851037002"
    forged = _b64(json.dumps(raw, separators=(",", ":")).encode())
    return f"{PORTAL}/handoff?ticket={forged}.{mac}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.mark.parametrize(
    ("case", "sentence"),
    [
        ("missing", "This link has no sign-in ticket."),
        ("empty", "This link has no sign-in ticket."),
        ("tampered", "This link is not valid."),
        ("truncated", "This link is not valid."),
        ("other host", "This link is not valid."),
        ("expired", "This link has expired."),
        ("reused", "This link has already been used."),
    ],
)
def test_a_bad_ticket_is_refused_and_signs_nobody_in(
    client: FlaskClient, stranger: FlaskClient, case: str, sentence: str
) -> None:
    if case == "expired":
        assert client.post("/__mock__/portal", json={"ticket_ttl_s": 0}).status_code == 200
    sign_in(client, PORTAL_EN)
    url = ticket_url(client)
    attempt = {
        "missing": f"{PORTAL}/handoff",
        "empty": f"{PORTAL}/handoff?ticket=",
        "tampered": _tampered(url),
        "truncated": url[:-3],
        "other host": url.replace(PORTAL, BUYER),
        "expired": url,
        "reused": url,
    }[case]
    if case == "reused":
        assert client.get(url).status_code == 303  # its first use signs the buyer in
    answer = stranger.get(attempt)
    assert answer.status_code == 403
    page = visible(answer)
    assert "We could not open the Privacy Center" in page
    assert sentence in page and HOW_TO_OPEN in page
    assert "privacy_session" not in answer.headers.get("Set-Cookie", "")
    assert stranger.get_cookie("privacy_session", domain="127.0.0.1") is None
    assert stranger.get_cookie("privacy_session", domain="localhost") is None
    assert portal_get(stranger, "/home").status_code == 403


def test_reset_invalidates_tickets_and_drops_portal_sessions(
    client: FlaskClient, stranger: FlaskClient
) -> None:
    open_portal(client, PORTAL_EN)
    unused = ticket_url(client)
    assert client.post("/__mock__/reset").get_json() == {"ok": True}
    assert portal_get(client, "/home").status_code == 403
    assert stranger.get(unused).status_code == 403


def test_a_visit_without_a_portal_session_says_where_to_open_it(client: FlaskClient) -> None:
    for path in ("/home", "/request/delete", "/request/delete/submitted", "/request/download"):
        answer = portal_get(client, path)
        assert answer.status_code == 403, path
        assert SIGNED_OUT in visible(answer) and HOW_TO_OPEN in visible(answer)
        assert 'type="password"' not in text(answer)


def test_the_buyer_session_is_worthless_on_the_portal(client: FlaskClient) -> None:
    sign_in(client, PORTAL_EN)
    buyer_cookie = client.get_cookie("aliexpress_session", domain="localhost")
    assert buyer_cookie is not None
    client.set_cookie("aliexpress_session", buyer_cookie.value, domain="127.0.0.1")
    for path in ("/home", "/request/delete", "/request/download"):
        answer = portal_get(client, path)
        assert answer.status_code == 403 and SIGNED_OUT in visible(answer), path
    buyer_csrf = token(client.get("/member-profile"))  # the buyer session's own token
    form = {"csrf_token": buyer_csrf, "confirmation": "agree"}
    refused = client.post("/request/delete", data=form, base_url=PORTAL)
    assert refused.status_code == 403 and SIGNED_OUT in visible(refused)
    assert account(client, PORTAL_EN)["status"] == "active"


def test_the_portal_session_is_worthless_on_the_buyer_host(
    client: FlaskClient, stranger: FlaskClient
) -> None:
    open_portal(client, PORTAL_EN)
    sid = portal_session_cookie(client)
    assert sid is not None
    stranger.set_cookie("privacy_session", sid, domain="localhost")
    assert stranger.get("/home", base_url=BUYER).status_code == 403  # bound to its host
    signed_out = stranger.get("/my-aliexpress", base_url=BUYER)
    assert signed_out.status_code == 302 and signed_out.headers["Location"].startswith("/login")
    stranger.set_cookie("privacy_session", sid, domain="127.0.0.1")
    assert portal_get(stranger, "/home").status_code == 200  # the portal host: it works


# --- Delete account ------------------------------------------------------------------------


def test_the_deletion_page_explains_and_offers_the_red_button(client: FlaskClient) -> None:
    open_portal(client, PORTAL_EN)
    page = portal_get(client, "/request/delete")
    html = text(page)
    assert page.status_code == 200 and 'type="password"' not in html
    assert "Deleting your account is final" in html
    assert "Unlike deactivation, which keeps your data" in html
    red = r'<button type="submit" class="btn btn-red"[^>]*>Delete my account</button>'
    assert re.search(red, html)
    dialog = re.search(r"<dialog[^>]*>.*?</dialog>", html, re.S)
    assert dialog and 'aria-labelledby="delete-dialog-title"' in dialog.group(0)
    assert "<dialog" in html and " open" not in dialog.group(0).split(">")[0]
    inside = dialog.group(0)
    assert '<label for="confirmation">Type <strong>agree</strong> to confirm</label>' in inside
    assert '<button type="submit" class="btn btn-red">Delete</button>' in inside
    assert ">Cancel</button>" in inside and 'formmethod="dialog"' in inside
    without_script = portal_get(client, "/request/delete?confirm=1")
    assert "open data-show" in text(without_script)  # the dialog opens without JavaScript too


def test_agree_exactly_submits_the_deletion_once(client: FlaskClient) -> None:
    open_portal(client, PORTAL_EN)
    before = account(client, PORTAL_EN)
    assert (before["status"], before["portal_submissions"], before["submissions"]) == (
        "active",
        0,
        0,
    )
    csrf = token(portal_get(client, "/request/delete"))
    answer = delete(client, "agree", csrf)
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/request/delete/submitted"
    done = portal_get(client, "/request/delete/submitted")
    page = visible(done)
    assert "Deletion request submitted" in page
    assert "Your request will be processed within 15 days." in page
    assert "We have sent a confirmation email to p***@example.com." in page
    after = account(client, PORTAL_EN)
    assert after["status"] == "deletion_pending"
    assert after["portal_submissions"] == 1 and after["submissions"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", after["deletion_requested_at"])
    again = delete(client, "agree", csrf)  # a second press, or a retried POST
    assert again.status_code == 409 and ALREADY in visible(again)
    assert account(client, PORTAL_EN) == after
    emails = client.get(f"/__mock__/outbox/{PORTAL_EN}").get_json()
    assert [e["subject"] for e in emails] == [
        "We have received your request to delete your AliExpress account"
    ]


@pytest.mark.parametrize("typed", [" agree", "agree ", "Agree", "AGREE", "agreed", "", None])
def test_anything_but_agree_is_refused_and_changes_nothing(
    client: FlaskClient, typed: str | None
) -> None:
    open_portal(client, PORTAL_EN)
    before = account(client, PORTAL_EN)
    answer = delete(client, typed)
    assert answer.status_code == 422
    html = text(answer)
    assert f'<p class="field-error" id="confirmation-error" role="alert">{AGREE_ERROR}</p>' in html
    assert "open data-show" in html  # the dialog is shown again, with the error
    assert 'aria-invalid="true" aria-describedby="confirmation-error"' in html
    assert f'value="{typed or ""}"' in html
    assert account(client, PORTAL_EN) == before
    assert client.get(f"/__mock__/outbox/{PORTAL_EN}").get_json() == []


@pytest.mark.parametrize("csrf", ["", "wrong-token", "buyer"])
def test_a_deletion_without_the_portal_csrf_token_is_refused(
    client: FlaskClient, csrf: str
) -> None:
    open_portal(client, PORTAL_EN)
    if csrf == "buyer":  # the buyer side's token, from its own session
        csrf = token(client.get("/member-profile"))
    before = account(client, PORTAL_EN)
    answer = delete(client, "agree", csrf)
    assert answer.status_code == 400 and "Your session has expired" in visible(answer)
    assert account(client, PORTAL_EN) == before
    request_copy = client.post("/request/download", data={"csrf_token": csrf}, base_url=PORTAL)
    assert request_copy.status_code == 400
    assert account(client, PORTAL_EN)["data_requests"] == []


def test_an_account_already_pending_sees_the_sentence_instead_of_the_button(
    client: FlaskClient,
) -> None:
    open_portal(client, PENDING)
    before = account(client, PENDING)
    assert before["status"] == "deletion_pending"
    assert before["deletion_requested_at"] == "2026-03-08T09:30:00Z"
    page = portal_get(client, "/request/delete")
    assert page.status_code == 200 and ALREADY in visible(page)
    assert "Delete my account" not in text(page) and "<dialog" not in text(page)
    csrf = token(portal_get(client, "/request/download"))
    refused = delete(client, "agree", csrf)
    assert refused.status_code == 409 and ALREADY in visible(refused)
    assert account(client, PENDING) == before


def test_the_demo_buyer_keeps_its_deactivate_control_and_can_use_the_portal(
    client: FlaskClient,
) -> None:
    sign_in(client, DEMO)
    profile = text(client.get("/member-profile"))
    assert ">Deactivate Account</a>" in profile and "/privacy-settings" in profile  # the menu
    assert "To delete your account" not in profile
    client.get(ticket_url(client))
    assert delete(client, "agree").status_code == 303
    state = account(client, DEMO)
    assert state["status"] == "deletion_pending" and state["deactivation"] == "member-profile"
    profile = visible(client.get("/member-profile"))
    assert ALREADY in profile and "Deactivate Account" not in profile


# --- the portal-only personas on the buyer side ----------------------------------------------


@pytest.mark.parametrize("login", [*PORTAL_ONLY, PENDING])
def test_portal_only_profiles_link_privacy_settings_instead_of_deactivating(
    client: FlaskClient, login: str
) -> None:
    lang = persona(login)["language"]
    site = words(lang)
    sign_in(client, login)
    profile = client.get("/member-profile")
    html = text(profile)
    assert f'<html lang="{lang}">' in html
    assert site["profile.deactivate"] not in html and "/member-profile/deactivate" not in html
    before, after = site["profile.portal_only"].split("{link}")
    link = f'<a href="/privacy-settings">{site["menu.privacy"]}</a>'
    assert f"<p>{before}{link}{after}</p>" in html
    assert client.get("/member-profile/deactivate").status_code == 404
    in_a_dialog_variant = text(client.get("/member-profile?variant=select-dialog"))
    assert site["profile.deactivate"] not in in_a_dialog_variant and link in in_a_dialog_variant
    assert client.get("/member-profile/deactivate").status_code == 404
    state = account(client, login)
    assert state["deactivation"] == "portal-only"
    fixture = persona(login)
    assert fixture["wallet"]["balance"] == "0.00" and not fixture.get("disputes")
    assert {o["status"] for o in fixture["orders"]} <= {"completed", "closed"}


@pytest.mark.parametrize("login", PORTAL_ONLY)
def test_the_portal_speaks_the_language_of_the_buyer_side(client: FlaskClient, login: str) -> None:
    lang = persona(login)["language"]
    said = words(lang, portal=True)
    open_portal(client, login)
    for path, key in (
        ("/home", "portal.home.heading"),
        ("/request/delete", "portal.delete.button"),
        ("/request/download", "portal.download.request"),
    ):
        page = portal_get(client, path)
        assert f'<html lang="{lang}">' in text(page) and said[key] in text(page), path
    refused = text(delete(client, "Agree"))
    assert said["portal.delete.error"].format(word="agree") in refused
    label = said["portal.delete.confirm_label"].replace("{word}", "<strong>agree</strong>")
    assert f'<label for="confirmation">{label}</label>' in refused


def test_the_hand_off_carries_a_language_chosen_on_the_buyer_side(client: FlaskClient) -> None:
    sign_in(client, DEMO)
    client.get("/my-aliexpress?lang=pt")
    client.get(ticket_url(client))
    page = text(portal_get(client, "/home"))
    assert '<html lang="pt">' in page and "Sua privacidade" in page


# --- Download your data --------------------------------------------------------------------


def _until_ready(client: FlaskClient, timeout_s: float = 10) -> TestResponse:
    """Reload the page (as its script does) until it links the file: a condition."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page = portal_get(client, "/request/download")
        if XLSX_LINK.search(text(page)):
            return page
    raise AssertionError(f"the data copy was not ready within {timeout_s} s")


def test_the_data_copy_is_prepared_then_downloads_the_orders(client: FlaskClient) -> None:
    client.post("/__mock__/portal", json={"copy_delay_s": 3600})
    open_portal(client, PORTAL_EN)
    first = portal_get(client, "/request/download")
    assert "Request a copy</button>" in text(first) and ">Download</a>" not in text(first)
    answer = client.post("/request/download", data={"csrf_token": token(first)}, base_url=PORTAL)
    assert answer.status_code == 303 and answer.headers["Location"] == "/request/download"
    waiting = portal_get(client, "/request/download")
    assert "Your copy is being prepared." in visible(waiting)
    assert ">Download</a>" not in text(waiting) and "data-ready-in-ms=" in text(waiting)
    (pending,) = account(client, PORTAL_EN)["data_requests"]
    assert pending["ready"] is False and pending["downloads"] == 0
    early = portal_get(client, f"/request/download/{pending['id']}/aliexpress-data.xlsx")
    assert early.status_code == 404  # not ready yet
    client.post("/__mock__/portal", json={"copy_delay_s": 0})  # ...and now it is
    ready = portal_get(client, "/request/download")
    link = XLSX_LINK.search(text(ready))
    assert link and link.group(2) == "Download"
    assert link.group(1) == f"/request/download/{pending['id']}/aliexpress-data.xlsx"
    assert "Request a new copy</button>" in text(ready)
    file = portal_get(client, link.group(1))
    assert file.status_code == 200
    assert file.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert file.headers["Content-Disposition"].startswith("attachment;")
    assert _rows(file.data) == [COLUMNS, *_fixture_rows(PORTAL_EN)]
    (done,) = account(client, PORTAL_EN)["data_requests"]
    assert done["ready"] is True and done["downloads"] == 1
    assert account(client, PORTAL_EN)["status"] == "active"


def _rows(xlsx: bytes) -> list[list]:
    """The Orders sheet, cells as Python values (dates as dates, amounts as Decimals)."""
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Orders"]
    rows = []
    for row in book["Orders"].iter_rows(values_only=True):
        cells = list(row)
        if isinstance(cells[1], dt.datetime):
            cells[1] = cells[1].date()
        for index in (6, 7):
            if isinstance(cells[index], int | float):
                cells[index] = Decimal(str(cells[index]))
        rows.append(cells)
    return rows


def _fixture_rows(login: str) -> list[list]:
    """One row per order line, straight from fixtures/accounts.json."""
    return [
        [
            order["number"],
            dt.date.fromisoformat(order["date"]),
            order["store"],
            STATUS_WORDS[order["status"]],
            item["name"],
            item["quantity"],
            Decimal(item["unit_price"]),
            Decimal(order["total"]),
            order["currency"],
        ]
        for order in persona(login)["orders"]
        for item in order["items"]
    ]


@pytest.mark.parametrize("login", [*PORTAL_ONLY[1:], DEMO])
def test_every_portal_personas_copy_equals_its_orders(client: FlaskClient, login: str) -> None:
    configure(client.application, copy_delay_s=0)
    open_portal(client, login)
    page = portal_get(client, "/request/download")
    client.post("/request/download", data={"csrf_token": token(page)}, base_url=PORTAL)
    link = XLSX_LINK.search(text(_until_ready(client)))
    said = words(persona(login).get("language", "en"), portal=True)
    assert link and link.group(2) == said["portal.download.link"]
    assert _rows(portal_get(client, link.group(1)).data) == [COLUMNS, *_fixture_rows(login)]


def test_a_copy_being_prepared_is_not_requested_twice(client: FlaskClient) -> None:
    client.post("/__mock__/portal", json={"copy_delay_s": 60})
    open_portal(client, PORTAL_EN)
    csrf = token(portal_get(client, "/request/download"))
    for _ in range(2):
        client.post("/request/download", data={"csrf_token": csrf}, base_url=PORTAL)
    assert len(account(client, PORTAL_EN)["data_requests"]) == 1
    page = portal_get(client, "/request/download")
    assert "Request a copy</button>" not in text(page) and ">Download</a>" not in text(page)


def test_the_file_is_served_only_to_the_portal_session_of_its_account(
    client: FlaskClient, stranger: FlaskClient
) -> None:
    open_portal(client, PORTAL_EN)
    page = portal_get(client, "/request/download")
    client.post("/request/download", data={"csrf_token": token(page)}, base_url=PORTAL)
    path = XLSX_LINK.search(text(_until_ready(client)))
    assert path
    assert portal_get(stranger, path.group(1)).status_code == 403  # no portal session
    open_portal(stranger, "portal.es@example.com")
    assert portal_get(stranger, path.group(1)).status_code == 404  # another account's
    assert client.get(path.group(1), base_url=BUYER).status_code == 403  # the buyer's host
    assert account(client, PORTAL_EN)["data_requests"][0]["downloads"] == 0
    assert portal_get(client, path.group(1)).status_code == 200


def test_a_copy_is_ready_once_its_delay_has_passed(client: FlaskClient) -> None:
    open_portal(client, PORTAL_EN)  # the app's delay: 0.2 s
    page = portal_get(client, "/request/download")
    client.post("/request/download", data={"csrf_token": token(page)}, base_url=PORTAL)
    link = XLSX_LINK.search(text(_until_ready(client)))
    assert link and portal_get(client, link.group(1)).status_code == 200
    (request,) = account(client, PORTAL_EN)["data_requests"]
    assert request["ready"] is True and request["downloads"] == 1


# --- the test hooks ------------------------------------------------------------------------


def test_portal_settings_hook_until_reset(client: FlaskClient) -> None:
    defaults = client.get("/__mock__/portal").get_json()
    assert defaults["ticket_ttl_s"] == 120 and defaults["copy_delay_s"] == 0.2  # configure()
    changed = client.post("/__mock__/portal", json={"ticket_ttl_s": 0, "copy_delay_s": 1})
    assert changed.get_json()["ticket_ttl_s"] == 0 and changed.get_json()["copy_delay_s"] == 1
    for bad in ({"ticket_ttl": 1}, {"copy_delay_s": -1}, {"ticket_ttl_s": "5"}, [1]):
        refused = client.post("/__mock__/portal", json=bad)
        assert refused.status_code == 400 and "error" in refused.get_json()
    assert client.get("/__mock__/portal").get_json()["ticket_ttl_s"] == 0
    client.post("/__mock__/reset")
    assert client.get("/__mock__/portal").get_json() == defaults


def test_default_portal_settings() -> None:
    with create_app().test_client() as fresh:
        settings = fresh.get("/__mock__/portal").get_json()
    assert settings == {
        "ticket_ttl_s": 120,
        "copy_delay_s": 1.5,
        "sessions": 0,
        "spent_tickets": 0,
    }


def test_reset_restores_the_portal_personas(client: FlaskClient) -> None:
    open_portal(client, PORTAL_EN)
    delete(client, "agree")
    client.post("/__mock__/reset")
    state = account(client, PORTAL_EN)
    assert state["status"] == "active" and state["portal_submissions"] == 0
    assert state["deletion_requested_at"] is None and state["data_requests"] == []
    assert account(client, PENDING)["status"] == "deletion_pending"
