"""`aliexit delete` end to end on the mock: the privacy portal path, in every language the
buyer side speaks, dry and real, and its refusals."""

from __future__ import annotations

import hashlib
import json
import urllib.request
from typing import Any

import pytest
from conftest import DEMO, PREFLIGHT_STEPS, SIGN_IN_STEPS, credentials

PORTAL_STEPS = ["privacy-portal", "delete-account", "agree-typed"]
FAST = {"ALIEXIT_RETRY_BASE_MS": "20"}


def _post(url: str, path: str, body: Any) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{url}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def test_a_dry_run_types_agree_and_deletes_nothing(run_cli, mock_site):
    run = run_cli("delete", "--dry-run", "--base-url", mock_site.url, env=DEMO)
    assert run.returncode == 0, run.stderr
    assert run.step_names[: len(SIGN_IN_STEPS) + len(PREFLIGHT_STEPS)] == [
        *SIGN_IN_STEPS,
        *PREFLIGHT_STEPS,
    ]
    assert [s for s in run.step_names if s in PORTAL_STEPS] == PORTAL_STEPS
    assert "nothing was deleted" in run.stdout and "final" in run.stdout
    manifest = run.manifest
    assert (manifest["path"], manifest["effect"], manifest["outcome"]) == (
        "privacy-portal",
        "deletion",
        "dry_run_complete",
    )
    account = mock_site.account(DEMO["ALIEXPRESS_LOGIN"])
    assert account["status"] == "active" and account["portal_submissions"] == 0


@pytest.mark.parametrize("lang", ["en", "es", "fr", "ru", "pt"])
def test_deletion_rehearsed_then_requested_in_the_accounts_language(run_cli, mock_site, lang):
    login = f"portal.{lang}@example.com"
    rehearsal = run_cli("delete", "--dry-run", "--base-url", mock_site.url, env=credentials(login))
    assert rehearsal.returncode == 0, rehearsal.stderr
    assert rehearsal.manifest["outcome"] == "dry_run_complete"
    assert mock_site.account(login)["portal_submissions"] == 0
    run = run_cli("delete", "--base-url", mock_site.url, env=credentials(login))
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "submitted"
    assert run.manifest["site_language"] == lang
    assert "requested through the privacy portal" in run.stdout
    account = mock_site.account(login)
    assert account["status"] == "deletion_pending"
    assert account["portal_submissions"] == 1 and account["deactivation_requests"] == 0


def test_an_account_already_pending_deletion_submits_nothing(run_cli, mock_site):
    login = "portal.pending@example.com"
    run = run_cli("delete", "--base-url", mock_site.url, env=credentials(login))
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "already_pending"
    assert mock_site.account(login)["portal_submissions"] == 0


def test_deactivate_on_a_portal_only_account_names_aliexit_delete(run_cli, mock_site):
    login = "portal.en@example.com"
    run = run_cli("deactivate", "--base-url", mock_site.url, env=credentials(login))
    assert run.returncode == 5
    assert "aliexit delete" in run.stderr
    assert mock_site.account(login)["status"] == "active"


def test_an_expired_hand_off_is_refused_and_nothing_is_deleted(run_cli, mock_site):
    _post(mock_site.url, "/__mock__/portal", {"ticket_ttl_s": 0})
    run = run_cli("delete", "--base-url", mock_site.url, env={**DEMO, **FAST})
    assert run.returncode == 5, run.stderr
    assert run.manifest["outcome"] == "failed"
    account = mock_site.account(DEMO["ALIEXPRESS_LOGIN"])
    assert account["status"] == "active" and account["portal_submissions"] == 0


def test_a_lost_answer_to_delete_is_settled_by_reading_the_portal_again(run_cli, mock_site):
    lost = {"fault": "drop", "path": "/request/delete", "method": "POST", "phase": "after"}
    _post(mock_site.url, "/__mock__/faults", lost)
    run = run_cli("delete", "--base-url", mock_site.url, env={**DEMO, **FAST})
    account = mock_site.account(DEMO["ALIEXPRESS_LOGIN"])
    assert account["portal_submissions"] == 1, "the Delete press was repeated"
    assert account["status"] == "deletion_pending"
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] in ("submitted", "already_pending")


def test_the_data_copy_is_saved_hashed_and_compared_with_my_orders(run_cli, mock_site):
    _post(mock_site.url, "/__mock__/portal", {"copy_delay_s": 0.3})
    run = run_cli("delete", "--dry-run", "--download-data", "--base-url", mock_site.url, env=DEMO)
    assert run.returncode == 0, run.stderr
    copy = run.manifest["data_copy"]
    saved = run.bundle / copy["file"]
    (listed,) = [f for f in run.manifest["files"] if f["path"] == copy["file"]]
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == listed["sha256"]
    assert saved.read_bytes()[:2] == b"PK"  # a real .xlsx: a zip
    assert copy["orders"] == copy["export_orders"] and copy["matches_export"] is True
    assert [w for w in run.manifest.get("warnings", []) if w["kind"] == "data-copy"] == []


async def test_a_portal_that_asks_for_a_password_is_recognised(page):
    from automation.pages.privacy_portal import PrivacyPortalPage
    from automation.pages.words import words_for

    await page.set_content(
        "<main><h1>Sign in to Privacy Center</h1><label>Email <input></label>"
        "<label>Password <input type=password></label><button>Sign in</button></main>"
    )
    assert await PrivacyPortalPage(page, words_for("en")).asks_for_password()
    await page.set_content(
        "<main><h1>Your privacy</h1><a href='#d'>Delete account</a>"
        "<a href='#c'>Download your data</a></main>"
    )
    assert not await PrivacyPortalPage(page, words_for("en")).asks_for_password()
