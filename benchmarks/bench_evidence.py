"""The cost of evidence: a dry run with the full audit against the same run with screenshots only.

Full audit: screenshots plus page text (aria snapshots), the fsynced hash-chained journal,
the manifest rewritten after every record, report.html and a signature. Screenshots only:
the same masked PNG per step written to disk, nothing else. Prints medians of N runs of the
flow plus its finish, in one browser, and the ratio. Figures, not pass/fail.
Usage: python benchmarks/bench_evidence.py [N]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.async_api import Browser, Page, async_playwright

from automation.audit.files import write_private
from automation.audit.recorder import Recorder, StepRecord
from automation.audit.screenshot import full_page_png
from automation.browser import launch, new_context
from automation.config import load_settings, merged_environment
from automation.flows.context import FlowContext, RunOptions, Submitting
from automation.flows.deactivate import DeactivateRequest, deactivate_steps
from automation.log import configure_logging
from automation.mocksite import MockServer

ENV_FILE = Path(__file__).resolve().parents[1] / ".env.example"


class ScreenshotsOnly(Recorder):
    """The baseline: a screenshot file per step, no page text, journal, manifest or report."""

    def _append(self, kind: str, *, write: bool = True, **body: Any) -> None:
        pass

    async def _capture(self, record: StepRecord, page: Page, **_: Any) -> None:
        record.screenshot = f"screenshots/{record.index:02d}-{record.name}.png"
        write_private(self.dir / record.screenshot, await full_page_png(page))

    def finish(self, outcome: str, **metadata: Any) -> Path:
        return self.dir


async def one_run(browser: Browser, base_url: str, recorder: Recorder) -> float:
    settings = load_settings(merged_environment(ENV_FILE, {}))
    context = await new_context(browser, timeout_ms=settings.timeout_ms)
    began = time.perf_counter()
    request = DeactivateRequest(Submitting(dry_run=True))
    run = FlowContext(context, settings, base_url, RunOptions(flow="deactivate"), request, recorder)
    result = await deactivate_steps(run)
    recorder.finish(result.outcome)
    elapsed = time.perf_counter() - began
    await context.close()
    assert result.outcome == "dry_run_complete", result
    return elapsed


async def measure(runs: int, audit_dir: Path) -> tuple[list[float], list[float]]:
    key = Ed25519PrivateKey.generate()
    full: list[float] = []
    bare: list[float] = []
    with MockServer() as server:
        async with async_playwright() as playwright:
            browser, _ = await launch(playwright, headed=False)
            await one_run(browser, server.url, ScreenshotsOnly(audit_dir, flow="warmup"))
            for _ in range(runs):
                bare.append(
                    await one_run(browser, server.url, ScreenshotsOnly(audit_dir, flow="b"))
                )
                recorder = Recorder(audit_dir, flow="f", signing_key=key)
                full.append(await one_run(browser, server.url, recorder))
            await browser.close()
    return full, bare


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    configure_logging("json", stream=open(os.devnull, "w"))  # noqa: SIM115
    os.environ["ALIEXIT_REASON"] = "Privacy concerns"
    with tempfile.TemporaryDirectory() as tmp:
        full, bare = asyncio.run(measure(runs, Path(tmp)))
    f, b = statistics.median(full), statistics.median(bare)
    print(f"runs: {runs} (medians, seconds; {os.cpu_count()} cores)")
    print(f"screenshots only                        {b:6.3f}")
    print(f"full audit (text, journal, report, sig) {f:6.3f}")
    print(f"ratio full / screenshots only           {f / b:6.3f}   target < 1.10")


if __name__ == "__main__":
    main()
