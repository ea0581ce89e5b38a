"""The run recorder: ordered steps, a masked screenshot per step, a manifest rewritten as it goes.

Layout of `AUDIT_DIR/<run-id>/`: `manifest.json`, `screenshots/NN-<step>.png`
(and `NN-<step>-failed.png` / `.html` for a failed step), `log.jsonl`.
The manifest is rewritten atomically after every step, so a run that dies
half-way still leaves a readable record of what it did.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from automation import __version__
from automation.audit.files import make_private_dir, write_private
from automation.audit.screenshot import full_page_png
from automation.log import bundle_sink, get_logger, now_iso

_CLEAR_SECRET_VALUES = """() => {
  for (const e of document.querySelectorAll('input[type=password]')) {
    e.removeAttribute('value');
  }
}"""


@dataclass
class StepRecord:
    """One step as it appears in the manifest."""

    index: int
    name: str
    started_at: str
    finished_at: str | None = None
    duration_ms: int | None = None
    url: str | None = None
    status: str = "running"
    screenshot: str | None = None
    sha256: str | None = None
    error: str | None = None
    html: str | None = None
    html_sha256: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    def as_manifest(self) -> dict[str, Any]:
        """The record without empty optional fields."""
        keep = {"index", "name", "started_at", "finished_at", "url", "status", "screenshot"}
        keep |= {"sha256"}
        return {k: v for k, v in asdict(self).items() if k in keep or v not in (None, {})}


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


class Recorder:
    """Writes one run's bundle; `step()` wraps each named step of a flow."""

    def __init__(
        self,
        audit_dir: Path,
        *,
        flow: str,
        scrub: Callable[[str], str] = lambda text: text,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.run_id = new_run_id(flow)
        self.dir = make_private_dir(audit_dir) / self.run_id
        make_private_dir(self.dir)
        self.screenshots = make_private_dir(self.dir / "screenshots")
        self._scrub = scrub
        self.steps: list[StepRecord] = []
        self.meta: dict[str, Any] = {
            "run_id": self.run_id,
            "tool_version": __version__,
            "flow": flow,
            "started_at": now_iso(),
            "finished_at": None,
            "outcome": None,
            **(metadata or {}),
        }
        self.log = get_logger(run_id=self.run_id)
        bundle_sink.attach(self.dir / "log.jsonl")
        self._write_manifest()

    def update(self, **metadata: Any) -> None:
        """Add or change run metadata (target, account, browser, options…)."""
        self.meta.update(metadata)
        self._write_manifest()

    @asynccontextmanager
    async def step(self, name: str, page: Page) -> AsyncIterator[StepHandle]:
        """Record a step: timing, URL, a full-page masked screenshot; evidence on failure."""
        record = StepRecord(index=len(self.steps) + 1, name=name, started_at=now_iso())
        self.steps.append(record)
        began = time.perf_counter()
        try:
            yield StepHandle(record)
        except BaseException as exc:
            record.status = "failed"
            record.error = self._scrub(getattr(exc, "sentence", None) or _describe(exc))
            await self._capture(record, page, suffix="-failed", with_html=True)
            self._close(record, began)
            raise
        record.status = "ok"
        await self._capture(record, page)
        self._close(record, began)

    def finish(self, outcome: str, **metadata: Any) -> Path:
        """Write the final manifest and detach the log; return the bundle's folder."""
        self.meta.update(metadata, outcome=outcome, finished_at=now_iso())
        self._write_manifest()
        bundle_sink.detach()
        return self.dir

    def _close(self, record: StepRecord, began: float) -> None:
        record.finished_at = now_iso()
        record.duration_ms = round((time.perf_counter() - began) * 1000)
        self._write_manifest()
        log = self.log.error if record.status == "failed" else self.log.info
        log(
            "step finished" if record.status == "ok" else "step failed",
            step=record.name,
            index=record.index,
            status=record.status,
            duration_s=record.duration_ms / 1000,
            url=record.url,
            **({"error": record.error} if record.error else {}),
        )

    async def _capture(
        self, record: StepRecord, page: Page, *, suffix: str = "", with_html: bool = False
    ) -> None:
        stem = f"{record.index:02d}-{record.name}{suffix}"
        try:
            record.url = page.url
            image = await full_page_png(page)
            record.screenshot = f"screenshots/{stem}.png"
            record.sha256 = write_private(self.dir / record.screenshot, image)
            if with_html:
                await page.evaluate(_CLEAR_SECRET_VALUES)
                html = self._scrub(await page.content())
                record.html = f"screenshots/{stem}.html"
                record.html_sha256 = write_private(self.dir / record.html, html.encode("utf-8"))
        except PlaywrightError as exc:  # page closed or crashed: keep what we have
            record.notes["capture_error"] = self._scrub(_describe(exc))

    def _write_manifest(self) -> None:
        manifest = {**self.meta, "steps": [s.as_manifest() for s in self.steps]}
        text = self._scrub(_dumps(manifest))
        write_private(self.dir / "manifest.json", text.encode("utf-8"))


def _describe(exc: BaseException) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n"
