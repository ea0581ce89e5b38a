"""Assertions on a run and on the site's state; each failure shows the run's output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from harness import CliRun, leaked_secrets

# What a run that met a sign-in form on another origin says: where it was (the other
# loopback host name), and that nothing was typed.
FOREIGN_SIGN_IN = r"(origin|host|localhost).*(nothing was typed|not typed)"


def expect_bundle(run: CliRun) -> dict[str, Any]:
    """The run named its bundle, the bundle has a manifest whose `exit_code` is the
    process's, and the password is in no output and no file of it. Returns the manifest."""
    assert run.bundle is not None, f"the run named no audit bundle\n{run}"
    assert run.bundle.is_dir(), f"the bundle {run.bundle} does not exist\n{run}"
    manifest = run.manifest
    assert manifest is not None, f"the bundle has no readable manifest.json\n{run}"
    assert manifest.get("exit_code") == run.returncode, (
        f"manifest exit_code {manifest.get('exit_code')!r} is not the process's "
        f"{run.returncode}\n{run}"
    )
    leaks = leaked_secrets(run)
    assert not leaks, f"the password shows up in {leaks}\n{run}"
    return manifest


def expect_exit(run: CliRun, code: int, outcome: str | None = None) -> dict[str, Any]:
    """Exit code `code`, then a sound bundle (see `expect_bundle`), then its outcome."""
    assert run.returncode == code, f"expected exit {code}, got {run.returncode}\n{run}"
    manifest = expect_bundle(run)
    if outcome is not None:
        assert manifest.get("outcome") == outcome, (
            f"expected outcome {outcome!r}, the manifest says {manifest.get('outcome')!r}\n{run}"
        )
    return manifest


def expect_says(run: CliRun, *wanted: str, pattern: str | None = None) -> None:
    """The run's final sentence contains every text of `wanted` (and matches `pattern`,
    case-insensitively, when given)."""
    missing = [text for text in wanted if text not in run.sentence]
    assert not missing, f"the sentence does not name {missing}\n{run}"
    if pattern is not None:
        assert re.search(pattern, run.sentence, re.IGNORECASE), (
            f"the sentence does not match /{pattern}/i\n{run}"
        )


def expect_state(run: CliRun, state: dict[str, Any], **expected: Any) -> None:
    """The site's state (an account or a store) has these values after the run."""
    wrong = {key: state.get(key) for key, value in expected.items() if state.get(key) != value}
    assert not wrong, (
        f"the site's state after the run: expected {expected}, but {wrong}\n"
        f"state: {json.dumps(state)}\n{run}"
    )


def expect_steps(run: CliRun, *, has: tuple[str, ...] = (), lacks: tuple[str, ...] = ()) -> None:
    """The manifest's steps include every name of `has` and none of `lacks`."""
    names = run.step_names
    absent = [name for name in has if name not in names]
    present = [name for name in lacks if name in names]
    assert not absent and not present, (
        f"steps {names}: missing {absent}, should not be there {present}\n{run}"
    )


def read_json(path: Path, run: CliRun) -> Any:
    assert path.is_file(), f"{path} was not written\n{run}"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise AssertionError(f"{path} is not JSON ({exc})\n{run}") from exc
