"""Check a bundle against its manifest: every recorded file present and unchanged, none added."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from automation.audit.files import sha256_file
from automation.errors import UsageError


@dataclass(frozen=True)
class Verdict:
    """The result of checking one bundle."""

    intact: bool
    problems: list[str]
    outcome: str | None
    steps: int


def verify_bundle(run_dir: Path) -> Verdict:
    """Compare every file the manifest lists with its SHA-256, and look for unlisted files."""
    manifest_path = run_dir / "manifest.json"
    if not manifest_path.is_file():
        raise UsageError(f"{run_dir} holds no manifest.json; give the folder of one run.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Verdict(False, [f"manifest.json is not valid JSON ({exc})"], None, 0)
    problems: list[str] = []
    listed: set[str] = set()
    steps = manifest.get("steps") or []
    for expected_index, step in enumerate(steps, start=1):
        if step.get("index") != expected_index:
            problems.append(f"step {step.get('name')!r} is out of order")
        for key, digest_key in (("screenshot", "sha256"), ("html", "html_sha256")):
            rel = step.get(key)
            if not rel:
                continue
            listed.add(rel)
            path = run_dir / rel
            if not path.is_file():
                problems.append(f"{rel} (step {step.get('name')}) is missing")
            elif sha256_file(path) != step.get(digest_key):
                problems.append(f"{rel} (step {step.get('name')}) was changed")
    shots = run_dir / "screenshots"
    if shots.is_dir():
        for path in sorted(shots.iterdir()):
            rel = f"screenshots/{path.name}"
            if rel not in listed:
                problems.append(f"{rel} is not in the manifest (added)")
    return Verdict(not problems, problems, manifest.get("outcome"), len(steps))
