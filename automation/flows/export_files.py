"""Writing an export: JSON and CSV bytes, into the bundle (chained) and optionally a folder.

Shared by `aliexit export` (orders_export) and the store export of `close-store`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from automation.audit.files import make_private_dir, write_private
from automation.audit.recorder import Recorder


def json_bytes(document: Any) -> bytes:
    """Indented UTF-8 JSON with a final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A header row then `rows`, UTF-8 with a byte-order mark (spreadsheets read it right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def save_files(recorder: Recorder, files: dict[str, bytes], out_dir: Path | None = None) -> None:
    """Attach every file to the bundle (its hash chained) and, if given, write it to `out_dir`."""
    if out_dir is not None:
        make_private_dir(out_dir)
    for name, data in files.items():
        recorder.attach(name, data)
        if out_dir is not None:
            write_private(out_dir / name, data)
