"""HTTP-level tests of the mock AliExpress site (Flask test client, no browser)."""

from __future__ import annotations

import json
import re
import urllib.request
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from automation.mocksite import MockServer, create_app

DEMO = {"email": "demo.buyer@example.com", "member_id": "us2851037001", "pw": "demo-Passw0rd!"}
PHRASE = "Deactivate my account"
REASON = "Privacy concerns"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token from the form on ``path``."""
    page = client.get(path)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no csrf token on {path}"
    return match.group(1)


def sign_in(client: FlaskClient, login: str, password: str, **extra: str):
    data = {"csrf_token": csrf(client), "login": login, "password": password, **extra}
    return client.post("/login", data=data)


def account(client: FlaskClient, login: str) -> dict:
    response = client.get(f"/__mock__/accounts/{login}")
    assert response.status_code == 200
    return response.get_json()


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def deactivate(client: FlaskClient, **fields: str):
    data = {"confirm_account": DEMO["member_id"], "phrase": PHRASE, "reason": REASON}
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    data["csrf_token"] = csrf(client, "/member-profile/deactivate")
    return client.post("/member-profile/deactivate", data=data)


@pytest.fixture
def demo(client: FlaskClient) -> FlaskClient:
    assert sign_in(client, DEMO["email"], DEMO["pw"]).status_code == 303
    return client


# --- sign in -------------------------------------------------------------------------------


def test_home_and_login_pages_render(client: FlaskClient) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert '<html lang="en">' in text(home)
    assert ">Sign in</a>" in text(home)
    page = text(client.get("/login"))
    for words in ("Email address or member ID", "Password", "Forgot Password?"):
        assert words in page
    cookie = client.get_cookie("aliexpress_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_sign_in_with_email_redirects_and_greets(client: FlaskClient) -> None:
    response = sign_in(client, "  Demo.Buyer@Example.com ", DEMO["pw"], next="/member-profile")
    assert response.status_code == 303
    assert response.headers["Location"] == "/member-profile"
    page = text(client.get("/"))
    assert '<a class="account-link" href="/my-aliexpress">' in page
    assert "Hi, Demo Buyer" in page and "My AliExpress" in page and "Sign out" in page
    assert account(client, DEMO["email"])["sign_ins"] == 1


def test_sign_in_with_member_id(client: FlaskClient) -> None:
    response = sign_in(client, "US2851037002", "second-Passw0rd!")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "Hi, Sam Second" in text(client.get("/my-aliexpress"))


def test_sign_in_ignores_foreign_next(client: FlaskClient) -> None:
    response = sign_in(client, DEMO["email"], DEMO["pw"], next="//evil.example/")
    assert response.headers["Location"] == "/"


def test_wrong_password_keeps_login_but_not_password(client: FlaskClient) -> None:
    response = sign_in(client, DEMO["email"], "wrong-password")
    page = text(response)
    assert response.status_code == 401
    assert 'role="alert"' in page
    assert "Your account name or password is incorrect." in page
    assert f'value="{DEMO["email"]}"' in page
    assert "wrong-password" not in page
    assert "Hi, Demo Buyer" not in text(client.get("/"))


@pytest.mark.parametrize(
    ("login", "password", "message"),
    [
        ("", "x", "Please enter your email address or member ID."),
        ("demo.buyer@example.com", "", "Please enter your password."),
        ("nobody@example.com", "x", "Your account name or password is incorrect."),
    ],
)
def test_sign_in_errors(client: FlaskClient, login: str, password: str, message: str) -> None:
    assert message in text(sign_in(client, login, password))


def test_deactivated_account_cannot_sign_in(client: FlaskClient) -> None:
    response = sign_in(client, "gone.buyer@example.com", "gone-Passw0rd!")
    assert response.status_code == 403
    assert "This account has been deactivated and can no longer sign in." in text(response)
    assert client.get("/my-aliexpress").status_code == 302


def test_sign_in_without_csrf_is_rejected(client: FlaskClient) -> None:
    client.get("/login")
    for token in (None, "forged"):
        data = {"login": DEMO["email"], "password": DEMO["pw"]}
        if token:
            data["csrf_token"] = token
        response = client.post("/login", data=data)
        assert response.status_code == 400
        page = text(response)
        assert "Your session has expired" in page
        assert "Please go back, refresh the page and try again." in page
    assert account(client, DEMO["email"])["sign_ins"] == 0


def test_signed_out_visitor_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/member-profile/deactivate")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": ["/member-profile/deactivate"]}
    login_page = text(client.get(response.headers["Location"]))
    assert 'name="next" value="/member-profile/deactivate"' in login_page


def test_sign_out(demo: FlaskClient) -> None:
    token = csrf(demo, "/")
    assert demo.post("/logout", data={"csrf_token": token}).status_code == 303
    assert "Hi, Demo Buyer" not in text(demo.get("/"))


def test_forgot_password(client: FlaskClient) -> None:
    page = text(client.get("/forgot-password"))
    assert "Reset your password" in page and "verification code" in page
    data = {"csrf_token": csrf(client, "/forgot-password"), "email": "a@example.com"}
    answer = text(client.post("/forgot-password", data=data))
    assert "If an account exists for that address, we have sent a verification code." in answer


# --- dashboard and profile -----------------------------------------------------------------


def test_dashboard_and_profile(demo: FlaskClient) -> None:
    dashboard = text(demo.get("/my-aliexpress"))
    assert '<nav class="side-menu" aria-label="My AliExpress menu">' in dashboard
    for link in ("Edit Member Profile", "Change Password", "Shipping Address", "Settings"):
        assert link in dashboard
    assert "Change Password" in text(demo.get("/change-password"))
    assert "Shipping Address" in text(demo.get("/shipping-address"))
    profile = text(demo.get("/member-profile"))
    for words in ("Member ID", DEMO["member_id"], "Country/Region", "United States"):
        assert words in profile
    assert 'href="/member-profile/deactivate">Deactivate Account</a>' in profile


def test_changed_site_has_no_deactivate_control(client: FlaskClient) -> None:
    assert sign_in(client, "redesign.buyer@example.com", "redesign-Passw0rd!").status_code == 303
    profile = text(client.get("/member-profile"))
    assert "Edit Member Profile" in profile and "us2851037005" in profile
    assert "Deactivate Account" not in profile
    assert client.get("/member-profile/deactivate").status_code == 404


# --- deactivation --------------------------------------------------------------------------


def test_deactivate_form_renders(demo: FlaskClient) -> None:
    page = text(demo.get("/member-profile/deactivate"))
    for words in (
        "Before you deactivate",
        "Your order history will be deleted permanently and cannot be recovered.",
        "Confirm your account",
        "Enter your member ID or email address",
        "Type in the following words: <strong>Deactivate my account</strong>",
        "<legend>Why are you deactivating your account?</legend>",
        "Negative experience with the platform or sellers",
        "Release my account at the same time",
        ">Deactivate my account</button>",
        'href="/member-profile">Cancel</a>',
    ):
        assert words in page
    assert 'name="release" value="yes" aria-describedby="release-help">' in page  # unticked


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        (
            {"confirm_account": "  "},
            "confirm_account",
            "Please enter your member ID or email address.",
        ),
        (
            {"confirm_account": "second.buyer@example.com"},
            "confirm_account",
            "This does not match the account you are signed in with.",
        ),
        (
            {"phrase": "deactivate my account"},
            "phrase",
            f"Please type the words exactly as shown: {PHRASE}",
        ),
        ({"phrase": ""}, "phrase", f"Please type the words exactly as shown: {PHRASE}"),
        ({"reason": None}, "reason", "Please choose a reason."),
        ({"reason": "Because"}, "reason", "Please choose a reason."),
    ],
)
def test_deactivation_validation(
    demo: FlaskClient, fields: dict, field_id: str, message: str
) -> None:
    response = deactivate(demo, **fields)
    page = text(response)
    assert response.status_code == 422
    assert "Please correct the errors below." in page
    assert f'<p class="field-error" id="{field_id}-error" role="alert">{message}</p>' in page
    assert page.count('class="field-error"') == 1
    assert re.search(rf'aria-describedby="[^"]*{field_id}-error"[^>]*aria-invalid="true"', page)
    state = account(demo, DEMO["email"])
    assert state["status"] == "active" and state["deactivation_requests"] == 0
    assert demo.get(f"/__mock__/outbox/{DEMO['email']}").get_json() == []


def test_deactivation_errors_keep_typed_values(demo: FlaskClient) -> None:
    page = text(deactivate(demo, confirm_account="Someone Else", reason="Other"))
    assert 'value="Someone Else"' in page
    assert 'value="Other" checked' in page


def test_deactivation_without_csrf_is_rejected(demo: FlaskClient) -> None:
    data = {"confirm_account": DEMO["member_id"], "phrase": PHRASE, "reason": REASON}
    response = demo.post("/member-profile/deactivate", data=data)
    assert response.status_code == 400
    assert "Your session has expired" in text(response)
    assert account(demo, DEMO["member_id"])["status"] == "active"


def test_valid_deactivation(demo: FlaskClient) -> None:
    response = deactivate(demo, confirm_account=" DEMO.BUYER@example.com ", phrase=f" {PHRASE} ")
    assert response.status_code == 303
    assert response.headers["Location"] == "/member-profile/deactivate/result"
    result = text(demo.get("/member-profile/deactivate/result"))
    assert "Deactivation request received" in result
    assert "We have sent a confirmation email to d***@example.com." in result
    assert "Your request will be processed within 24 hours after you confirm." in result
    assert "Your account will also be released" not in result
    state = account(demo, DEMO["member_id"])
    assert state["status"] == "deactivation_pending"
    assert state["deactivation_reason"] == REASON
    assert state["release_requested"] is False
    assert state["deactivation_requests"] == 1


def test_valid_deactivation_with_release(demo: FlaskClient) -> None:
    assert deactivate(demo, release="yes", reason="Other").status_code == 303
    result = text(demo.get("/member-profile/deactivate/result"))
    assert "Your account will also be released" in result
    state = account(demo, DEMO["email"])
    assert state["release_requested"] is True and state["deactivation_reason"] == "Other"


def test_pending_account_cannot_submit_twice(demo: FlaskClient) -> None:
    assert deactivate(demo).status_code == 303
    notice = "Your request to deactivate this account is being processed."
    assert notice in text(demo.get("/member-profile"))
    assert "Deactivate Account</a>" not in text(demo.get("/member-profile"))
    form = text(demo.get("/member-profile/deactivate"))
    assert notice in form and 'role="status"' in form and "<form" not in form.split("<main")[1]
    again = deactivate(demo)
    assert again.status_code == 409
    assert account(demo, DEMO["email"])["deactivation_requests"] == 1
    assert len(demo.get(f"/__mock__/outbox/{DEMO['email']}").get_json()) == 1


def test_fixture_pending_persona_sees_notice(client: FlaskClient) -> None:
    assert sign_in(client, "pending.buyer@example.com", "pending-Passw0rd!").status_code == 303
    assert "is being processed." in text(client.get("/member-profile/deactivate"))


def test_confirmation_link_deactivates_account(demo: FlaskClient) -> None:
    deactivate(demo)
    outbox = demo.get(f"/__mock__/outbox/{DEMO['member_id']}").get_json()
    assert len(outbox) == 1
    email = outbox[0]
    assert email["to"] == DEMO["email"]
    assert email["confirmation_url"] in email["body"]
    link = urlsplit(email["confirmation_url"])
    assert link.path == "/account/deactivation/confirm"
    done = demo.get(f"{link.path}?{link.query}")
    assert done.status_code == 200
    assert "Your account has been deactivated." in text(done)
    assert "Hi, Demo Buyer" not in text(done)
    assert account(demo, DEMO["email"])["status"] == "deactivated"
    assert demo.get(f"{link.path}?{link.query}").status_code == 404  # one-time link
    refused = sign_in(demo, DEMO["email"], DEMO["pw"])
    assert "This account has been deactivated and can no longer sign in." in text(refused)


# --- inspection API ------------------------------------------------------------------------


def test_inspection_api_never_shows_passwords(client: FlaskClient) -> None:
    for login in ("demo.buyer@example.com", "us2851037003", "PENDING.buyer@example.com"):
        response = client.get(f"/__mock__/accounts/{login}")
        data = response.get_json()
        assert "password" not in json.dumps(data).lower()
        assert "Passw0rd" not in response.get_data(as_text=True)
        assert set(data) == {
            "login",
            "member_id",
            "email",
            "name",
            "status",
            "site_variant",
            "release_requested",
            "deactivation_reason",
            "deactivation_requests",
            "submissions",
            "sign_ins",
            "sign_in_attempts",
            "challenge",
            "deactivation",
            "portal_submissions",
            "deletion_requested_at",
            "data_requests",
        }
    missing = client.get("/__mock__/accounts/nobody@example.com")
    assert missing.status_code == 404 and "error" in missing.get_json()


def test_reset_restores_fixture_state(demo: FlaskClient) -> None:
    deactivate(demo, release="yes")
    assert account(demo, DEMO["email"])["status"] == "deactivation_pending"
    assert demo.post("/__mock__/reset").get_json() == {"ok": True}
    state = account(demo, DEMO["email"])
    assert state["status"] == "active"
    assert state["release_requested"] is None and state["deactivation_requests"] == 0
    assert state["sign_ins"] == 0
    assert demo.get(f"/__mock__/outbox/{DEMO['email']}").get_json() == []
    assert account(demo, "us2851037003")["status"] == "deactivated"


def test_accounts_file_argument(tmp_path, client: FlaskClient) -> None:
    fixture = {
        "accounts": [
            {
                "login_email": "solo@example.com",
                "member_id": "xx1",
                "password": "pw",
                "name": "Solo",
                "country": "France",
                "status": "active",
            }
        ]
    }
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps(fixture))
    other = create_app(path).test_client()
    assert other.get("/__mock__/accounts/xx1").get_json()["site_variant"] == "standard"
    assert other.get(f"/__mock__/accounts/{DEMO['email']}").status_code == 404


# --- real HTTP -----------------------------------------------------------------------------


def test_mock_server_serves_over_http() -> None:
    with MockServer() as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
        assert not server.url.endswith(":0")
        with urllib.request.urlopen(server.url + "/", timeout=5) as response:
            assert response.status == 200
            assert "AliExpress" in response.read().decode()
    with pytest.raises(RuntimeError):
        _ = server.url
