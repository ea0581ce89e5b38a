"""Small pieces without a browser: settings, targets, reasons, redaction, log format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import structlog

from automation.browser import BrowserChoice, find_chromium
from automation.config import Secret, load_settings, mask_account, read_env_file, resolve_target
from automation.errors import ExitCode, UsageError
from automation.flows.deactivate import choose_reason
from automation.log import Redactor

OFFERED = [
    "No longer using the platform",
    "Privacy concerns",
    "Negative experience with the platform or sellers",
    "Switching to another marketplace",
    "Other",
]


def test_secret_never_shows_its_value():
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret)
    assert "hunter2" not in f"{secret} {secret!r}"
    assert secret.reveal() == "hunter2"
    settings = load_settings({"ALIEXPRESS_LOGIN": "a@b.c", "ALIEXPRESS_PASSWORD": "hunter2"})
    assert "hunter2" not in repr(settings)
    assert settings.confirm_id == "a@b.c"


@pytest.mark.parametrize(
    ("url", "live", "ok"),
    [
        ("http://127.0.0.1:8000", False, True),
        ("http://localhost:8000/", False, True),
        ("http://[::1]:8000", False, True),
        ("http://127.8.9.10", False, True),
        ("https://www.aliexpress.com", False, False),
        ("http://192.168.1.10:8000", False, False),
        ("https://www.aliexpress.com", True, True),
        ("ftp://127.0.0.1", False, False),
        ("127.0.0.1:8000", False, False),
    ],
)
def test_resolve_target(url, live, ok):
    if ok:
        assert resolve_target(url, live).base_url == url.rstrip("/")
    else:
        with pytest.raises(UsageError) as caught:
            resolve_target(url, live)
        assert caught.value.exit_code == ExitCode.USAGE


def test_live_without_a_site_is_refused():
    with pytest.raises(UsageError, match="--base-url"):
        resolve_target(None, True)


def test_mask_account():
    assert mask_account("demo.buyer@example.com") == "d***@example.com"
    assert mask_account("us2851037001") == "us***01"
    assert mask_account("abc") == "***"


def test_env_file_values_are_taken_literally(tmp_path: Path):
    env = tmp_path / ".env"
    env.write_text("ALIEXPRESS_PASSWORD='pa$$ word#1'\n# comment\nALIEXIT_REASON=Other\n")
    assert read_env_file(env) == {"ALIEXPRESS_PASSWORD": "pa$$ word#1", "ALIEXIT_REASON": "Other"}


def test_bad_timeout_is_a_usage_error():
    with pytest.raises(UsageError, match="ALIEXIT_TIMEOUT_MS"):
        load_settings(
            {"ALIEXPRESS_LOGIN": "a", "ALIEXPRESS_PASSWORD": "b", "ALIEXIT_TIMEOUT_MS": "soon"}
        )


@pytest.mark.parametrize(
    ("requested", "chosen"),
    [
        (None, "No longer using the platform"),
        ("privacy CONCERNS", "Privacy concerns"),
        ("  Switching   to another marketplace ", "Switching to another marketplace"),
        ("negative-experience", "Negative experience with the platform or sellers"),
    ],
)
def test_choose_reason(requested, chosen):
    assert choose_reason(requested, OFFERED).text == chosen


def test_unknown_reason_lists_the_offered_ones():
    with pytest.raises(UsageError) as caught:
        choose_reason("Bored", OFFERED)
    assert '"Privacy concerns"' in caught.value.sentence
    assert caught.value.exit_code == ExitCode.USAGE


def test_redactor_scrubs_values_and_secret_keys():
    redactor = Redactor()
    redactor.add("s3cret!")
    processors = [redactor]
    event = {
        "event": "typed s3cret! here",
        "password": "x",
        "nested": {"token": "t", "a": ["s3cret!"]},
    }
    for processor in processors:
        event = processor(None, "info", event)
    assert event == {
        "event": "typed *** here",
        "password": "***",
        "nested": {"token": "***", "a": ["***"]},
    }


def test_logged_secrets_are_redacted_before_rendering(capsys):
    from automation.log import configure_logging, redactor

    configure_logging("json")
    redactor.add("p4ss-w0rd")
    try:
        structlog.get_logger().info("login failed", detail="password p4ss-w0rd was refused")
    finally:
        redactor.clear()
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["detail"] == "password *** was refused"


def test_capture_logs_sees_step_events():
    with structlog.testing.capture_logs() as logs:
        structlog.get_logger().info("step finished", step="login", duration_s=0.5)
    assert logs == [
        {"event": "step finished", "step": "login", "duration_s": 0.5, "log_level": "info"}
    ]


def test_a_headless_run_prefers_the_system_headless_shell(tmp_path, monkeypatch):
    for name in ("chromium", "chromium-headless-shell"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    missing = str(tmp_path / "playwright" / "chrome")
    shell = find_chromium(missing, headless=True)
    assert shell == BrowserChoice(
        str(tmp_path / "chromium-headless-shell"),
        f"system Chromium headless shell ({tmp_path / 'chromium-headless-shell'})",
    )
    assert find_chromium(missing).executable == str(tmp_path / "chromium")  # a headed run
    (tmp_path / "chromium-headless-shell").unlink()
    assert find_chromium(missing, headless=True).executable == str(tmp_path / "chromium")
    playwrights = tmp_path / "chrome"
    playwrights.write_text("")
    assert find_chromium(str(playwrights), headless=True) == BrowserChoice(
        None, f"Playwright's Chromium ({playwrights})"
    )
