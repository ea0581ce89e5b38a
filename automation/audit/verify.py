"""Check a bundle: the journal's chain, every file against its hash, the manifest, the signature.

The first problem found is reported by name. A run that was killed half-way is intact
when what it wrote still chains; it is reported as partial, with what it left unfinished.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from automation.audit.chain import canonical, derive_manifest, read_journal
from automation.audit.files import sha256_file
from automation.audit.signing import check, load_public_key
from automation.errors import UsageError

_CHAIN_FILES = {"journal.jsonl", "manifest.json"}  # the record itself, not listed in it
_STEP_FILES = (("screenshot", "sha256"), ("aria", "aria_sha256"), ("html", "html_sha256"))
_STEP_FILE = re.compile(r"^screenshots/(\d+)-")


@dataclass
class Verdict:
    """The result of checking one bundle; `problem` is the first thing found wrong."""

    problem: str | None = None
    outcome: str | None = None
    steps: int = 0
    partial: bool = False
    signature: str = "unsigned"  # "valid", "unsigned", "not checked", or why there is none
    notes: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_bundle(run_dir: Path, key_file: Path | None = None) -> Verdict:
    """Check `run_dir`; with `key_file` (public or private key), also its signature."""
    journal_path = run_dir / "journal.jsonl"
    if not journal_path.is_file():
        raise UsageError(f"{run_dir} holds no journal.jsonl; give the folder of one run.")
    public = load_public_key(key_file) if key_file else None
    reading = read_journal(journal_path)
    derived = derive_manifest(reading.records)
    verdict = Verdict(
        outcome=derived.get("outcome"), steps=len(derived["steps"]), partial=derived["partial"]
    )
    if reading.torn_tail:
        verdict.notes.append("the journal's last line was cut off as it was written")
    verdict.problem = reading.problem or _check_files(run_dir, derived, verdict)
    if verdict.problem is None:
        verdict.problem, signature = _check_manifest(run_dir, reading.records, derived, verdict)
        if verdict.problem is None:
            _check_signature(signature, public, derived, verdict)
    return verdict


def _check_files(run_dir: Path, derived: dict[str, Any], verdict: Verdict) -> str | None:
    listed: set[str] = set()
    expected: list[tuple[str, str | None, str]] = []
    for step in derived["steps"]:
        for key, digest_key in _STEP_FILES:
            if step.get(key):
                expected.append((step[key], step.get(digest_key), f"step {step['name']}"))
    expected += [(f["path"], f["sha256"], "the run") for f in derived["files"]]
    for rel, digest, owner in expected:
        path = run_dir / rel
        if not path.is_file():
            return f"{rel} ({owner}) is missing"
        if sha256_file(path) != digest:
            return f"{rel} ({owner}) was changed"
        listed.add(rel)
    next_step = len(derived["steps"]) + 1
    for path in sorted(p for p in run_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(run_dir).as_posix()
        if rel in listed or rel in _CHAIN_FILES:
            continue
        if verdict.partial and _left_by_a_killed_run(rel, path, next_step):
            verdict.notes.append(f"{rel} was written after the last journal record")
            continue
        return f"{rel} is not in the journal (added)"
    return None


def _left_by_a_killed_run(rel: str, path: Path, next_step: int) -> bool:
    if rel == "log.jsonl" or path.name.startswith("."):
        return True
    match = _STEP_FILE.match(rel)
    return bool(match and int(match.group(1)) == next_step)


def _check_manifest(
    run_dir: Path, records: list[dict[str, Any]], derived: dict[str, Any], verdict: Verdict
) -> tuple[str | None, dict[str, Any] | None]:
    """The manifest's first difference from the journal (or None), and its signature."""
    path = run_dir / "manifest.json"
    if not path.is_file():
        if verdict.partial:
            verdict.notes.append("manifest.json was never written")
            return None, None
        return "manifest.json is missing", None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "manifest.json is not valid JSON (edited)", None
    signature = manifest.pop("signature", None)
    if canonical(manifest) == canonical(derived):
        return None, signature
    if (
        verdict.partial
        and records
        and canonical(manifest) == canonical(derive_manifest(records[:-1]))
    ):
        verdict.notes.append("manifest.json lags the journal by one record")
        return None, signature
    changed = sorted(k for k in set(manifest) | set(derived) if manifest.get(k) != derived.get(k))
    return f"manifest.json differs from the journal in: {', '.join(changed)}", signature


def _check_signature(
    signature: dict[str, Any] | None,
    public: Ed25519PublicKey | None,
    derived: dict[str, Any],
    verdict: Verdict,
) -> None:
    if signature is None:
        verdict.signature = "unsigned"
        if derived.get("signed") is True and not verdict.partial:
            verdict.problem = (
                "the signature is missing: manifest.json has none, but the journal says "
                "the bundle was signed (removed)"
            )
        elif derived.get("signed") is True:
            verdict.signature = "none (cut off before it was signed)"
        if public is not None and verdict.problem is None:
            what = "was cut off before it was signed" if derived.get("signed") else "is not signed"
            verdict.problem = f"the bundle {what}, but a key was given to check it"
        return
    if public is None:
        verdict.signature = "not checked"
        return
    problem = check(public, signature, derived["final_hash"] or "")
    if problem:
        verdict.problem = problem
    else:
        verdict.signature = "valid"
