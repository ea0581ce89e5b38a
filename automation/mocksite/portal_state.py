"""What the mock privacy portal keeps besides the accounts: settings, sessions, spent tickets.

The accounts' own portal records (status, ``portal_submissions``, ``deletion_requested_at``,
``data_requests``) live in :class:`~.state.Account`; this module defines the data request
record they hold. Everything here is reset by ``POST /__mock__/reset``.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app

_EXTENSION_KEY = "aliexit_mock_portal"


def iso_time(epoch_s: float) -> str:
    """``1767225600.0`` -> ``2026-01-01T00:00:00Z``."""
    return datetime.fromtimestamp(epoch_s, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class DataRequest:
    """One "Request a copy" of the account's data, ready from ``ready_at`` on."""

    request_id: str
    requested_at: float  # seconds since the epoch
    ready_at: float
    downloads: int = 0

    def ready(self, now: float | None = None) -> bool:
        """Whether the copy can be downloaded (at ``now``, default: now)."""
        return (time.time() if now is None else now) >= self.ready_at

    def rescheduled(self, delay_s: float, now: float) -> DataRequest:
        """This request with a new preparation time, if it is still being prepared."""
        return self if self.ready(now) else replace(self, ready_at=self.requested_at + delay_s)

    def as_dict(self) -> dict[str, Any]:
        """The inspection view: id, times in ISO form, whether it is ready, downloads."""
        return {
            "id": self.request_id,
            "requested_at": iso_time(self.requested_at),
            "ready_at": iso_time(self.ready_at),
            "ready": self.ready(),
            "downloads": self.downloads,
        }


@dataclass(frozen=True)
class PortalSettings:
    """How long a hand-off ticket lives, and how long a data copy takes to prepare."""

    ticket_ttl_s: float = 120.0
    copy_delay_s: float = 1.5

    def changed(self, data: Any) -> PortalSettings:
        """A copy with the JSON ``data`` applied; ``ValueError`` names a bad key or value."""
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object of settings")
        unknown = set(data) - {"ticket_ttl_s", "copy_delay_s"}
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        for key, value in data.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{key} must be a number of seconds >= 0, got {value!r}")
        return replace(self, **{key: float(value) for key, value in data.items()})

    def as_dict(self) -> dict[str, float]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class PortalSession:
    """A signed-in portal visitor: the account, the host it was issued for, its CSRF token."""

    member_id: str
    host: str  # "localhost:PORT": the session is worth nothing on any other host
    lang: str
    csrf_token: str


class PortalState:
    """The portal's signing key, sessions, spent ticket nonces and who asked for a data copy,
    under a lock."""

    def __init__(self, settings: PortalSettings | None = None) -> None:
        self._lock = threading.Lock()
        self.baseline = settings or PortalSettings()
        self.settings = self.baseline
        self.key = secrets.token_bytes(32)
        self._sessions: dict[str, PortalSession] = {}
        self._spent: set[str] = set()
        self._copy_owners: set[str] = set()

    def reset(self) -> None:
        """Drop every session and spent nonce, take a new key (older tickets stop working),
        and go back to the baseline settings."""
        with self._lock:
            self.settings = self.baseline
            self.key = secrets.token_bytes(32)
            self._sessions = {}
            self._spent = set()
            self._copy_owners = set()

    def spend(self, nonce: str) -> bool:
        """Mark a ticket's nonce used; False if it already was."""
        with self._lock:
            if nonce in self._spent:
                return False
            self._spent.add(nonce)
            return True

    def open_session(self, member_id: str, host: str, lang: str) -> str:
        """A new session for ``member_id`` on ``host``; returns its cookie value."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[sid] = PortalSession(member_id, host, lang, secrets.token_urlsafe(32))
        return sid

    def session(self, sid: str | None, host: str) -> PortalSession | None:
        """The session behind cookie value ``sid``, if it was issued for ``host``."""
        with self._lock:
            found = self._sessions.get(sid or "")
        return found if found is not None and found.host == host else None

    def note_copy_owner(self, member_id: str) -> None:
        """Remember that ``member_id`` asked for a data copy (its copies may be rescheduled)."""
        with self._lock:
            self._copy_owners.add(member_id)

    def copy_owners(self) -> set[str]:
        """The accounts that asked for a data copy since the last reset."""
        with self._lock:
            return set(self._copy_owners)

    def counts(self) -> dict[str, int]:
        """How many sessions are open and tickets spent."""
        with self._lock:
            return {"sessions": len(self._sessions), "spent_tickets": len(self._spent)}


def install(app: Flask, settings: PortalSettings | None = None) -> PortalState:
    """Give ``app`` a fresh portal state."""
    state = app.extensions[_EXTENSION_KEY] = PortalState(settings)
    return state


def state_of(app: Flask | None = None) -> PortalState:
    """The portal state of ``app`` (default: the current app)."""
    return (app or current_app).extensions[_EXTENSION_KEY]


def configure(app: Flask, **settings: float) -> PortalSettings:
    """Set ``app``'s portal settings (``ticket_ttl_s``, ``copy_delay_s``) for good: they are
    also what ``POST /__mock__/reset`` goes back to. For tests that build their own app."""
    state = state_of(app)
    state.baseline = state.settings = state.baseline.changed(settings)
    return state.settings
