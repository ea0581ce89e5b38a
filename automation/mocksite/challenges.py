"""Sign-in challenges of the mock: the pages a pending sign-in (`sessions`) is sent to.

After a correct password, a persona with ``"challenge": "slider"`` or ``"otp"`` is not
signed in yet: the visitor is sent to the slider page ("Please slide to verify") or the code
page ("Enter verification code"). Only a passed challenge puts the account in the session.
``POST /__mock__/sessions/expire`` expires every session issued so far.
"""

from __future__ import annotations

import secrets
from typing import Any

import pyotp
from flask import Blueprint, g, jsonify, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from .sessions import PENDING_KEY, clock, pending_sign_in, start_session
from .web import get_state

SLIDER_COMPLETE = "100"
MAX_CODE_TRIES = 5

challenges = Blueprint("challenges", __name__)


def _passed(pending: dict[str, Any]) -> Response:
    """Sign in the pending sign-in's account (unless it is gone or deactivated meanwhile)."""
    account = get_state().get(pending["member_id"])
    if account is None or account.status == "deactivated":
        session.clear()
        return redirect(url_for("buyer.login"), code=303)
    start_session(account)
    return redirect(pending.get("next") or url_for("buyer.home"), code=303)


@challenges.route("/login/verify", methods=["GET", "POST"])
def slider() -> Any:
    """ "Please slide to verify": a slider a person drags (or moves with the keyboard)."""
    pending = pending_sign_in("slider")
    if pending is None:
        return redirect(url_for("buyer.login"), code=303)
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
    pending = pending_sign_in("otp")
    if pending is None:
        return redirect(url_for("buyer.login"), code=303)
    if request.method == "GET":
        return render_template("verification_code.html", error=None)
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
    return jsonify({"ok": True, "epoch": clock().expire_all()})
