"""Checks after the password: the slider a person drags, and the one-time code."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from pathlib import Path

import pyotp
import pytest
from conftest import DEMO, CliRun, aliexit_env, credentials, persona

from automation.mocksite import create_app

SLIDER = credentials("slider.buyer@example.com")
OTP = credentials("otp.buyer@example.com")
OTP_SECRET = persona("otp.buyer@example.com")["totp_secret"]


def _codes_around_now(secret: str) -> set[str]:
    """Every code the secret gave from two minutes ago until now."""
    totp, now = pyotp.TOTP(secret), time.time()
    return {totp.at(now - delta) for delta in range(0, 150, 15)}


def _bundle_bytes(bundle: Path) -> list[tuple[str, bytes]]:
    return [(str(p), p.read_bytes()) for p in sorted(bundle.rglob("*")) if p.is_file()]


# --- the mock's pages ----------------------------------------------------------------------


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client, who: dict[str, str]):
    page = client.get("/login").get_data(as_text=True)
    form = {
        "csrf_token": _csrf(page),
        "login": who["ALIEXPRESS_LOGIN"],
        "password": who["ALIEXPRESS_PASSWORD"],
    }
    return client.post("/login", data=form)


def test_mock_slider_signs_in_only_when_completed_with_its_token():
    client = create_app().test_client()
    answer = _sign_in(client, SLIDER)
    assert answer.status_code == 303 and answer.headers["Location"] == "/login/verify"
    page = client.get("/login/verify").get_data(as_text=True)
    assert "Please slide to verify" in page and 'role="slider"' in page
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    half = {"csrf_token": _csrf(page), "challenge_token": token, "slider": "50"}
    failed = client.post("/login/verify", data=half)
    assert failed.status_code == 422 and "Verification failed" in failed.get_data(as_text=True)
    assert client.get("/my-aliexpress").status_code == 302  # still signed out
    page = failed.get_data(as_text=True)
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    done = {"csrf_token": _csrf(page), "challenge_token": token, "slider": "100"}
    assert client.post("/login/verify", data=done).status_code == 303
    assert client.get("/my-aliexpress").status_code == 200


def test_mock_code_page_checks_the_authenticator_code():
    client = create_app().test_client()
    assert _sign_in(client, OTP).headers["Location"] == "/login/code"
    page = client.get("/login/code").get_data(as_text=True)
    assert "Enter verification code" in page and "Verification code" in page
    wrong = client.post("/login/code", data={"csrf_token": _csrf(page), "code": "000000"})
    assert wrong.status_code == 401
    assert "incorrect or has expired" in wrong.get_data(as_text=True)
    right = {"csrf_token": _csrf(page), "code": pyotp.TOTP(OTP_SECRET).now()}
    assert client.post("/login/code", data=right).status_code == 303
    assert client.get("/my-aliexpress").status_code == 200


def test_mock_expires_every_session_on_request():
    client = create_app().test_client()
    _sign_in(client, credentials("demo.buyer@example.com"))
    assert client.get("/my-aliexpress").status_code == 200
    assert client.post("/__mock__/sessions/expire").get_json()["ok"] is True
    assert client.get("/my-aliexpress").status_code == 302


# --- headless runs -------------------------------------------------------------------------


def test_slider_headless_stops_with_exit_6_a_screenshot_and_a_sentence(run_cli, mock_site):
    run = run_cli("deactivate", "--dry-run", "--base-url", mock_site.url, env=SLIDER)
    assert run.returncode == 6, run.stderr
    assert "slider verification" in run.stderr
    assert "rerun with --headed" in run.stderr and "aliexit login --save-session" in run.stderr
    step = run.manifest["steps"][-1]
    assert step["name"] == "human-verification" and step["status"] == "failed"
    assert step["notes"]["site_says"] == "Please slide to verify"
    assert (run.bundle / step["screenshot"]).stat().st_size > 1000
    assert run.manifest["exit_code"] == 6
    assert mock_site.account(SLIDER["ALIEXPRESS_LOGIN"])["status"] == "active"


def test_one_time_code_from_the_secret_and_nowhere_written(run_cli, mock_site, tmp_path):
    env = {**OTP, "ALIEXPRESS_TOTP_SECRET": OTP_SECRET}
    run = run_cli("export", "--out", str(tmp_path / "out"), "--base-url", mock_site.url, env=env)
    assert run.returncode == 0, run.stderr
    assert run.step_names == ["open-site", "login", "verification-code", "my-aliexpress",
                              "orders-export"]  # fmt: skip
    code_step = run.manifest["steps"][2]
    assert code_step["notes"]["code_from"] == "ALIEXPRESS_TOTP_SECRET"
    assert mock_site.account(OTP["ALIEXPRESS_LOGIN"])["sign_ins"] == 1
    secrets = [*_codes_around_now(OTP_SECRET), OTP_SECRET, OTP["ALIEXPRESS_PASSWORD"]]
    for secret in secrets:
        assert secret not in run.stdout + run.stderr
        for name, data in _bundle_bytes(run.bundle):
            assert secret.encode() not in data, f"secret found in {name}"


def test_one_time_code_without_secret_or_terminal_is_exit_6(run_cli, mock_site):
    run = run_cli("export", "--out", "out", "--base-url", mock_site.url, env=OTP)
    assert run.returncode == 6, run.stderr
    assert "one-time verification code" in run.stderr
    assert "ALIEXPRESS_TOTP_SECRET is not set" in run.stderr
    assert run.manifest["steps"][-1]["name"] == "verification-code"


def test_a_code_the_site_refuses_is_a_failed_login(run_cli, mock_site):
    env = {**OTP, "ALIEXPRESS_TOTP_SECRET": pyotp.random_base32()}
    run = run_cli("export", "--out", "out", "--base-url", mock_site.url, env=env)
    assert run.returncode == 4, run.stderr
    assert "refused the verification code" in run.stderr


@pytest.mark.parametrize(
    ("env", "args", "says"),
    [
        ({"ALIEXPRESS_TOTP_SECRET": "not base32!"}, [], "ALIEXPRESS_TOTP_SECRET is not"),
        ({}, ["--human-timeout", "0"], "--human-timeout '0' is not a positive number"),
        ({}, ["--human-timeout", "soon"], "--human-timeout 'soon' is not a positive number"),
        ({"ALIEXIT_BROWSER_CDP_URL": "ftp://x"}, [], "ALIEXIT_BROWSER_CDP_URL='ftp://x'"),
    ],
)
def test_bad_challenge_settings_are_exit_2_before_any_browser(run_cli, env, args, says):
    run = run_cli("export", "--out", "out", *args, env={**OTP, **env})
    assert run.returncode == 2, run.stderr
    assert says in run.stderr
    assert "browser" not in run.manifest


def test_headed_without_a_screen_is_exit_2_saying_what_to_do(run_cli, mock_site):
    no_screen = {"DISPLAY": "", "WAYLAND_DISPLAY": ""}
    run = run_cli("deactivate", "--dry-run", "--headed", "--base-url", mock_site.url,
                  env={**DEMO, **no_screen})  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "--headed needs a screen, and this session has none" in run.stderr
    assert "xvfb-run" in run.stderr
    assert run.manifest["outcome"] == "failed" and run.manifest["steps"] == []


# --- a person at the window ----------------------------------------------------------------


async def _start(tmp_path: Path, *args: str, env: dict[str, str]):
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "automation", *args,
        cwd=tmp_path, env=aliexit_env(tmp_path, env),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _finish(process, tmp_path: Path, read: str = "") -> CliRun:
    """The run once the process ends; `read` is the start of stderr already read."""
    out, err = await asyncio.wait_for(process.communicate(), timeout=90)
    stdout, stderr = out.decode(), read + err.decode()
    found = re.search(r"^Audit bundle: (.+)$", stdout + stderr, re.MULTILINE)
    return CliRun(process.returncode, stdout, stderr, tmp_path / found.group(1) if found else None)


async def read_until(stream: asyncio.StreamReader, text: str) -> str:
    """Read `stream` line by line until a line holds `text` (a person reading the terminal);
    what was read."""
    read = ""
    while line := (await stream.readline()).decode():
        read += line
        if text in line:
            return read
    raise AssertionError(f"{text!r} was never shown; the output was:\n{read}")


async def drag_slider_when_shown(playwright, cdp_url: str, told: asyncio.Event) -> None:
    """Be the person: in the same browser, wait for the slider and, once told to at the
    terminal (`told`), drag it to the end."""
    browser = await playwright.chromium.connect_over_cdp(cdp_url)
    try:
        page = await browser.contexts[0].wait_for_event("page", timeout=60_000)
        slider = page.get_by_role("slider", name="Slide to verify")
        await slider.wait_for(timeout=60_000)
        await told.wait()
        box = await slider.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        await page.mouse.move(x, y)
        await page.mouse.down()
        await page.mouse.move(x + 500, y, steps=12)
        await page.mouse.up()
    finally:
        await browser.close()  # disconnects; the browser and aliexit's window stay


async def test_headed_run_waits_while_a_person_drags_the_slider(
    playwright, cdp_chromium, mock_site, tmp_path
):
    told = asyncio.Event()
    person = asyncio.ensure_future(drag_slider_when_shown(playwright, cdp_chromium, told))
    env = {**SLIDER, "ALIEXIT_BROWSER_CDP_URL": cdp_chromium}
    process = await _start(
        tmp_path, "deactivate", "--dry-run", "--headed", "--human-timeout", "60",
        "--base-url", mock_site.url, env=env,
    )  # fmt: skip
    prompt = "A person must complete the slider verification in the open browser window"
    read = await asyncio.wait_for(read_until(process.stderr, prompt), timeout=60)
    told.set()
    await person
    run = await _finish(process, tmp_path, read)
    assert run.returncode == 0, run.stderr
    assert prompt in run.stderr
    assert run.step_names[:4] == ["open-site", "login", "human-verification", "my-aliexpress"]
    assert run.step_names[-1] == "dry-run-stop"
    intervention = run.manifest["human_intervention"]
    assert intervention["challenge"] == "slider" and intervention["by"].startswith("a person")
    assert 0 <= intervention["waited_s"] < 60
    assert run.manifest["steps"][2]["notes"]["waited_s"] == intervention["waited_s"]
    assert "Chromium attached over CDP" in run.manifest["browser"]
    journal = (run.bundle / "journal.jsonl").read_text(encoding="utf-8")
    assert any(
        "human_intervention" in json.loads(line).get("set", {}) for line in journal.splitlines()
    )


async def test_headed_run_stops_with_exit_6_when_nobody_completes_the_check(
    cdp_chromium, mock_site, tmp_path
):
    env = {**SLIDER, "ALIEXIT_BROWSER_CDP_URL": cdp_chromium}
    process = await _start(
        tmp_path, "export", "--out", "out", "--headed", "--human-timeout", "1.5",
        "--base-url", mock_site.url, env=env,
    )  # fmt: skip
    run = await _finish(process, tmp_path)
    assert run.returncode == 6, run.stderr
    assert "Nobody completed the slider verification within 1.5 s (--human-timeout)" in run.stderr
    step = run.manifest["steps"][-1]
    assert step["name"] == "human-verification" and step["status"] == "failed"
    assert "human_intervention" not in run.manifest
