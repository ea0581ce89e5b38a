"""Saved sessions: `aliexit login --save-session`, then `--session` reused, expired, or bad."""

from __future__ import annotations

import json
import stat
import urllib.request
from pathlib import Path

import pytest
from conftest import DEMO, SECOND
from test_signin_challenges import _finish, _start

DEMO_LOGIN = DEMO["ALIEXPRESS_LOGIN"]
NO_PASSWORD = {"ALIEXPRESS_LOGIN": DEMO_LOGIN}
EXPIRED = "saved session expired; signing in with the password"


def _expire_sessions(url: str) -> None:
    request = urllib.request.Request(f"{url}/__mock__/sessions/expire", method="POST", data=b"")
    with urllib.request.urlopen(request) as answer:
        assert json.load(answer)["ok"] is True


def _save(run_cli, mock_site, path: Path, env=DEMO):
    run = run_cli("login", "--save-session", str(path), "--base-url", mock_site.url, env=env)
    assert run.returncode == 0, run.stderr
    return run


def _secret_values(path: Path) -> list[str]:
    state = json.loads(path.read_text(encoding="utf-8"))
    return [c["value"] for c in state["cookies"] if len(c["value"]) >= 8]


def test_login_saves_the_session_mode_600_and_nowhere_else(run_cli, mock_site, tmp_path):
    path = tmp_path / "new" / "folder" / "aliexpress.json"
    run = _save(run_cli, mock_site, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"saved the session to {path} (mode 600)" in run.stdout
    assert run.step_names == ["open-site", "login", "save-session"]
    assert run.manifest["outcome"] == "session_saved"
    assert run.manifest["steps"][-1]["notes"]["cookies"] >= 1
    values = _secret_values(path)
    assert values, "the mock's session cookie was saved"
    for value in values:
        assert value not in run.stdout + run.stderr
        for file in (p for p in run.bundle.rglob("*") if p.is_file()):
            assert value.encode() not in file.read_bytes(), f"session cookie in {file}"
    assert not list(path.parent.glob(".*.tmp")), "the atomic write left its temporary file"


def test_a_saved_session_is_reused_without_typing_the_password(run_cli, mock_site, tmp_path):
    path = tmp_path / "session.json"
    _save(run_cli, mock_site, path)
    attempts = mock_site.account(DEMO_LOGIN)["sign_in_attempts"]
    run = run_cli(
        "export", "--out", "out", "--session", str(path), "--base-url", mock_site.url, env={}
    )
    assert run.returncode == 0, run.stderr
    assert run.step_names == ["open-site", "saved-session", "my-aliexpress", "orders-export"]
    notes = run.manifest["steps"][1]["notes"]
    assert notes["session"] == "valid" and notes["signed_in_with"] == "saved session"
    assert mock_site.account(DEMO_LOGIN)["sign_in_attempts"] == attempts  # no password POST
    assert run.manifest["session_file"] == str(path)
    orders = json.loads((tmp_path / "out" / "orders.json").read_text(encoding="utf-8"))
    assert orders["count"] == 3  # the demo buyer's history: the session is that account's


def test_an_expired_session_says_so_and_signs_in_with_the_password(run_cli, mock_site, tmp_path):
    path = tmp_path / "session.json"
    _save(run_cli, mock_site, path)
    _expire_sessions(mock_site.url)
    attempts = mock_site.account(DEMO_LOGIN)["sign_in_attempts"]
    run = run_cli(
        "deactivate", "--dry-run", "--session", str(path), "--base-url", mock_site.url, env=DEMO
    )
    assert run.returncode == 0, run.stderr
    assert EXPIRED in run.stderr
    assert any(line["event"] == EXPIRED for line in run.log_lines)
    assert run.step_names[:4] == ["open-site", "saved-session", "login", "my-aliexpress"]
    assert run.manifest["steps"][1]["notes"]["session"] == "expired"
    assert mock_site.account(DEMO_LOGIN)["sign_in_attempts"] == attempts + 1


def test_an_expired_session_without_a_password_is_exit_2(run_cli, mock_site, tmp_path):
    path = tmp_path / "session.json"
    _save(run_cli, mock_site, path, env=SECOND)
    _expire_sessions(mock_site.url)
    run = run_cli(
        "export", "--out", "out", "--session", str(path), "--base-url", mock_site.url,
        env=NO_PASSWORD,
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert EXPIRED in run.stderr
    assert f"The saved session {path} has expired" in run.stderr
    assert "aliexit login --save-session" in run.stderr


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    not_json = tmp_path / "notes.txt"
    not_json.write_text("cookies: yes\n", encoding="utf-8")
    no_origins = tmp_path / "no-origins.json"
    no_origins.write_text('{"cookies": []}', encoding="utf-8")
    a_list = tmp_path / "list.json"
    a_list.write_text("[]", encoding="utf-8")
    return {
        "missing": (tmp_path / "nope.json", "does not exist"),
        "a folder": (folder, "cannot be read"),
        "not text": (binary, "cannot be read"),
        "not JSON": (not_json, "is not JSON (line 1)"),
        "no origins": (no_origins, "is not a Playwright storage state"),
        "a list": (a_list, "is not a Playwright storage state"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "a folder", "not text", "not JSON", "no origins", "a list"]
)
def test_a_bad_session_file_is_exit_2_before_any_browser(run_cli, tmp_path, case):
    path, says = _bad_files(tmp_path)[case]
    run = run_cli("deactivate", "--dry-run", "--session", str(path), env=DEMO)
    assert run.returncode == 2, run.stderr
    assert f"The session file {path} {says}" in run.stderr
    assert "aliexit login --save-session" in run.stderr
    assert "browser" not in run.manifest and run.manifest["steps"] == []


def test_save_session_to_a_folder_is_exit_2(run_cli, tmp_path):
    run = run_cli("login", "--save-session", str(tmp_path), env=DEMO)
    assert run.returncode == 2, run.stderr
    assert "is a folder; give a file name" in run.stderr
    assert "browser" not in run.manifest


async def test_login_without_credentials_waits_for_the_person_to_sign_in(
    playwright, cdp_chromium, mock_site, tmp_path
):
    path = tmp_path / "by-hand.json"
    browser = await playwright.chromium.connect_over_cdp(cdp_chromium)
    try:
        opened = browser.contexts[0].wait_for_event("page", timeout=60_000)
        env = {"ALIEXIT_BROWSER_CDP_URL": cdp_chromium}
        process = await _start(
            tmp_path, "login", "--save-session", str(path), "--human-timeout", "60",
            "--base-url", mock_site.url, env=env,
        )  # fmt: skip
        page = await opened
        await page.get_by_label("Email address or member ID").fill(DEMO_LOGIN, timeout=60_000)
        await page.get_by_label("Password").fill(DEMO["ALIEXPRESS_PASSWORD"])
        await page.get_by_role("button", name="Sign in").click()
        run = await _finish(process, tmp_path)
    finally:
        await browser.close()
    assert run.returncode == 0, run.stderr
    assert "Sign in to" in run.stderr and "in the open browser window" in run.stderr
    assert run.step_names == ["open-site", "human-sign-in", "save-session"]
    assert run.manifest["human_intervention"]["challenge"] == "sign-in"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _secret_values(path)
