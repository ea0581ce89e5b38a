"""What every mock page needs: the state, the request's variant and words, the sign-in guard,
CSRF, safe redirects, masked emails and the password check behind both sign-in forms.

Imports no page module: the page modules import this one.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from flask import Flask, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from .i18n import Translator
from .sessions import begin_sign_in
from .state import MockState, SignIn
from .variants import VARIANTS, Variant

_STATE_KEY = "aliexit_mock_state"


def install_state(app: Flask, state: MockState) -> None:
    """Give ``app`` its in-memory state."""
    app.extensions[_STATE_KEY] = state


def get_state(app: Flask | None = None) -> MockState:
    """The in-memory state of ``app`` (default: the current app)."""
    return (app or current_app).extensions[_STATE_KEY]


def variant() -> Variant:
    """This request's variant (standard outside a request's normal path)."""
    return g.get("variant", VARIANTS["standard"])


def translator() -> Translator:
    """This request's translator (English outside a request's normal path)."""
    if "t" not in g:
        g.t = Translator(current_app.config["MOCK_LOCALES"], "en")
    return g.t


# --- CSRF ----------------------------------------------------------------------------------


def csrf_token() -> str:
    """This session's CSRF token, created on first use."""
    token = session.get("csrf_token")
    if not token:
        token = session["csrf_token"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> tuple[str, int] | None:
    """Refuse any POST outside ``/__mock__/`` without this session's token."""
    if request.method != "POST" or request.path.startswith("/__mock__/"):
        return None
    if request.blueprint == "portal":
        return None  # the privacy portal checks its own session's token (portal.py)
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf_token", "")
    if sent and expected and secrets.compare_digest(sent.encode(), expected.encode()):
        return None
    return render_template("session_expired.html"), 400


# --- sign-in -------------------------------------------------------------------------------


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send signed-out visitors to the sign-in page, coming back here afterwards."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if g.account is None:
            query = request.query_string.decode("latin-1")
            here = request.path + (f"?{query}" if query else "")
            return redirect(url_for("buyer.login", next=here))
        return view(*args, **kwargs)

    return wrapper


class FailedSignIn(NamedTuple):
    """A refused sign-in: what was typed, what the page says, which field, the HTTP status."""

    login_value: str
    error: str
    field: str | None
    code: int


def attempt_sign_in(next_path: str | None) -> Response | FailedSignIn:
    """Check the posted login and password: the response that signs in, or why not."""
    login_value = request.form.get("login", "").strip()
    password = request.form.get("password", "")
    if not login_value:
        return FailedSignIn(login_value, g.t("login.error.no_login"), "login", 422)
    if not password:
        return FailedSignIn(login_value, g.t("login.error.no_password"), "password", 422)
    outcome, account = get_state().sign_in(login_value, password)
    if outcome is SignIn.OK and account is not None:
        return begin_sign_in(account, next_path)
    if outcome is SignIn.DEACTIVATED:
        return FailedSignIn(login_value, g.t("login.error.deactivated"), None, 403)
    return FailedSignIn(login_value, g.t("login.error.incorrect"), None, 401)


# --- small helpers -------------------------------------------------------------------------


def safe_next(value: str | None) -> str | None:
    """``value`` if it is a local path on this site, else None."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if any(ord(ch) < 32 for ch in value):
        return None
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else None


def mask_email(email: str) -> str:
    """``demo.buyer@example.com`` → ``d***@example.com``."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else f"{local[:1]}***"
