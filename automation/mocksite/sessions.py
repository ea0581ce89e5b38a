"""The mock's sign-in sessions: who is signed in, a sign-in waiting for its challenge, and
sessions that expire.

A correct password signs a persona without a challenge in at once; one with
``"challenge": "slider"`` or ``"otp"`` gets a pending sign-in and is sent to its challenge
page (`challenges`), which signs it in once passed.

Every session carries the server's session epoch from the moment it was issued;
``POST /__mock__/sessions/expire`` moves the epoch on, so every session issued before is
expired (a saved browser session then sees the "Sign in" link again, as on the real site).
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from flask import Flask, current_app, redirect, session, url_for
from werkzeug.wrappers import Response

from .state import Account

PENDING_KEY = "pending_sign_in"
EPOCH_KEY = "session_epoch"
_CLOCK_KEY = "aliexit_mock_session_clock"


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
    """Give ``app`` its session clock."""
    app.extensions[_CLOCK_KEY] = SessionClock()


def clock() -> SessionClock:
    """The current app's session clock."""
    return current_app.extensions[_CLOCK_KEY]


def session_is_current() -> bool:
    """Whether this visitor's session was issued in the current epoch."""
    return session.get(EPOCH_KEY) == clock().epoch


def start_session(account: Account) -> None:
    """Sign ``account`` in: a fresh session in the current epoch."""
    session.clear()
    session["member_id"] = account.member_id
    session[EPOCH_KEY] = clock().epoch


def begin_sign_in(account: Account, next_path: str | None) -> Response:
    """After a correct password: sign in, or send the visitor to the persona's challenge."""
    if account.challenge is None:
        start_session(account)
        return redirect(next_path or url_for("buyer.home"), code=303)
    session.clear()
    session[PENDING_KEY] = {
        "member_id": account.member_id,
        "challenge": account.challenge,
        "next": next_path,
        "token": secrets.token_urlsafe(16),
        "tries": 0,
        "epoch": clock().epoch,
    }
    view = "challenges.slider" if account.challenge == "slider" else "challenges.code"
    return redirect(url_for(view), code=303)


def pending_sign_in(kind: str) -> dict[str, Any] | None:
    """This session's sign-in waiting for a ``kind`` challenge, if issued in this epoch."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or pending.get("challenge") != kind:
        return None
    if pending.get("epoch") != clock().epoch:
        return None
    return pending
