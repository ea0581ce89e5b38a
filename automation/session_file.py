"""Saved browser sessions: a Playwright storage state (cookies and local storage) in a file.

`aliexit login --save-session PATH` writes one (mode 600, atomically); `--session PATH`
reads it back, checked before any browser starts. Its contents are secrets: they are never
logged or copied into a bundle.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from automation.errors import UsageError

FILE_MODE = 0o600
# Cookie values at least this long are registered with the redactor (shorter ones are flags).
SECRET_COOKIE_MIN = 8


def _save_hint(path: Path) -> str:
    return f"save one with `aliexit login --save-session {path}`"


def read_storage_state(path: Path) -> dict[str, Any]:
    """The storage state in `path`; `UsageError` saying which check failed otherwise."""
    if not path.exists():
        raise UsageError(f"The session file {path} does not exist; {_save_hint(path)}.")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise UsageError(
            f"The session file {path} cannot be read ({reason}); check that it is a file "
            f"you may read, or {_save_hint(path)}."
        ) from None
    try:
        state = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"The session file {path} is not JSON (line {exc.lineno}); {_save_hint(path)}."
        ) from None
    if not _is_storage_state(state):
        raise UsageError(
            f"The session file {path} is not a Playwright storage state (it needs a "
            f'"cookies" list and an "origins" list); {_save_hint(path)}.'
        )
    return state


def _is_storage_state(state: Any) -> bool:
    if not isinstance(state, dict):
        return False
    cookies, origins = state.get("cookies"), state.get("origins")
    if not isinstance(cookies, list) or not isinstance(origins, list):
        return False
    cookie_keys = {"name", "value", "domain", "path"}
    return all(isinstance(c, dict) and cookie_keys <= c.keys() for c in cookies) and all(
        isinstance(o, dict) and isinstance(o.get("origin"), str) for o in origins
    )


def check_writable(path: Path) -> None:
    """Refuse, before any browser starts, a --save-session path that cannot be a file."""
    if path.is_dir():
        raise UsageError(
            f"--save-session {path} is a folder; give a file name, e.g. {path}/aliexpress.json."
        )
    parent = next((p for p in path.absolute().parents if p.exists()), None)
    if parent is None or not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(
            f"--save-session {path}: no file can be created there; choose a folder you may "
            "write to."
        )


def save_storage_state(path: Path, state: dict[str, Any]) -> None:
    """Write `state` to `path` atomically with mode 600, making its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(state, indent=2).encode("utf-8")
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def secret_values(state: dict[str, Any]) -> list[str]:
    """The cookie values of a storage state that must never be written anywhere else."""
    values = [str(cookie.get("value", "")) for cookie in state.get("cookies", [])]
    for origin in state.get("origins", []):
        values += [str(item.get("value", "")) for item in origin.get("localStorage", [])]
    return [value for value in values if len(value) >= SECRET_COOKIE_MIN]
