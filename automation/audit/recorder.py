"""The run recorder: ordered steps with masked screenshots and page text, chained in a journal.

Layout of `AUDIT_DIR/<run-id>/`:
  journal.jsonl              hash-chained records, appended and fsynced as the run goes
  manifest.json              derived from the journal after every record (see `chain`)
  screenshots/NN-<step>.png  full-page screenshot at the end of each step, passwords masked
  screenshots/NN-<step>.aria.txt   the page's accessibility snapshot at the same moment
  screenshots/NN-<step>-failed.png / -failed.aria.txt / -failed.html   for a failed step
  log.jsonl, report.html     the structured log and the page a person reads (hashed at the end)
A run killed half-way leaves a journal whose records still chain: a partial, intact bundle.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from automation import __version__
from automation.audit.chain import Journal, derive_manifest
from automation.audit.files import make_private_dir, sha256_file, write_private
from automation.audit.screenshot import full_page_png
from automation.errors import first_line
from automation.log import bundle_sink, get_logger, now_iso

if TYPE_CHECKING:  # cryptography loads only when a bundle is signed
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# The page's HTML as evidence: a copy with every field value and hidden token removed.
_HTML_WITHOUT_VALUES = """() => {
  const root = document.documentElement.cloneNode(true);
  for (const e of root.querySelectorAll('input')) e.removeAttribute('value');
  for (const e of root.querySelectorAll('textarea')) e.textContent = '';
  return '<!DOCTYPE html>\\n' + root.outerHTML;
}"""


@dataclass
class StepRecord:
    """One step as it appears in the journal and the manifest."""

    index: int
    name: str
    started_at: str
    finished_at: str | None = None
    duration_ms: int | None = None
    url: str | None = None
    status: str = "running"
    screenshot: str | None = None
    sha256: str | None = None
    aria: str | None = None
    aria_sha256: str | None = None
    html: str | None = None
    html_sha256: str | None = None
    error: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    def as_manifest(self) -> dict[str, Any]:
        """The record, without empty optional fields."""
        always = {"index", "name", "started_at", "finished_at", "url", "status", "screenshot"}
        always |= {"sha256", "duration_ms"}
        return {k: v for k, v in self.__dict__.items() if k in always or v not in (None, {})}


class StepHandle:
    """What a step's body can add to its record."""

    def __init__(self, record: StepRecord) -> None:
        self._record = record

    def note(self, **values: Any) -> None:
        """Attach facts (no secrets) to the step's record."""
        self._record.notes.update(values)


def new_run_id(flow: str) -> str:
    """A sortable, unique run id: `20261122T101500Z-deactivate-3fa2c1`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{flow}-{secrets.token_hex(3)}"


def _scrubbed(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _scrubbed(v, scrub) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(v, scrub) for v in value]
    return value


class Recorder:
    """Writes one run's bundle; `step()` wraps each named step of a flow."""

    def __init__(
        self,
        audit_dir: Path,
        *,
        flow: str,
        scrub: Callable[[str], str] = lambda text: text,
        metadata: dict[str, Any] | None = None,
        signing_key: Ed25519PrivateKey | None = None,
    ) -> None:
        self.run_id = new_run_id(flow)
        self.dir = make_private_dir(audit_dir) / self.run_id
        make_private_dir(self.dir)
        make_private_dir(self.dir / "screenshots")
        self._scrub = scrub
        self._key = signing_key
        self._signature: dict[str, Any] | None = None
        self.steps: list[StepRecord] = []
        self.journal = Journal(self.dir / "journal.jsonl")
        self.log = get_logger(run_id=self.run_id)
        bundle_sink.attach(self.dir / "log.jsonl")
        self._append(
            "run",
            set={
                "run_id": self.run_id,
                "tool_version": __version__,
                "flow": flow,
                "started_at": now_iso(),
                "finished_at": None,
                "outcome": None,
                "signed": signing_key is not None,
                **(metadata or {}),
            },
        )

    @property
    def manifest(self) -> dict[str, Any]:
        """The manifest as it stands (derived from the journal)."""
        manifest = derive_manifest(self.journal.records)
        if self._signature:
            final = manifest.pop("final_hash")
            manifest |= {"signature": self._signature, "final_hash": final}
        return manifest

    def update(self, **metadata: Any) -> None:
        """Record run metadata (target, account, browser, options…) as it becomes known."""
        self._append("meta", set=metadata)

    def add_facts(self, facts: Mapping[str, Any]) -> None:
        """Add the flow's own facts (label -> text, in order) after those it has given."""
        self.update(facts={**(self.manifest.get("facts") or {}), **facts})

    def attach(self, name: str, data: bytes) -> Path:
        """Add a file (a trace, a video…) to the bundle and chain its hash."""
        path = self.dir / name
        digest = write_private(path, data)
        self._append("file", files=[{"path": name, "sha256": digest}])
        return path

    @asynccontextmanager
    async def step(self, name: str, page: Page) -> AsyncIterator[StepHandle]:
        """Record a step: timing, URL, screenshot and page text at its end; evidence on failure."""
        record = StepRecord(index=len(self.steps) + 1, name=name, started_at=now_iso())
        self.steps.append(record)
        began = time.perf_counter()
        try:
            yield StepHandle(record)
        except BaseException as exc:
            record.status = "failed"
            record.error = getattr(exc, "sentence", None) or _describe(exc)
            await self._capture(record, page, suffix="-failed", with_html=True)
            self._close(record, began)
            raise
        record.status = "ok"
        await self._capture(record, page)
        self._close(record, began)

    def finish(self, outcome: str, **metadata: Any) -> Path:
        """Close the run: log and report hashed into the last record, signed if a key is set."""
        from automation.audit.report import render_report

        end = {**metadata, "outcome": outcome, "finished_at": now_iso()}
        bundle_sink.detach()
        files = [{"path": "log.jsonl", "sha256": sha256_file(self.dir / "log.jsonl")}]
        preview = {**self.manifest, **_scrubbed(end, self._scrub), "partial": False}
        report = render_report(preview, self.dir).encode("utf-8")
        files.append(
            {"path": "report.html", "sha256": write_private(self.dir / "report.html", report)}
        )
        self._append("end", set=end, files=files, write=False)
        if self._key is not None:
            from automation.audit.signing import sign

            self._signature = sign(self._key, self.journal.head)
        self._write_manifest()
        self.journal.close()
        return self.dir

    def _append(self, kind: str, *, write: bool = True, **body: Any) -> None:
        self.journal.append(kind, **_scrubbed(body, self._scrub))
        if write:
            self._write_manifest()

    def _close(self, record: StepRecord, began: float) -> None:
        record.finished_at = now_iso()
        record.duration_ms = round((time.perf_counter() - began) * 1000)
        self._append("step", step=record.as_manifest())
        log = self.log.error if record.status == "failed" else self.log.info
        log(
            "step finished" if record.status == "ok" else "step failed",
            step=record.name,
            index=record.index,
            status=record.status,
            duration_s=record.duration_ms / 1000,
            url=record.url,
            **({"error": self._scrub(record.error)} if record.error else {}),
        )

    async def _capture(
        self, record: StepRecord, page: Page, *, suffix: str = "", with_html: bool = False
    ) -> None:
        stem = f"screenshots/{record.index:02d}-{record.name}{suffix}"
        record.url = page.url
        jobs = [full_page_png(page), page.locator("body").aria_snapshot()]
        if with_html:
            jobs.append(page.evaluate(_HTML_WITHOUT_VALUES))
        results = await asyncio.gather(*jobs, return_exceptions=True)
        image, aria = results[0], results[1]
        problems = [_describe(r) for r in results if isinstance(r, BaseException)]
        if isinstance(image, bytes):
            record.screenshot = f"{stem}.png"
            record.sha256 = write_private(self.dir / record.screenshot, image)
        if isinstance(aria, str):
            record.aria = f"{stem}.aria.txt"
            text = self._scrub(f"# {record.url}\n{aria}\n")
            record.aria_sha256 = write_private(self.dir / record.aria, text.encode("utf-8"))
        if with_html and isinstance(results[2], str):
            record.html = f"{stem}.html"
            html = self._scrub(results[2]).encode("utf-8")
            record.html_sha256 = write_private(self.dir / record.html, html)
        if problems:  # page closed or crashed: keep what we have, say what is missing
            record.notes["capture_error"] = "; ".join(problems)
        for problem in results:
            if isinstance(problem, BaseException) and not isinstance(problem, PlaywrightError):
                raise problem

    def _write_manifest(self) -> None:
        text = json.dumps(self.manifest, indent=2, ensure_ascii=False, default=str) + "\n"
        write_private(self.dir / "manifest.json", text.encode("utf-8"))


def _describe(exc: BaseException) -> str:
    first = first_line(exc)
    return first if first == type(exc).__name__ else f"{type(exc).__name__}: {first}"
