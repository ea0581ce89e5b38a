"""Shared fixtures: the real mock on a free loopback port, a Chromium, the CLI as run by a user."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from inprocess import InProcessAliexit

from automation.browser import SYSTEM_CHROMIUM_ARGS, find_chromium
from automation.mocksite import MockServer, create_app

ROOT = Path(__file__).resolve().parents[1]
DEMO = {
    "ALIEXPRESS_LOGIN": "demo.buyer@example.com",
    "ALIEXPRESS_PASSWORD": "demo-Passw0rd!",
    "ALIEXPRESS_CONFIRM_ID": "us2851037001",
}
SECOND = {
    "ALIEXPRESS_LOGIN": "second.buyer@example.com",
    "ALIEXPRESS_PASSWORD": "second-Passw0rd!",
}
GONE = {"ALIEXPRESS_LOGIN": "gone.buyer@example.com", "ALIEXPRESS_PASSWORD": "gone-Passw0rd!"}
PENDING = {
    "ALIEXPRESS_LOGIN": "pending.buyer@example.com",
    "ALIEXPRESS_PASSWORD": "pending-Passw0rd!",
}
REDESIGN = {
    "ALIEXPRESS_LOGIN": "redesign.buyer@example.com",
    "ALIEXPRESS_PASSWORD": "redesign-Passw0rd!",
}
SIGN_IN_STEPS = ["open-site", "login", "my-aliexpress"]
PREFLIGHT_STEPS = ["orders-export", "disputes", "wallet", "coupons"]
STEPS_TO_FORM = [
    *SIGN_IN_STEPS,
    *PREFLIGHT_STEPS,
    "edit-member-profile",
    "deactivate-form",
    "form-filled",
]
FIXTURES = json.loads((ROOT / "fixtures" / "accounts.json").read_text(encoding="utf-8"))


def persona(login: str) -> dict[str, Any]:
    """The fixture record of one persona (the source a test compares the site's pages with)."""
    return next(a for a in FIXTURES["accounts"] if a["login_email"] == login)


def credentials(login: str) -> dict[str, str]:
    """ALIEXPRESS_LOGIN and ALIEXPRESS_PASSWORD of a persona."""
    return {"ALIEXPRESS_LOGIN": login, "ALIEXPRESS_PASSWORD": persona(login)["password"]}


class MockSite:
    """The running mock and its inspection API."""

    def __init__(self, server: MockServer) -> None:
        self.server = server
        self.url = server.url

    def account(self, login: str) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.url}/__mock__/accounts/{login}") as answer:
            return json.load(answer)

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.url}/__mock__/reset", method="POST", data=b"")
        with urllib.request.urlopen(request) as answer:
            assert answer.status == 200


@pytest.fixture
def app() -> Flask:
    """A fresh mock app, for tests that talk to it through Flask's test client."""
    return create_app()


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client


@pytest.fixture(scope="session")
def mock_server() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


@pytest.fixture
def mock_site(mock_server: MockServer) -> Iterator[MockSite]:
    """The mock site, reset to its fixture state after each test."""
    site = MockSite(mock_server)
    yield site
    site.reset()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, playwright) -> dict:
    """Launch the Chromium the product would pick for a headless run."""
    choice = find_chromium(
        playwright.chromium.executable_path, os.environ.get("ALIEXIT_BROWSER_PATH"), headless=True
    )
    assert choice is not None, "no Chromium: run `make test`, which installs one"
    if choice.executable:
        return {
            **browser_type_launch_args,
            "executable_path": choice.executable,
            "args": list(SYSTEM_CHROMIUM_ARGS),
        }
    return browser_type_launch_args


@dataclass
class CliRun:
    """A finished `aliexit` process and the bundle it wrote."""

    returncode: int
    stdout: str
    stderr: str
    bundle: Path | None

    @property
    def manifest(self) -> dict[str, Any]:
        assert self.bundle is not None, f"no bundle named in output:\n{self.stdout}{self.stderr}"
        return json.loads((self.bundle / "manifest.json").read_text(encoding="utf-8"))

    @property
    def step_names(self) -> list[str]:
        return [step["name"] for step in self.manifest["steps"]]

    @property
    def log_lines(self) -> list[dict[str, Any]]:
        assert self.bundle is not None
        text = (self.bundle / "log.jsonl").read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines()]


_IN_PROCESS: InProcessAliexit | None = None


def run_aliexit(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 90
) -> CliRun:
    """Run `aliexit ARGS` in `cwd`, with only the given aliexit settings, in this process
    over the worker's shared Chromium (see `inprocess`)."""
    global _IN_PROCESS
    if _IN_PROCESS is None:
        _IN_PROCESS = InProcessAliexit()
    code, stdout, stderr = _IN_PROCESS.run(cwd, list(args), aliexit_env(cwd, env), timeout)
    return _cli_run(cwd, code, stdout, stderr)


def run_process(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 90
) -> CliRun:
    """Run `python -m automation ARGS` as a process of its own in `cwd` (for what only a
    process shows: its exit status, signals, a fresh interpreter)."""
    done = subprocess.run(
        [sys.executable, "-m", "automation", *args],
        cwd=cwd,
        env=aliexit_env(cwd, env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,  # as in CI: nobody at the keyboard
    )
    return _cli_run(cwd, done.returncode, done.stdout, done.stderr)


def _cli_run(cwd: Path, code: int, stdout: str, stderr: str) -> CliRun:
    found = re.search(r"^Audit bundle: (.+)$", stdout + stderr, re.MULTILINE)
    return CliRun(code, stdout, stderr, (cwd / found.group(1)) if found else None)


@pytest.fixture(scope="session", autouse=True)
def _close_in_process_runs() -> Iterator[None]:
    yield
    if _IN_PROCESS is not None:
        _IN_PROCESS.close()


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run `aliexit` in an empty folder (see `run_aliexit`)."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 90) -> CliRun:
        return run_aliexit(tmp_path, *args, env=env, timeout=timeout)

    return run


def aliexit_env(cwd: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The process environment `run_aliexit` uses: only the given aliexit settings."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ALIEXPRESS_", "ALIEXIT_")) or k == "ALIEXIT_BROWSER_PATH"
    }
    clean.update(env or {})
    clean.setdefault("ALIEXIT_AUDIT_DIR", str(cwd / "audit"))
    return clean


@pytest.fixture
def cdp_chromium(tmp_path: Path, playwright) -> Iterator[str]:
    """A Chromium already running with a DevTools port, as a person's browser would be.

    Yields its `http://127.0.0.1:PORT` address (ALIEXIT_BROWSER_CDP_URL): aliexit attaches
    to it, and so can the test, to act on the page as the person in front of it.
    """
    choice = find_chromium(
        playwright.chromium.executable_path, os.environ.get("ALIEXIT_BROWSER_PATH")
    )
    assert choice is not None, "no Chromium: run `make test`, which installs one"
    executable = choice.executable or playwright.chromium.executable_path
    process = subprocess.Popen(
        [executable, "--headless", "--no-sandbox", "--remote-debugging-port=0",
         "--remote-debugging-address=127.0.0.1", f"--user-data-dir={tmp_path / 'profile'}",
         *SYSTEM_CHROMIUM_ARGS, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    seen = []
    for line in process.stderr:  # Chromium names its port once it listens
        seen.append(line)
        found = re.search(r"DevTools listening on ws://([^/\s]+)/", line)
        if found:
            break
    else:
        pytest.fail("Chromium did not open a DevTools port:\n" + "".join(seen))
    drain = threading.Thread(target=process.stderr.read, daemon=True)  # never let it block
    drain.start()
    try:
        yield f"http://{found.group(1)}"
    finally:
        process.terminate()
        process.wait(timeout=10)
