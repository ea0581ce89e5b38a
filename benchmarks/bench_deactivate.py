"""Time `aliexit deactivate --dry-run` against the embedded mock, beside a bare-Playwright floor.

Prints medians (seconds) of N runs of:
  command  the whole `aliexit deactivate --dry-run` command, as a user runs it
  flow     the deactivation flow alone (browser already running, recorder writing evidence)
  floor    the same page visits, clicks and fills with bare Playwright calls, no evidence
and the flow/floor ratio. Figures, not pass/fail. Usage: python benchmarks/bench_deactivate.py [N]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import Browser, async_playwright

from automation.audit.recorder import Recorder
from automation.browser import launch, new_context
from automation.config import load_settings, merged_environment
from automation.flows.context import FlowContext, RunOptions, Submitting
from automation.flows.deactivate import DeactivateRequest, deactivate_steps
from automation.log import configure_logging
from automation.mocksite import MockServer

ROOT = Path(__file__).resolve().parents[1]
ENV_FILE = ROOT / ".env.example"
CREDENTIALS = ("ALIEXPRESS_LOGIN", "ALIEXPRESS_PASSWORD", "ALIEXPRESS_CONFIRM_ID")


def time_command(audit_dir: str) -> float:
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIALS}
    began = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "automation",
            "deactivate",
            "--dry-run",
            "--env-file",
            str(ENV_FILE),
            "--audit-dir",
            audit_dir,
            "--log-format",
            "json",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - began


async def time_flow(browser: Browser, base_url: str, audit_dir: Path) -> float:
    env = merged_environment(ENV_FILE, {})
    settings = load_settings(env)
    options = RunOptions(flow="deactivate")
    request = DeactivateRequest(Submitting(dry_run=True))
    recorder = Recorder(audit_dir, flow="deactivate")
    context = await new_context(browser, timeout_ms=settings.timeout_ms)
    began = time.perf_counter()
    run = FlowContext(context, settings, base_url, options, request, recorder)
    result = await deactivate_steps(run)
    elapsed = time.perf_counter() - began
    recorder.finish(result.outcome)
    await context.close()
    assert result.outcome == "dry_run_complete", result
    return elapsed


async def time_floor(browser: Browser, base_url: str) -> float:
    """The same visits, clicks and reads with bare Playwright: no screenshots, manifest or log."""
    env = merged_environment(ENV_FILE, {})
    context = await new_context(browser, timeout_ms=15_000)
    began = time.perf_counter()
    page = await context.new_page()  # the flow opens its page too
    await page.goto(base_url, wait_until="domcontentloaded")
    await page.get_by_role("link", name="Sign in", exact=True).first.click()
    await page.get_by_label("Email address or member ID").fill(env["ALIEXPRESS_LOGIN"])
    await page.get_by_label("Password", exact=True).fill(env["ALIEXPRESS_PASSWORD"])
    await page.get_by_role("button", name="Sign in", exact=True).click()
    my_aliexpress = page.get_by_role("link", name="My AliExpress").first
    await my_aliexpress.click()
    for menu in ("My Orders", "Refunds and Disputes", "AliExpress Wallet", "My Coupons"):
        await page.get_by_role("link", name=menu, exact=True).first.click()  # the checks
        await page.get_by_role("heading", name=menu, exact=True).wait_for()
        await page.locator("main").inner_text()
    await page.get_by_role("link", name="Edit Member Profile").first.click()
    await page.get_by_role("link", name="Deactivate Account").click()
    await page.get_by_label("Confirm your account").fill(env["ALIEXPRESS_CONFIRM_ID"])
    await page.get_by_label("Type in the following words").fill("Deactivate my account")
    await page.get_by_role("radio", name="Privacy concerns").check()
    button = page.get_by_role("button", name="Deactivate my account")
    assert await button.is_enabled()
    elapsed = time.perf_counter() - began
    await context.close()
    return elapsed


async def in_process(runs: int, audit_dir: Path) -> tuple[list[float], list[float]]:
    flows: list[float] = []
    floors: list[float] = []
    with MockServer() as server:
        async with async_playwright() as playwright:
            browser, _label = await launch(playwright, headed=False)
            await time_floor(browser, server.url)  # warm-up, not counted
            for _ in range(runs):
                floors.append(await time_floor(browser, server.url))
                flows.append(await time_flow(browser, server.url, audit_dir))
            await browser.close()
    return flows, floors


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    configure_logging("json", stream=open(os.devnull, "w"))  # noqa: SIM115
    os.environ["ALIEXIT_REASON"] = "Privacy concerns"
    with tempfile.TemporaryDirectory() as tmp:
        commands = [time_command(tmp) for _ in range(runs)]
        flows, floors = asyncio.run(in_process(runs, Path(tmp)))
    command, flow, floor = (statistics.median(v) for v in (commands, flows, floors))
    print(f"runs: {runs} (medians, seconds; {os.cpu_count()} cores)")
    print(f"command  aliexit deactivate --dry-run   {command:6.2f}   target < 3.50")
    print(f"flow     deactivate steps + evidence    {flow:6.2f}")
    print(f"floor    bare Playwright, no evidence   {floor:6.2f}")
    print(f"ratio    flow / floor                   {flow / floor:6.2f}   target <= 1.30")


if __name__ == "__main__":
    main()
