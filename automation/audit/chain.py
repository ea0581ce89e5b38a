"""The journal: an append-only, hash-chained record of a run, fsynced as it grows.

Each line of `journal.jsonl` is one record: `{"seq", "kind", "prev", ..., "hash"}`, where
`prev` is the hash of the record before (64 zeros for the first) and `hash` is the SHA-256
of the record's canonical JSON without its own `hash`. Kinds: `run` (initial metadata),
`meta` (metadata set later), `step` (one step with the SHA-256 of each of its files),
`file` (a file attached to the run), `end` (outcome, and the hashes of the log and report).
`manifest.json` is derived from the records, so it can always be rebuilt and checked.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> bytes:
    """The bytes that are hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def record_hash(record: dict[str, Any]) -> str:
    """SHA-256 of a record without its own `hash` field."""
    return hashlib.sha256(canonical({k: v for k, v in record.items() if k != "hash"})).hexdigest()


class Journal:
    """Appends chained records to `journal.jsonl`, each flushed and fsynced before returning."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._file = os.fdopen(fd, "ab")
        self.records: list[dict[str, Any]] = []

    @property
    def head(self) -> str:
        """Hash of the last record (64 zeros before the first)."""
        return self.records[-1]["hash"] if self.records else GENESIS

    def append(self, kind: str, **body: Any) -> dict[str, Any]:
        """Chain, write and fsync one record; return it."""
        record = {"seq": len(self.records), "kind": kind, "prev": self.head, **body}
        record["hash"] = record_hash(record)
        self._file.write(canonical(record) + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self.records.append(record)
        return record

    def close(self) -> None:
        self._file.close()


def derive_manifest(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest a journal stands for: metadata, steps in order, files, final hash last."""
    meta: dict[str, Any] = {}
    steps: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    ended = False
    for record in records:
        meta.update(record.get("set") or {})
        if record["kind"] == "step":
            steps.append({**record["step"], "prev": record["prev"], "hash": record["hash"]})
        files.extend(record.get("files") or [])
        ended = ended or record["kind"] == "end"
    return {
        **meta,
        "partial": not ended,
        "steps": steps,
        "files": files,
        "records": len(records),
        "final_hash": records[-1]["hash"] if records else None,
    }


@dataclass
class JournalReading:
    """What `read_journal` found: the records that chain, and the first problem, if any."""

    records: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None
    torn_tail: bool = False


def _label(record: dict[str, Any]) -> str:
    if record.get("kind") == "step":
        return f"step {record.get('step', {}).get('name')!r}"
    return f"the {record.get('kind')!r} record"


def read_journal(path: Path) -> JournalReading:
    """Read and check the chain; stop at the first record that does not fit.

    A last line that is not complete JSON is a write cut short by a killed run
    (`torn_tail`), not tampering: the records before it still stand.
    """
    reading = JournalReading()
    lines = path.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    prev = GENESIS
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            if number == len(lines):
                reading.torn_tail = True
                return reading
            reading.problem = f"journal.jsonl line {number} is not a record (edited)"
            return reading
        if not isinstance(record, dict) or record.get("hash") != record_hash(record):
            reading.problem = f"journal.jsonl line {number} ({_label(record)}) was changed"
            return reading
        if record.get("prev") != prev or record.get("seq") != number - 1:
            reading.problem = (
                f"journal.jsonl line {number} ({_label(record)}) does not follow the record "
                "before it: records were removed, inserted or reordered"
            )
            return reading
        reading.records.append(record)
        prev = record["hash"]
    return reading
