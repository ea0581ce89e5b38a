"""Signed one-time tickets that hand a signed-in buyer over to the privacy portal.

A ticket is ``<payload>.<mac>``, both base64url without padding: the payload is the JSON
``{"m": member ID, "h": portal host, "l": language, "e": expiry in ms since the epoch,
"n": nonce}`` and the MAC is HMAC-SHA256 of the payload's text under the portal's key. This
module signs and checks; remembering spent nonces (single use) is the portal's job.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass


class Refusal(enum.Enum):
    """Why a ticket does not sign anyone in."""

    MISSING = "missing"
    INVALID = "invalid"  # malformed, tampered with, or signed with another key
    WRONG_HOST = "wrong_host"  # issued for the other host name
    EXPIRED = "expired"
    USED = "used"
    ACCOUNT = "account"  # the account is gone or deactivated


class TicketRefused(Exception):
    """A ticket that must not sign anyone in; ``reason`` says why."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Ticket:
    """What a valid ticket says."""

    member_id: str
    portal_host: str
    lang: str
    expires_ms: int
    nonce: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def issue(
    key: bytes, *, member_id: str, portal_host: str, lang: str, ttl_s: float, now_s: float
) -> str:
    """A ticket for ``member_id`` on ``portal_host``, valid for ``ttl_s`` seconds from now."""
    body = {
        "m": member_id,
        "h": portal_host,
        "l": lang,
        "e": int(now_s * 1000) + int(ttl_s * 1000),
        "n": secrets.token_urlsafe(16),
    }
    payload = _b64(json.dumps(body, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_mac(key, payload)}"


def read(key: bytes, ticket: str | None, *, host: str, now_s: float) -> Ticket:
    """The ticket's content if its MAC, host and expiry hold; else ``TicketRefused``.

    A ticket expires at its expiry instant: one issued with a lifetime of 0 never works.
    """
    if not ticket:
        raise TicketRefused(Refusal.MISSING)
    payload, _, mac = ticket.partition(".")
    try:
        ascii_ok = payload.isascii() and mac.isascii()
        if not ascii_ok or not hmac.compare_digest(mac, _mac(key, payload)):
            raise TicketRefused(Refusal.INVALID)
        body = json.loads(_unb64(payload))
        found = Ticket(body["m"], body["h"], body["l"], int(body["e"]), body["n"])
    except (binascii.Error, ValueError, KeyError, TypeError) as error:
        raise TicketRefused(Refusal.INVALID) from error
    if found.portal_host != host:
        raise TicketRefused(Refusal.WRONG_HOST)
    if int(now_s * 1000) >= found.expires_ms:
        raise TicketRefused(Refusal.EXPIRED)
    return found
