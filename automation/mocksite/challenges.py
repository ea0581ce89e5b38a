"""Sign-in challenges of the mock, and sessions that expire.

After a correct password, a persona with ``"challenge": "slider"`` or ``"otp"`` is not
signed in yet: the session holds a pending sign-in and the visitor is sent to the slider
page ("Please slide to verify") or the code page ("Enter verification code"). Only a passed
challenge puts the account in the session.

Every session carries the server's session epoch from the moment it was issued;
``POST /__mock__/sessions/expire`` moves the epoch on, so every session issued before is
expired (a saved browser session then sees the "Sign in" link again, as on the real site).
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

import pyotp
from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from .state import Account

PENDING_KEY = "pending_sign_in"
EPOCH_KEY = "session_epoch"
SLIDER_COMPLETE = "100"
MAX_CODE_TRIES = 5
_CLOCK_KEY = "aliexit_mock_session_clock"

challenges = Blueprint("challenges", __name__)


class SessionClock:
    """The server-side session epoch: sessions issued in an earlier epoch are expired."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._epoch = 1

    @property
    def epoch(self) -> int:
        """The current epoch."""
        with self._lock:
            return self._epoch

    def expire_all(self) -> int:
        """Expire every session issued so far; return the new epoch."""
        with self._lock:
            self._epoch += 1
            return self._epoch


def install(app: Flask) -> None:
    """Add the challenge pages, the session clock and its control to ``app``."""
    app.extensions[_CLOCK_KEY] = SessionClock()
    app.register_blueprint(challenges)


def _clock() -> SessionClock:
    return current_app.extensions[_CLOCK_KEY]


def session_is_current() -> bool:
    """Whether this visitor's session was issued in the current epoch."""
    return session.get(EPOCH_KEY) == _clock().epoch


def start_session(account: Account) -> None:
    """Sign ``account`` in: a fresh session in the current epoch."""
    session.clear()
    session["member_id"] = account.member_id
    session[EPOCH_KEY] = _clock().epoch


def begin_sign_in(account: Account, next_path: str | None) -> Response:
    """After a correct password: sign in, or send the visitor to the persona's challenge."""
    if account.challenge is None:
        start_session(account)
        return redirect(next_path or url_for("site.home"), code=303)
    session.clear()
    session[PENDING_KEY] = {
        "member_id": account.member_id,
        "challenge": account.challenge,
        "next": next_path,
        "token": secrets.token_urlsafe(16),
        "tries": 0,
        "epoch": _clock().epoch,
    }
    view = "challenges.slider" if account.challenge == "slider" else "challenges.code"
    return redirect(url_for(view), code=303)


def _pending(kind: str) -> dict[str, Any] | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or pending.get("challenge") != kind:
        return None
    if pending.get("epoch") != _clock().epoch:
        return None
    return pending


def _passed(pending: dict[str, Any]) -> Response:
    from .app import get_state  # the app module imports this one

    account = get_state().get(pending["member_id"])
    if account is None or account.status == "deactivated":
        session.clear()
        return redirect(url_for("site.login"), code=303)
    start_session(account)
    return redirect(pending.get("next") or url_for("site.home"), code=303)


@challenges.route("/login/verify", methods=["GET", "POST"])
def slider() -> Any:
    """ "Please slide to verify": a slider a person drags (or moves with the keyboard)."""
    pending = _pending("slider")
    if pending is None:
        return redirect(url_for("site.login"), code=303)
    if request.method == "GET":
        return render_template("slider.html", token=pending["token"], error=None)
    token_ok = secrets.compare_digest(
        request.form.get("challenge_token", "").encode(), pending["token"].encode()
    )
    if token_ok and request.form.get("slider") == SLIDER_COMPLETE:
        return _passed(pending)
    pending["token"] = secrets.token_urlsafe(16)
    session[PENDING_KEY] = pending
    error = g.t("challenge.slider.failed")
    return render_template("slider.html", token=pending["token"], error=error), 422


@challenges.route("/login/code", methods=["GET", "POST"])
def code() -> Any:
    """ "Enter verification code": the 6-digit code of the persona's authenticator app."""
    pending = _pending("otp")
    if pending is None:
        return redirect(url_for("site.login"), code=303)
    if request.method == "GET":
        return render_template("verification_code.html", error=None)
    from .app import get_state

    typed = "".join(request.form.get("code", "").split())
    account = get_state().get(pending["member_id"])
    if not typed:
        return render_template("verification_code.html", error=g.t("challenge.code.missing")), 422
    if account is not None and pyotp.TOTP(account.totp_secret).verify(typed, valid_window=1):
        return _passed(pending)
    pending["tries"] = int(pending.get("tries", 0)) + 1
    if pending["tries"] >= MAX_CODE_TRIES:
        session.clear()
        error = g.t("challenge.code.too_many")
        return render_template(
            "login.html", login_value="", error=error, error_field=None, next_path=None
        ), 429
    session[PENDING_KEY] = pending
    error = g.t("challenge.code.incorrect")
    return render_template("verification_code.html", error=error), 401


@challenges.post("/__mock__/sessions/expire")
def expire_sessions() -> Any:
    """Expire every session issued so far (tests: a saved session goes stale)."""
    return jsonify({"ok": True, "epoch": _clock().expire_all()})
