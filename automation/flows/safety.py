"""Safety rails every flow shares: where credentials may be typed, and consent for a live run."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

from automation.config import Settings, account_label
from automation.errors import SiteUnexpected, UsageError

# The only hosts (and their subdomains) whose pages may receive the password on --live.
LIVE_SIGN_IN_DOMAINS = ("aliexpress.com", "aliexpress.us", "aliexpress.ru")
# The hosts (and subdomains) a --live run may follow the privacy link to (privacy.aliexpress.com).
LIVE_PORTAL_DOMAINS = LIVE_SIGN_IN_DOMAINS
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")


def origin(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower-case."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def may_type_credentials(form_origin: str, base_url: str, live: bool) -> bool:
    """Whether a sign-in form at `form_origin` may receive the credentials.

    Against a mock: only the target's exact origin. With --live: also https pages of
    AliExpress's own sign-in domains (their sign-in may sit on another subdomain).
    """
    if origin(form_origin) == origin(base_url):
        return True
    parts = urlsplit(form_origin)
    host = (parts.hostname or "").lower()
    return (
        live
        and parts.scheme == "https"
        and any(host == d or host.endswith(f".{d}") for d in LIVE_SIGN_IN_DOMAINS)
    )


def may_open_portal(portal_url: str, base_url: str, live: bool) -> bool:
    """Whether the privacy link may lead the browser to `portal_url` (another origin than
    the site's: the portal is trusted because the signed-in site linked it, for navigation
    and the confirmation box only; no credential is ever typed there).

    Against a mock: a loopback host. With --live: an https page of AliExpress's own domains.
    """
    parts = urlsplit(portal_url)
    host = (parts.hostname or "").lower()
    if origin(portal_url) == origin(base_url):
        return True
    if not live:
        loopback = host in LOOPBACK_HOSTS or host.startswith("127.")
        return parts.scheme in ("http", "https") and loopback
    return parts.scheme == "https" and any(
        host == d or host.endswith(f".{d}") for d in LIVE_PORTAL_DOMAINS
    )


def refuse_foreign_form(form: str, form_origin: str, base_url: str, live: bool, check: str) -> None:
    """Stop (`SiteUnexpected`, exit 5) before anything is typed into `form` when it is not on
    an origin that `may_type_credentials`; `check` ends the sentence with what to look at."""
    if not may_type_credentials(form_origin, base_url, live):
        raise SiteUnexpected(
            f"The {form} is on {form_origin}, which is not the site you named "
            f"({origin(base_url)}); nothing was typed. {check}"
        )


def confirm_live_run(settings: Settings, base_url: str | None, *, live: bool, dry_run: bool,
                     yes: bool, action: str = "deactivates") -> dict[str, str] | None:  # fmt: skip
    """Before a real run on the live site, have the person type the member ID (or pass --yes).

    `action` words what the run does to the account ("deactivates", "closes the store of").

    Returns what to record about the consent, or None when none is needed.
    """
    if not live or dry_run:
        return None
    if yes:
        return {"confirmation": "--yes"}
    if not sys.stdin.isatty():
        raise UsageError(
            "A real run on the live site needs your confirmation: run it in a terminal to "
            "type the member ID, or add --yes."
        )
    print(
        f"This {action} {account_label(settings.login)} on {base_url}; it cannot be undone.",
        file=sys.stderr,
    )
    typed = input("Type the member ID (or the login) to confirm: ").strip().casefold()
    if typed not in {settings.confirm_id.casefold(), settings.login.casefold()}:
        raise UsageError("What you typed does not match the account; nothing was done.")
    return {"confirmation": "typed"}
