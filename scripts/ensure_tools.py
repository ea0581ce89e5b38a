"""Make sure aliexit's outside tools are here, and say which ones are used.

Chromium: one that Playwright installed (it matches the library's version), else a system
Chromium, else `playwright install chromium`, else Debian's `chromium` package when running
as root; beside a system Chromium, its headless shell for headless runs (Debian's
`chromium-headless-shell`, as root). ffmpeg (for `--video`): on PATH, else Debian's
`ffmpeg` package as root.
Run by `make demo` / `make test` with the project's virtualenv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from automation.browser import NO_BROWSER, SYSTEM_CHROMIUM_ARGS, BrowserChoice, find_chromium


def _find(*, headless: bool = False) -> BrowserChoice | None:
    with sync_playwright() as playwright:
        return find_chromium(
            playwright.chromium.executable_path,
            os.environ.get("ALIEXIT_BROWSER_PATH") or None,
            headless=headless,
        )


def _works(choice: BrowserChoice) -> str | None:
    """Launch the browser once; return its version, or None when it does not start."""
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=choice.executable,
                args=list(SYSTEM_CHROMIUM_ARGS) if choice.executable else [],
            )
            version = browser.version
            browser.close()
            return version
    except PlaywrightError as exc:
        print(f"  {choice.label} does not start: {str(exc).splitlines()[0]}", file=sys.stderr)
        return None


def _run(command: list[str]) -> bool:
    print(f"  $ {' '.join(command)}", flush=True)
    return subprocess.run(command, check=False).returncode == 0


def _apt_install(package: str, *, recommends: bool = True) -> bool:
    """Install a Debian package when running as root on Debian; False when that cannot be."""
    if not (shutil.which("apt-get") and os.geteuid() == 0):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    command = ["apt-get", "install", "-y", "-qq", package]
    if not recommends:
        command.insert(2, "--no-install-recommends")
    return subprocess.run(command, check=False, env=env).returncode == 0


def ensure_ffmpeg() -> int:
    """ffmpeg encodes `--video`; the test suite records one."""
    if shutil.which("ffmpeg") is None:
        print("No ffmpeg found; installing Debian's ffmpeg.", flush=True)
        _apt_install("ffmpeg", recommends=False)
    found = shutil.which("ffmpeg")
    if found is None:
        print(
            "ffmpeg is missing (needed by --video and the tests); install it, e.g. "
            "`apt-get install ffmpeg` or `brew install ffmpeg`.",
            file=sys.stderr,
        )
        return 1
    print(f"ffmpeg: {found}", flush=True)
    return 0


def ensure_chromium() -> int:
    """A Chromium that launches, or exit 1 saying how to get one."""
    choice = _find()
    if choice is None:
        print("No Chromium found; trying Playwright's download.", flush=True)
        if _run([sys.executable, "-m", "playwright", "install", "chromium"]):
            choice = _find()
    if choice is None:
        print("Playwright could not download a browser; trying Debian's chromium.", flush=True)
        if _apt_install("chromium"):
            choice = _find()
    if choice is None:
        print(NO_BROWSER, file=sys.stderr)
        return 1
    version = _works(choice)
    if version is None:
        return 1
    print(f"Chromium: {choice.label}, version {version}", flush=True)
    return _ensure_headless_shell(choice)


def _ensure_headless_shell(headed: BrowserChoice) -> int:
    """Headless runs (the demo, the tests) take a system Chromium's headless shell when there
    is one: install it beside Debian's chromium, and check that it starts."""
    if headed.executable is None or os.environ.get("ALIEXIT_BROWSER_PATH"):
        return 0  # Playwright's own build picks its headless shell; an explicit path rules
    shell = _find(headless=True)
    if shell == headed and _apt_install("chromium-headless-shell", recommends=False):
        shell = _find(headless=True)
    if shell is None or shell == headed:
        return 0  # headless runs use the same Chromium
    version = _works(shell)
    if version is None:
        print(
            f"Headless runs would use {shell.label}, which does not start: remove it, or set "
            f"ALIEXIT_BROWSER_PATH={headed.executable}.",
            file=sys.stderr,
        )
        return 1
    print(f"Chromium for headless runs: {shell.label}, version {version}", flush=True)
    return 0


def main() -> int:
    return ensure_chromium() or ensure_ffmpeg()


if __name__ == "__main__":
    raise SystemExit(main())
