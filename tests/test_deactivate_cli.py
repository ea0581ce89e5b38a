"""`aliexit deactivate` end to end: a real Chromium against the real mock, through the CLI."""

from __future__ import annotations

import hashlib
import socket

from conftest import DEMO, GONE, PENDING, REDESIGN, SECOND, STEPS_TO_FORM


def _assert_evidence(run, names: list[str]) -> None:
    """Every step is recorded in order with a real screenshot whose hash matches."""
    manifest = run.manifest
    assert [s["name"] for s in manifest["steps"]] == names
    for index, step in enumerate(manifest["steps"], start=1):
        assert step["index"] == index
        assert step["status"] == "ok"
        assert step["url"].startswith("http://127.0.0.1:")
        assert step["started_at"] <= step["finished_at"]
        shot = run.bundle / step["screenshot"]
        assert shot.name == f"{index:02d}-{step['name']}.png"
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
        assert hashlib.sha256(data).hexdigest() == step["sha256"]


def test_dry_run_walks_every_step_and_leaves_the_account_active(run_cli, mock_site):
    run = run_cli(
        "deactivate",
        "--base-url",
        mock_site.url,
        "--dry-run",
        "--reason",
        "privacy concerns",
        env=DEMO,
    )
    assert run.returncode == 0, run.stderr
    assert "Dry run complete" in run.stdout
    manifest = run.manifest
    assert manifest["outcome"] == "dry_run_complete"
    assert manifest["dry_run"] is True
    assert manifest["account"] == "d***@example.com"
    assert manifest["target"] == mock_site.url
    assert manifest["release_account"] is False
    assert "Chromium" in manifest["browser"]
    _assert_evidence(run, [*STEPS_TO_FORM, "dry-run-stop"])
    filled = manifest["steps"][STEPS_TO_FORM.index("form-filled")]["notes"]
    assert filled["reason"] == "Privacy concerns" and filled["reason_key"] == "privacy"
    assert filled["release_account"] is False
    assert filled["wordings"]["submit_deactivation"] == "Deactivate my account"
    state = mock_site.account(DEMO["ALIEXPRESS_LOGIN"])
    assert state["status"] == "active"
    assert state["deactivation_requests"] == 0


def test_real_run_submits_and_the_account_becomes_pending(run_cli, mock_site):
    run = run_cli(
        "deactivate",
        "--base-url",
        mock_site.url,
        "--reason",
        "Switching to another marketplace",
        env=SECOND,
    )
    assert run.returncode == 0, run.stderr
    manifest = run.manifest
    assert manifest["outcome"] == "submitted"
    _assert_evidence(run, [*STEPS_TO_FORM, "submitted", "confirmation"])
    site_says = manifest["steps"][-1]["notes"]["site_says"]
    assert "within 24 hours" in site_says and "confirmation email" in site_says
    assert "Edit Member Profile" not in site_says  # the page's message, not its menu
    assert "within 24 hours" in run.stdout
    state = mock_site.account(SECOND["ALIEXPRESS_LOGIN"])
    assert state["status"] == "deactivation_pending"
    assert state["deactivation_reason"] == "Switching to another marketplace"
    assert state["release_requested"] is False
    assert state["deactivation_requests"] == 1


def test_release_account_ticks_the_box_and_is_recorded(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--release-account", env=DEMO)
    assert run.returncode == 0, run.stderr
    assert run.manifest["release_account"] is True
    state = mock_site.account(DEMO["ALIEXPRESS_LOGIN"])
    assert state["status"] == "deactivation_pending"
    assert state["release_requested"] is True
    assert state["deactivation_reason"] == "No longer using the platform"


def test_without_base_url_the_embedded_mock_is_used(run_cli):
    run = run_cli("deactivate", "--dry-run", env=DEMO)
    assert run.returncode == 0, run.stderr
    assert run.manifest["target_kind"] == "embedded mock site"
    assert run.manifest["target"].startswith("http://127.0.0.1:")
    assert run.manifest["outcome"] == "dry_run_complete"


def test_missing_credentials_exit_2_with_a_bundle(run_cli):
    run = run_cli("deactivate", "--dry-run", env={"ALIEXPRESS_LOGIN": "demo.buyer@example.com"})
    assert run.returncode == 2
    assert "ALIEXPRESS_PASSWORD is not set" in run.stderr
    assert run.manifest["outcome"] == "failed"
    assert run.manifest["steps"] == []
    assert "ALIEXPRESS_PASSWORD" in run.manifest["error"]


def test_empty_credentials_exit_2(run_cli):
    run = run_cli("deactivate", env={"ALIEXPRESS_LOGIN": " ", "ALIEXPRESS_PASSWORD": ""})
    assert run.returncode == 2
    assert "ALIEXPRESS_LOGIN and ALIEXPRESS_PASSWORD are not set" in run.stderr


def test_non_loopback_base_url_without_live_is_refused_before_any_browser(run_cli):
    run = run_cli("deactivate", "--base-url", "https://www.aliexpress.com", env=DEMO)
    assert run.returncode == 2
    assert "add --live" in run.stderr
    assert "browser" not in run.manifest
    assert run.manifest["steps"] == []


def test_unreachable_base_url_exit_5_naming_it(run_cli):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    run = run_cli("deactivate", "--base-url", url, "--dry-run", env=DEMO)
    assert run.returncode == 5
    assert f"Could not reach {url}" in run.stderr
    step = run.manifest["steps"][0]
    assert step["name"] == "open-site" and step["status"] == "failed"


def test_wrong_password_exit_4(run_cli, mock_site):
    run = run_cli(
        "deactivate",
        "--base-url",
        mock_site.url,
        env={**DEMO, "ALIEXPRESS_PASSWORD": "not-the-password"},
    )
    assert run.returncode == 4
    assert "password is incorrect" in run.stderr
    assert run.manifest["steps"][-1]["name"] == "login"
    assert run.manifest["steps"][-1]["status"] == "failed"
    assert mock_site.account(DEMO["ALIEXPRESS_LOGIN"])["status"] == "active"


def test_already_deactivated_account_is_the_goal_state(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, env=GONE)
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "already_deactivated"
    assert "nothing was submitted" in run.stdout
    assert run.step_names == ["open-site", "login"]


def test_already_pending_account_is_not_submitted_twice(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, env=PENDING)
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "already_pending"
    assert run.step_names == STEPS_TO_FORM[: STEPS_TO_FORM.index("edit-member-profile") + 1]
    assert mock_site.account(PENDING["ALIEXPRESS_LOGIN"])["deactivation_requests"] == 0


def test_unknown_reason_lists_the_offered_ones_and_submits_nothing(run_cli, mock_site):
    run = run_cli(
        "deactivate", "--base-url", mock_site.url, "--reason", "Too many emails", env=DEMO
    )
    assert run.returncode == 2
    assert 'The reason "Too many emails" is not offered' in run.stderr
    assert '"Privacy concerns"' in run.stderr and '"Other"' in run.stderr
    assert run.manifest["steps"][-1]["name"] == "deactivate-form"
    assert mock_site.account(DEMO["ALIEXPRESS_LOGIN"])["status"] == "active"


def test_a_form_the_site_rejects_stops_with_its_message_and_exit_5(run_cli, mock_site):
    # "Confirm your account" names another member ID: the site refuses the form and says why.
    env = {**DEMO, "ALIEXPRESS_CONFIRM_ID": SECOND["ALIEXPRESS_LOGIN"]}
    run = run_cli("deactivate", "--base-url", mock_site.url, env=env)
    assert run.returncode == 5, run.stderr
    assert "The site rejected the deactivation form; nothing was deactivated" in run.stderr
    assert "This does not match the account you are signed in with." in run.stderr
    assert "check ALIEXPRESS_CONFIRM_ID" in run.stderr
    assert run.manifest["outcome"] == "failed"
    assert run.step_names == [*STEPS_TO_FORM, "submitted"]
    assert run.manifest["steps"][-1]["status"] == "failed"
    state = mock_site.account(DEMO["ALIEXPRESS_LOGIN"])
    assert state["status"] == "active" and state["submissions"] == 1


def test_missing_deactivate_control_exit_5_with_screenshot_and_html(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, env=REDESIGN)
    assert run.returncode == 5
    assert 'no "Deactivate Account" control' in run.stderr
    failed = run.manifest["steps"][-1]
    assert failed["name"] == "edit-member-profile" and failed["status"] == "failed"
    assert "links its privacy portal" in failed["error"] and "`aliexit delete`" in failed["error"]
    assert "nothing was submitted" in failed["error"]
    assert (run.bundle / failed["screenshot"]).read_bytes().startswith(b"\x89PNG")
    html = (run.bundle / failed["html"]).read_text(encoding="utf-8")
    assert "Edit Member Profile" in html
    assert failed["url"] == f"{mock_site.url}/member-profile"
    aria = (run.bundle / failed["aria"]).read_text(encoding="utf-8")
    assert 'heading "Edit Member Profile"' in aria and "Deactivate Account" not in aria
    assert hashlib.sha256(html.encode()).hexdigest() == failed["html_sha256"]
    assert run.manifest["outcome"] == "failed"


def test_env_file_that_does_not_parse_names_the_line(run_cli, tmp_path):
    bad = tmp_path / "bad.env"
    bad.write_text("ALIEXPRESS_LOGIN=demo.buyer@example.com\nthis is not a setting\n")
    run = run_cli("deactivate", "--env-file", str(bad), "--dry-run")
    assert run.returncode == 2
    assert "bad.env line 2 is not a valid setting" in run.stderr
    assert run.manifest["outcome"] == "failed"


def test_missing_env_file_exit_2(run_cli, tmp_path):
    run = run_cli("deactivate", "--env-file", str(tmp_path / "nope.env"))
    assert run.returncode == 2
    assert "does not exist" in run.stderr


def test_env_file_supplies_credentials(run_cli, tmp_path, mock_site):
    env_file = tmp_path / "my.env"
    env_file.write_text("".join(f"{k}='{v}'\n" for k, v in DEMO.items()))
    run = run_cli(
        "deactivate", "--env-file", str(env_file), "--base-url", mock_site.url, "--dry-run"
    )
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "dry_run_complete"
