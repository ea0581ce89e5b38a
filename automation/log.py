"""structlog setup: console lines in a terminal, JSON lines otherwise, both to stderr.

Every event also goes, as a JSON line, to the current run's `log.jsonl` when one is
attached. A redaction processor runs before anything is rendered: registered secret
values are replaced by `***` wherever they appear, and keys that name secrets are
dropped, so no secret reaches the terminal or the bundle.
"""

from __future__ import annotations

import json
import sys
from collections.abc import MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

import structlog

LogFormat = Literal["auto", "console", "json"]
SECRET_KEYS = frozenset({"password", "passwd", "otp", "totp", "cookie", "cookies", "token"})
REDACTED = "***"


class Redactor:
    """Replace registered secret values, and values of secret-named keys, with `***`."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, value: str) -> None:
        """Register a value that must never be written."""
        if value:
            self._secrets.add(value)

    def clear(self) -> None:
        self._secrets.clear()

    def scrub(self, text: str) -> str:
        """Return `text` with every registered secret replaced."""
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, dict):
            return {k: REDACTED if _is_secret_key(k) else self._clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._clean(v) for v in value]
        if isinstance(value, int | float | bool) or value is None:
            return value
        return self.scrub(str(value))

    def __call__(self, _logger: Any, _name: str, event: MutableMapping[str, Any]):
        for key in list(event):
            event[key] = REDACTED if _is_secret_key(key) else self._clean(event[key])
        return event


def _is_secret_key(key: object) -> bool:
    return isinstance(key, str) and key.lower() in SECRET_KEYS


class BundleSink:
    """Append each event as a JSON line to the attached run's `log.jsonl`."""

    def __init__(self) -> None:
        self._file: IO[str] | None = None

    def attach(self, path: Path) -> None:
        self.detach()
        fd_file = path.open("a", encoding="utf-8")
        path.chmod(0o600)
        self._file = fd_file

    def detach(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __call__(self, _logger: Any, _name: str, event: MutableMapping[str, Any]):
        if self._file is not None:
            self._file.write(json.dumps(dict(event), default=str, ensure_ascii=False) + "\n")
            self._file.flush()
        return event


redactor = Redactor()
bundle_sink = BundleSink()


def _console_line(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> str:
    """Render one short human line; step events read as progress lines."""
    event = dict(event)
    stamp = event.pop("timestamp", "")
    clock = stamp[11:19] if isinstance(stamp, str) and len(stamp) >= 19 else ""
    level = event.pop("level", "info")
    text = event.pop("event", "")
    exc = event.pop("exception", None)
    for noise in ("run_id", "sentence"):  # in every JSON line / printed once at the end
        event.pop(noise, None)
    if "step" in event and "duration_s" in event:
        mark = {"ok": "ok", "failed": "FAILED"}.get(str(event.pop("status", "ok")), "?")
        index = event.pop("index", "")
        line = (
            f"{clock}  [{mark:^6}] {index:>2} {event.pop('step')}  {event.pop('duration_s'):.2f} s"
        )
        event.pop("url", None)
    else:
        tag = "" if level == "info" else f"{level.upper()}: "
        line = f"{clock}  {tag}{text}"
    extras = " ".join(f"{k}={v}" for k, v in event.items())
    out = f"{line}  {extras}" if extras else line
    return f"{out}\n{exc}" if exc else out


def configure_logging(fmt: LogFormat = "auto", stream: IO[str] | None = None) -> None:
    """Configure structlog for this process: console or JSON lines on `stream` (stderr)."""
    stream = stream or sys.stderr
    if fmt == "auto":
        fmt = "console" if stream.isatty() else "json"
    renderer = _console_line if fmt == "console" else structlog.processors.JSONRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redactor,
            bundle_sink,
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(file=stream),
        cache_logger_on_first_use=False,
    )


def now_iso() -> str:
    """The current UTC time as ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def get_logger(**bound: Any) -> structlog.typing.FilteringBoundLogger:
    """A structlog logger with optional bound context."""
    return structlog.get_logger(**bound)
