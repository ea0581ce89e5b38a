"""Settings from the environment and an optional env file, validated before any browser starts.

Precedence: command-line flags > real environment variables > the env file > defaults.
Secrets are held in `Secret`, whose `repr` and `str` never show the value.
"""

from __future__ import annotations

import binascii
import ipaddress
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv.parser import parse_stream

from automation.errors import UsageError

DEFAULT_ENV_FILE = Path(".env")
DEFAULT_AUDIT_DIR = Path("audit")
DEFAULT_TIMEOUT_MS = 15_000
DEFAULT_HUMAN_TIMEOUT_S = 300.0


class Secret:
    """A value that must never be printed, logged or written; `reveal()` is the only way out."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the secret value, for typing it into the one field that needs it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __reduce__(self):  # pickling would write the value somewhere
        raise TypeError("a Secret cannot be pickled")


@dataclass(frozen=True)
class Target:
    """Where the run goes: a URL, or None for the embedded mock site started for the run."""

    base_url: str | None
    live: bool

    @property
    def embedded(self) -> bool:
        return self.base_url is None


@dataclass(frozen=True)
class Settings:
    """Everything a flow needs, validated."""

    login: str
    password: Secret = field(repr=False)
    confirm_id: str
    audit_dir: Path
    reason: str | None  # ALIEXIT_REASON: the reason when --reason is not given
    browser_path: str | None
    browser_ws_endpoint: str | None
    timeout_ms: int
    totp_secret: Secret = field(default_factory=lambda: Secret(""), repr=False)
    browser_cdp_url: str | None = None

    @property
    def has_credentials(self) -> bool:
        """Whether both the login and the password are set (a saved session may stand in)."""
        return bool(self.login and self.password)


def read_env_file(path: Path | None) -> dict[str, str]:
    """Parse an env file; a missing default `.env` is fine, a named missing file is not.

    Raises `UsageError` naming the first line that does not parse.
    """
    explicit = path is not None
    path = path if explicit else DEFAULT_ENV_FILE
    if not path.is_file():
        if explicit:
            raise UsageError(
                f"The env file {path} does not exist; create it (cp .env.example {path}) "
                "or leave out --env-file."
            )
        return {}
    values: dict[str, str] = {}
    with path.open(encoding="utf-8") as stream:
        for binding in parse_stream(stream):
            if binding.error:
                raise UsageError(
                    f"{path} line {binding.original.line} is not a valid setting; "
                    "write it as NAME=value (quote values that contain spaces or #)."
                )
            if binding.key is not None:
                values[binding.key] = binding.value or ""
    return values


def merged_environment(env_file: Path | None, environ: Mapping[str, str]) -> dict[str, str]:
    """The env file's values overridden by the real environment."""
    merged = read_env_file(env_file)
    merged.update(environ)
    return merged


def audit_dir_from(flag: str | None, env: Mapping[str, str]) -> Path:
    """The audit directory: the flag, else ALIEXIT_AUDIT_DIR, else ./audit."""
    return Path(flag or env.get("ALIEXIT_AUDIT_DIR") or DEFAULT_AUDIT_DIR)


def is_loopback_host(host: str) -> bool:
    """True for localhost and addresses in 127.0.0.0/8 or ::1."""
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_target(base_url: str | None, live: bool) -> Target:
    """Validate `--base-url` / `--live` before any browser starts."""
    if base_url is None:
        if live:
            raise UsageError(
                "--live needs the site named explicitly; add --base-url https://www.aliexpress.com."
            )
        return Target(base_url=None, live=False)
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UsageError(
            f"--base-url {base_url!r} is not an http(s) URL; give one like http://127.0.0.1:8000."
        )
    if not is_loopback_host(parts.hostname) and not live:
        raise UsageError(
            f"{base_url} is not a local address; add --live if you really mean to act "
            "on the real site, or point --base-url at a mock (aliexit mock-site)."
        )
    return Target(base_url=base_url.rstrip("/"), live=live)


def load_settings(env: Mapping[str, str], *, credentials_optional: bool = False) -> Settings:
    """Build validated `Settings` from merged environment values and flags.

    `credentials_optional`: a saved session (or a person at the window) may stand in for
    ALIEXPRESS_LOGIN / ALIEXPRESS_PASSWORD; the flow says so when it needs them after all.
    """
    login = (env.get("ALIEXPRESS_LOGIN") or "").strip()
    password = env.get("ALIEXPRESS_PASSWORD") or ""
    missing = [
        name
        for name, value in (("ALIEXPRESS_LOGIN", login), ("ALIEXPRESS_PASSWORD", password))
        if not value
    ]
    if missing and not credentials_optional:
        raise UsageError(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set; "
            "put them in .env (cp .env.example .env) or in the environment."
        )
    timeout_text = env.get("ALIEXIT_TIMEOUT_MS") or str(DEFAULT_TIMEOUT_MS)
    try:
        timeout_ms = int(timeout_text)
        if timeout_ms <= 0:
            raise ValueError
    except ValueError:
        raise UsageError(
            f"ALIEXIT_TIMEOUT_MS={timeout_text!r} is not a positive whole number of "
            "milliseconds; set it to e.g. 15000."
        ) from None
    return Settings(
        login=login,
        password=Secret(password),
        confirm_id=(env.get("ALIEXPRESS_CONFIRM_ID") or "").strip() or login,
        audit_dir=audit_dir_from(None, env),
        reason=(env.get("ALIEXIT_REASON") or "").strip() or None,
        browser_path=(env.get("ALIEXIT_BROWSER_PATH") or "").strip() or None,
        browser_ws_endpoint=(env.get("ALIEXIT_BROWSER_WS_ENDPOINT") or "").strip() or None,
        timeout_ms=timeout_ms,
        totp_secret=_totp_secret(env.get("ALIEXPRESS_TOTP_SECRET") or ""),
        browser_cdp_url=_cdp_url(env),
    )


def _totp_secret(text: str) -> Secret:
    """ALIEXPRESS_TOTP_SECRET, spaces removed, checked to be base32 (never echoed)."""
    secret = "".join(text.split()).upper()
    if secret:
        import pyotp

        try:
            pyotp.TOTP(secret).now()
        except (binascii.Error, ValueError):
            raise UsageError(
                "ALIEXPRESS_TOTP_SECRET is not an authenticator secret (base32: letters A-Z "
                "and digits 2-7, as the site showed when two-step verification was set up); "
                "fix it or unset it."
            ) from None
    return Secret(secret)


def _cdp_url(env: Mapping[str, str]) -> str | None:
    """ALIEXIT_BROWSER_CDP_URL: a running Chromium's DevTools endpoint to attach to."""
    url = (env.get("ALIEXIT_BROWSER_CDP_URL") or "").strip() or None
    if url is None:
        return None
    if urlsplit(url).scheme not in {"http", "https", "ws", "wss"}:
        raise UsageError(
            f"ALIEXIT_BROWSER_CDP_URL={url!r} is not a DevTools address; give one like "
            "http://127.0.0.1:9222 (Chromium started with --remote-debugging-port=9222)."
        )
    if (env.get("ALIEXIT_BROWSER_WS_ENDPOINT") or "").strip():
        raise UsageError(
            "ALIEXIT_BROWSER_CDP_URL and ALIEXIT_BROWSER_WS_ENDPOINT are both set; "
            "keep the one browser you mean to use."
        )
    return url


def human_timeout_from(text: str | None) -> float:
    """Seconds to wait for a person (--human-timeout): a positive number, default 300."""
    if text is None:
        return DEFAULT_HUMAN_TIMEOUT_S
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise UsageError(
            f"--human-timeout {text!r} is not a positive number of seconds; give e.g. "
            "--human-timeout 300."
        )
    return seconds


def mask_account(login: str) -> str:
    """Mask an email or member ID for evidence: `d***@example.com`, `us***01`."""
    login = login.strip()
    if "@" in login:
        local, _, domain = login.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(login) <= 4:
        return "***"
    return f"{login[:2]}***{login[-2:]}"


def account_label(login: str | None) -> str:
    """How sentences name the account: masked login, or the saved session's account."""
    return mask_account(login) if login else "the account of the saved session"


def os_environ() -> dict[str, str]:
    """A copy of the process environment (a seam for tests)."""
    return dict(os.environ)
