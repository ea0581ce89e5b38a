"""A dry run on the foreign site (written independently of aliexit) against the same on our
own mock, and how fast a missing control ends the run.

Prints medians (seconds) of N runs of:
  foreign   `aliexit deactivate --dry-run` against ../shared/foreign-site variant a (heldout@)
  mock      `aliexit deactivate --dry-run` against our mock (the demo account)
  ratio     foreign / mock: near 1 means no timeout hides in the path
  missing   on variant d (no "Deactivate Account"), from the profile page having settled to
            the error naming the concept and what the page offers (target < 3 s)
  exit 5    the whole `aliexit deactivate` command on variant d, to its exit 5
Figures, not pass/fail. Usage: python benchmarks/bench_foreign.py [N]
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.async_api import async_playwright

from automation.browser import launch
from automation.mocksite import MockServer
from automation.pages.find import Finder
from automation.pages.home import HomePage
from automation.pages.member_profile import DEACTIVATE, MemberProfilePage
from automation.pages.my_aliexpress import MyAliExpressPage
from automation.pages.sign_in import SignInPage
from automation.pages.words import DEFAULT_VOCABULARY, words_for

ROOT = Path(__file__).resolve().parents[1]
FOREIGN = Path(os.environ.get("FOREIGN_SITE", ROOT.parent / "shared/foreign-site/aesite.py"))
HELDOUT = {"ALIEXPRESS_LOGIN": "heldout@example.com", "ALIEXPRESS_PASSWORD": "Held-0ut-pass!"}
DEMO = {
    "ALIEXPRESS_LOGIN": "demo.buyer@example.com",
    "ALIEXPRESS_PASSWORD": "demo-Passw0rd!",
    "ALIEXPRESS_CONFIRM_ID": "us2851037001",
}


@contextmanager
def foreign_site(variant: str) -> Iterator[str]:
    """The foreign site's variant, started on a free port; its URL."""
    process = subprocess.Popen(
        [sys.executable, str(FOREIGN), "--port", "0", "--variant", variant],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        if not line.startswith("READY "):
            raise SystemExit(f"the foreign site did not start: {line!r}")
        yield line.split()[1]
    finally:
        process.kill()
        process.wait()


def reset(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{url}/__heldout__/reset", method="POST"))


def run(url: str, env: dict[str, str], audit: str, *extra: str) -> tuple[float, int]:
    """The whole command's wall time and exit code."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ALIEXPRESS_", "ALIEXIT_"))}
    clean |= env | {"ALIEXIT_AUDIT_DIR": audit}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "automation", "deactivate", "--base-url", url, *extra,
         "--log-format", "json"],
        env=clean, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return time.perf_counter() - began, done.returncode


async def time_missing(url: str, runs: int) -> list[float]:
    """From the settled profile page of variant d to the error that names the concept."""
    words = words_for("en")
    times = []
    async with async_playwright() as playwright:
        browser, _ = await launch(playwright, headed=False)
        for _ in range(runs):
            page = await browser.new_page()
            home = HomePage(page, words, DEFAULT_VOCABULARY.any_language())
            await home.open(url)
            await home.go_to_sign_in()
            await SignInPage(page, words).sign_in(*HELDOUT.values())
            await home.go_to_my_aliexpress()
            await MyAliExpressPage(page, words).open_edit_member_profile()
            profile = MemberProfilePage(page, words)
            await profile.wait_until_shown()
            await Finder(page, words).settle()
            began = time.perf_counter()
            assert await profile.deactivation_state() == "missing"
            error = await Finder(page, words).missing([DEACTIVATE])
            times.append(time.perf_counter() - began)
            assert "Deactivate Account" in error.sentence
            await page.close()
        await browser.close()
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if not FOREIGN.is_file():
        raise SystemExit(f"There is no foreign site at {FOREIGN}; set FOREIGN_SITE.")
    foreign, mock, exits = [], [], []
    with tempfile.TemporaryDirectory() as audit:
        with foreign_site("a") as url, MockServer() as server:
            for _ in range(runs):
                reset(url)
                took, code = run(url, HELDOUT, audit, "--dry-run")
                assert code == 0, f"foreign dry run exited {code}"
                foreign.append(took)
                took, code = run(server.url, DEMO, audit, "--dry-run")
                assert code == 0, f"mock dry run exited {code}"
                mock.append(took)
        with foreign_site("d") as url:
            missing = asyncio.run(time_missing(url, runs))
            for _ in range(runs):
                took, code = run(url, HELDOUT, audit)
                assert code == 5, f"variant d exited {code}"
                exits.append(took)
    figures = {"foreign": foreign, "mock": mock, "missing": missing, "exit": exits}
    medians = {k: statistics.median(v) for k, v in figures.items()}
    print(f"runs: {runs} (medians, seconds; {os.cpu_count()} cores)")
    print(f"foreign  deactivate --dry-run, foreign site a   {medians['foreign']:6.2f}")
    print(f"mock     deactivate --dry-run, our mock         {medians['mock']:6.2f}")
    ratio = medians["foreign"] / medians["mock"]
    print(f"ratio    foreign / mock                         {ratio:6.2f}   target near 1")
    print(f"missing  settled page -> error naming it        {medians['missing']:6.2f}   < 3.00")
    print(f"exit 5   whole command on variant d             {medians['exit']:6.2f}")
    print(json.dumps({k: round(v, 3) for k, v in medians.items()}))


if __name__ == "__main__":
    main()
