"""In-memory state of the mock site, seeded from ``fixtures/accounts.json``.

All reads return copies and all changes happen under one lock, so the threaded
server can serve several requests at once.
"""

from __future__ import annotations

import enum
import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from .portal_state import DataRequest
from .readers import RecordError
from .records import Records, parse_records
from .stores import Store, parse_store
from .variants import SITE_VARIANTS

STATUSES = ("active", "deactivation_pending", "deactivated", "deletion_pending")
# Where a persona can close its account: Edit Member Profile's Deactivate Account control
# (and the privacy portal), or only the privacy portal (the control and its URLs are gone).
DEACTIVATION_PATHS = ("member-profile", "portal-only")
CHALLENGES = ("slider", "otp")
LANGUAGES = ("en", "es", "fr", "ru", "pt")
_REQUIRED_KEYS = ("login_email", "member_id", "password", "name", "country", "status")
T = TypeVar("T")


@dataclass
class Account:
    """One buyer persona and what the mock has recorded about it."""

    login_email: str
    member_id: str
    password: str = field(repr=False)
    name: str
    country: str
    status: str
    site_variant: str = "standard"
    language: str | None = None  # the site language saved in the account, if any
    description: str = ""
    release_requested: bool | None = None
    deactivation_reason: str | None = None
    deactivation_requests: int = 0
    submissions: int = 0  # deactivation form POSTs that reached the site, valid or not,
    # and deletion requests the privacy portal accepted
    sign_ins: int = 0
    challenge: str | None = None
    totp_secret: str = field(default="", repr=False)
    sign_in_attempts: int = 0
    records: Records = field(default_factory=Records, repr=False)
    store: Store | None = field(default=None, repr=False)
    deactivation: str = "member-profile"  # or "portal-only" (see DEACTIVATION_PATHS)
    portal_submissions: int = 0  # deletion requests the privacy portal accepted
    deletion_requested_at: str | None = None  # when the portal accepted one (ISO, UTC)
    data_requests: tuple[DataRequest, ...] = field(default=(), repr=False)

    def matches(self, login: str) -> bool:
        """True if ``login`` is this account's email or member ID (case and spaces ignored)."""
        wanted = login.strip().casefold()
        return wanted in (self.login_email.casefold(), self.member_id.casefold())

    def public_dict(self) -> dict[str, Any]:
        """The inspection view of the account; never contains the password."""
        return {
            "login": self.login_email,
            "member_id": self.member_id,
            "email": self.login_email,
            "name": self.name,
            "status": self.status,
            "site_variant": self.site_variant,
            "release_requested": self.release_requested,
            "deactivation_reason": self.deactivation_reason,
            "deactivation_requests": self.deactivation_requests,
            "submissions": self.submissions,
            "sign_ins": self.sign_ins,
            "sign_in_attempts": self.sign_in_attempts,
            "challenge": self.challenge,
            "deactivation": self.deactivation,
            "portal_submissions": self.portal_submissions,
            "deletion_requested_at": self.deletion_requested_at,
            "data_requests": [request.as_dict() for request in self.data_requests],
        }


@dataclass(frozen=True)
class Email:
    """A message the mock pretends to have sent."""

    to: str
    subject: str
    body: str
    confirmation_url: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form of the message."""
        return asdict(self)


class SignIn(enum.Enum):
    """Outcome of a sign-in attempt."""

    OK = "ok"
    INCORRECT = "incorrect"
    DEACTIVATED = "deactivated"


def load_accounts(path: Path) -> list[Account]:
    """Read and check the personas in ``path``; raise ``ValueError`` on a malformed file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.get("accounts") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected an object with an 'accounts' list")
    accounts: list[Account] = []
    for index, entry in enumerate(entries):
        missing = [key for key in _REQUIRED_KEYS if not isinstance(entry.get(key), str)]
        if missing:
            raise ValueError(f"{path}: account #{index} lacks {', '.join(missing)}")
        account = Account(
            login_email=entry["login_email"],
            member_id=entry["member_id"],
            password=entry["password"],
            name=entry["name"],
            country=entry["country"],
            status=entry["status"],
            site_variant=entry.get("site_variant", "standard"),
            language=entry.get("language"),
            description=entry.get("description", ""),
            challenge=entry.get("challenge"),
            totp_secret=entry.get("totp_secret", ""),
            deactivation=entry.get("deactivation", "member-profile"),
            deletion_requested_at=entry.get("deletion_requested_at"),
        )
        try:
            account.records = parse_records(entry)
            account.store = parse_store(entry.get("store"))
        except RecordError as error:
            raise ValueError(f"{path}: account #{index}: {error}") from error
        if account.status not in STATUSES:
            raise ValueError(f"{path}: account #{index} has unknown status {account.status!r}")
        if account.site_variant not in SITE_VARIANTS:
            raise ValueError(
                f"{path}: account #{index} has unknown site_variant {account.site_variant!r}"
            )
        if account.challenge is not None and account.challenge not in CHALLENGES:
            raise ValueError(
                f"{path}: account #{index} has unknown challenge {account.challenge!r}"
            )
        if account.challenge == "otp" and not account.totp_secret:
            raise ValueError(f"{path}: account #{index} asks for a code but has no totp_secret")
        if account.language is not None and account.language not in LANGUAGES:
            raise ValueError(f"{path}: account #{index} has unknown language {account.language!r}")
        if account.deactivation not in DEACTIVATION_PATHS:
            raise ValueError(
                f"{path}: account #{index} has unknown deactivation {account.deactivation!r}"
            )
        accounts.append(account)
    return accounts


class MockState:
    """Accounts, sent emails, pending confirmation links and spent faults, under a lock."""

    def __init__(self, accounts_file: Path) -> None:
        self.accounts_file = accounts_file
        self._lock = threading.Lock()
        self._accounts: list[Account] = []
        self._outbox: dict[str, list[Email]] = {}
        self._tokens: dict[str, str] = {}
        self._spent_faults: set[tuple[str, int]] = set()
        self.run_variant: str | None = None  # set by POST /__mock__/variant, until reset
        self.cookie_consents = 0  # how many times a cookie banner was accepted
        self.cookie_rejections = 0  # … and rejected
        self.reset()

    def reset(self) -> None:
        """Forget everything and re-read the fixture file."""
        accounts = load_accounts(self.accounts_file)
        with self._lock:
            self._accounts = accounts
            self._outbox = {account.member_id: [] for account in accounts}
            self._tokens = {}
            self._spent_faults = set()
            self.run_variant = None
            self.cookie_consents = 0
            self.cookie_rejections = 0

    def _find(self, login: str) -> Account | None:
        return next((a for a in self._accounts if a.matches(login)), None)

    def get(self, login: str) -> Account | None:
        """A copy of the account for ``login`` (email or member ID), or None."""
        with self._lock:
            account = self._find(login)
            return replace(account) if account else None

    def sign_in(self, login: str, password: str) -> tuple[SignIn, Account | None]:
        """Check a login and password; count every attempt on the account, and each success."""
        with self._lock:
            account = self._find(login)
            if account is not None:
                account.sign_in_attempts += 1
            if account is None or not secrets.compare_digest(
                account.password.encode(), password.encode()
            ):
                return SignIn.INCORRECT, None
            if account.status == "deactivated":
                return SignIn.DEACTIVATED, None
            account.sign_ins += 1
            return SignIn.OK, replace(account)

    def submit_deactivation(
        self, member_id: str, *, reason: str, release: bool, token: str, email: Email
    ) -> Account | None:
        """Record a deactivation request and "send" its email.

        Returns the updated account, or None when the account is not active
        (for example a request is already pending).
        """
        with self._lock:
            account = self._find(member_id)
            if account is None or account.status != "active":
                return None
            account.status = "deactivation_pending"
            account.deactivation_reason = reason
            account.release_requested = release
            account.deactivation_requests += 1
            self._tokens[token] = account.member_id
            self._outbox[account.member_id].append(email)
            return replace(account)

    def update_account(self, member_id: str, change: Callable[[Account], T]) -> T | None:
        """Apply ``change`` to the account of ``member_id`` atomically; its result, or None
        when there is no such account. ``change`` may modify the account in place."""
        with self._lock:
            account = self._find(member_id)
            return change(account) if account is not None else None

    def send_email(self, member_id: str, email: Email) -> None:
        """Put ``email`` in the outbox of ``member_id``."""
        with self._lock:
            account = self._find(member_id)
            if account is not None:
                self._outbox[account.member_id].append(email)

    def count_submission(self, member_id: str) -> None:
        """Count one deactivation form submission that reached the site."""
        with self._lock:
            account = self._find(member_id)
            if account is not None:
                account.submissions += 1

    def confirm_deactivation(self, token: str) -> Account | None:
        """Use a one-time confirmation token; returns the deactivated account or None."""
        with self._lock:
            member_id = self._tokens.pop(token, None)
            account = self._find(member_id) if member_id else None
            if account is None or account.status != "deactivation_pending":
                return None
            account.status = "deactivated"
            return replace(account)

    def outbox(self, login: str) -> list[Email] | None:
        """Emails sent to the account for ``login``, or None if there is no such account."""
        with self._lock:
            account = self._find(login)
            return list(self._outbox[account.member_id]) if account else None

    def count_cookie_answer(self, choice: str) -> None:
        """Remember that a visitor answered a cookie banner: ``"accept"`` or ``"reject"``."""
        with self._lock:
            if choice == "reject":
                self.cookie_rejections += 1
            else:
                self.cookie_consents += 1

    def store_owner(self, store_id: str) -> Account | None:
        """A copy of the account owning the store ``store_id``, or None."""
        with self._lock:
            found = (a for a in self._accounts if a.store and a.store.store_id == store_id)
            account = next(found, None)
            return replace(account) if account else None

    def update_store(self, member_id: str, change: Callable[[Store], tuple[Store, T]]) -> T | None:
        """Apply ``change`` to the store of ``member_id`` atomically; its result, or None.

        ``change`` gets the current store and returns the new store and a result.
        None means there is no such account or it has no store.
        """
        with self._lock:
            account = self._find(member_id)
            if account is None or account.store is None:
                return None
            account.store, result = change(account.store)
            return result

    def orders_page_fails(self, member_id: str, page: int) -> bool:
        """True if page ``page`` of the all-orders view must fail now.

        An ``"always"`` fault fails every time; a ``"once"`` fault fails on the first
        request after a reset and never again until the next reset.
        """
        with self._lock:
            account = self._find(member_id)
            mode = account.records.orders_page_fault(page) if account else None
            if mode == "always":
                return True
            if mode == "once" and (member_id, page) not in self._spent_faults:
                self._spent_faults.add((member_id, page))
                return True
            return False
