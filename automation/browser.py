"""Where a browser comes from, and the one place browser contexts are configured.

Order of preference for a local launch: an explicit ALIEXIT_BROWSER_PATH, the
Chromium that Playwright installed (it matches the library's version), then a
system Chromium on PATH; for a headless run, a system headless shell first (Debian's
`chromium-headless-shell`, Chromium's build for headless runs, which Playwright's own
headless runs use too: it starts faster). ALIEXIT_BROWSER_WS_ENDPOINT connects to a remote
Playwright server instead (`ws://…`); ALIEXIT_BROWSER_CDP_URL attaches to a Chromium that is
already running with a DevTools port (`http://127.0.0.1:9222`), such as the browser a person
is watching: the run opens its own context (window) there and closes only that.

A process that makes many runs (the test suite) may lend them one browser (`lend_browser`):
a headless run that names no browser then opens its context there instead of launching one.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Playwright, async_playwright
from playwright.async_api import Error as PlaywrightError

from automation.errors import UsageError, first_line

SYSTEM_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SYSTEM_HEADLESS_SHELL_NAMES = ("chromium-headless-shell",)
# Quiet a system Chromium on a machine with a closed network (Playwright adds the sandbox flags).
SYSTEM_CHROMIUM_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
)
VIEWPORT = {"width": 1280, "height": 800}
# A browser lent to the runs of this process, with its label (see `lend_browser`).
_LENT: ContextVar[tuple[Browser, str] | None] = ContextVar("lent_browser", default=None)


@dataclass(frozen=True)
class BrowserChoice:
    """A Chromium to launch: `executable` None means Playwright's own build."""

    executable: str | None
    label: str


def find_chromium(
    playwright_executable: str | None, explicit: str | None = None, *, headless: bool = False
):
    """Pick a local Chromium (for a `headless` run: a system headless shell before a system
    Chromium), or return None when there is none.

    `playwright_executable` is where Playwright's own Chromium would be
    (`playwright.chromium.executable_path`), whether or not it is installed.
    """
    if explicit:
        path = shutil.which(explicit) or explicit
        if not Path(path).is_file():
            raise UsageError(
                f"ALIEXIT_BROWSER_PATH={explicit} is not a file; point it at a Chromium "
                "executable or unset it."
            )
        return BrowserChoice(path, f"Chromium from ALIEXIT_BROWSER_PATH ({path})")
    if playwright_executable and Path(playwright_executable).is_file():
        return BrowserChoice(None, f"Playwright's Chromium ({playwright_executable})")
    kinds = [(SYSTEM_CHROMIUM_NAMES, "system Chromium")]
    if headless:
        kinds.insert(0, (SYSTEM_HEADLESS_SHELL_NAMES, "system Chromium headless shell"))
    for names, kind in kinds:
        for name in names:
            found = shutil.which(name)
            if found:
                return BrowserChoice(found, f"{kind} ({found})")
    return None


NO_BROWSER = (
    "No Chromium was found; run `make demo` (it installs one), "
    "`python -m playwright install chromium`, or `apt-get install chromium`."
)


async def launch(playwright: Playwright, *, headed: bool, explicit: str | None = None):
    """Launch a local Chromium; returns the browser and a label saying which one."""
    choice = find_chromium(playwright.chromium.executable_path, explicit, headless=not headed)
    if choice is None:
        raise UsageError(NO_BROWSER)
    args = list(SYSTEM_CHROMIUM_ARGS) if choice.executable else []
    if headed and sys.platform.startswith("linux") and not _has_display(os.environ):
        raise UsageError(
            "--headed needs a screen, and this session has none (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set); run it from a desktop session or under `xvfb-run`, "
            "attach to a browser you see with ALIEXIT_BROWSER_CDP_URL, or leave out --headed."
        )
    browser = await playwright.chromium.launch(
        headless=not headed, executable_path=choice.executable, args=args
    )
    return browser, choice.label


def _has_display(env: Mapping[str, str]) -> bool:
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


@asynccontextmanager
async def open_browser(
    *,
    headed: bool = False,
    explicit: str | None = None,
    ws_endpoint: str | None = None,
    cdp_url: str | None = None,
) -> AsyncIterator[tuple[Browser, str]]:
    """Start Playwright and yield a browser (local or remote) with a label for the evidence;
    a lent browser (`lend_browser`) when the run asks for none in particular."""
    lent = _LENT.get()
    if lent is not None and not (headed or explicit or ws_endpoint or cdp_url):
        yield lent[0], f"{lent[1]} (shared by the runs of this process)"
        return
    async with async_playwright() as playwright:
        if cdp_url:
            try:
                browser = await playwright.chromium.connect_over_cdp(cdp_url)
            except PlaywrightError as exc:
                raise UsageError(
                    f"Could not attach to the browser at {cdp_url} ({first_line(exc)}); check "
                    "ALIEXIT_BROWSER_CDP_URL and that Chromium runs with --remote-debugging-port."
                ) from None
            label = f"Chromium attached over CDP ({cdp_url}), version {browser.version}"
        elif ws_endpoint:
            try:
                browser = await playwright.chromium.connect(ws_endpoint)
            except PlaywrightError as exc:
                raise UsageError(
                    f"Could not connect to the browser server at {ws_endpoint} "
                    f"({first_line(exc)}); check ALIEXIT_BROWSER_WS_ENDPOINT."
                ) from None
            label = f"remote Playwright server ({ws_endpoint}), Chromium {browser.version}"
        else:
            browser, label = await launch(playwright, headed=headed, explicit=explicit)
            label = f"{label}, version {browser.version}"
        try:
            yield browser, label
        finally:
            await browser.close()


@contextmanager
def lend_browser(browser: Browser, label: str) -> Iterator[None]:
    """Let the runs started inside this block use `browser` (labelled `label`) and leave it
    open; each still opens and closes its own context."""
    token = _LENT.set((browser, label))
    try:
        yield
    finally:
        _LENT.reset(token)


async def new_context(
    browser: Browser,
    *,
    timeout_ms: int,
    locale: str = "en-US",
    storage_state: dict[str, Any] | None = None,
    downloads: bool = False,
):
    """A fresh, isolated context with the options every flow uses (and a saved session).
    Downloads are refused unless the flow needs one (`downloads`: --download-data)."""
    context: BrowserContext = await browser.new_context(
        viewport=VIEWPORT,
        locale=locale,
        service_workers="block",
        accept_downloads=downloads,
        storage_state=storage_state,
    )
    context.set_default_timeout(timeout_ms)
    context.set_default_navigation_timeout(timeout_ms)
    return context
