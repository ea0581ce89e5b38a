"""Safety rails: credentials only go where they belong, and a live run needs consent."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import urllib.request

import pytest
from conftest import DEMO, SECOND

from automation.flows.safety import may_open_portal, may_type_credentials
from automation.mocksite import MockServer, create_app


@pytest.mark.parametrize(
    ("form", "target", "live", "allowed"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000", False, True),
        ("http://127.0.0.1:8001", "http://127.0.0.1:8000", False, False),
        ("http://localhost:8000", "http://127.0.0.1:8000", False, False),
        ("https://login.aliexpress.com", "https://www.aliexpress.com", True, True),
        ("https://www.aliexpress.us", "https://www.aliexpress.com", True, True),
        ("https://login.aliexpress.com", "https://www.aliexpress.com", False, False),
        ("http://login.aliexpress.com", "https://www.aliexpress.com", True, False),
        ("https://aliexpress.com.evil.example", "https://www.aliexpress.com", True, False),
        ("https://evilaliexpress.com", "https://www.aliexpress.com", True, False),
    ],
)
def test_where_credentials_may_be_typed(form, target, live, allowed):
    assert may_type_credentials(form, target, live) is allowed


def _account(server: MockServer, login: str) -> dict:
    with urllib.request.urlopen(f"{server.url}/__mock__/accounts/{login}") as answer:
        return json.load(answer)


def test_a_sign_in_link_to_another_origin_stops_before_anything_is_typed(run_cli):
    with MockServer() as lure, MockServer(app=create_app(sign_in_url=f"{lure.url}/login")) as site:
        run = run_cli("deactivate", "--base-url", site.url, "--dry-run", env=DEMO)
        assert run.returncode == 5
        assert f"The sign-in form is on {lure.url}" in run.stderr
        assert "nothing was typed" in run.stderr
        login = DEMO["ALIEXPRESS_LOGIN"]
        assert _account(lure, login)["sign_ins"] == 0 and _account(site, login)["sign_ins"] == 0
        step = run.manifest["steps"][-1]
        assert step["name"] == "login" and step["status"] == "failed"
        assert step["notes"]["sign_in_origin"] == lure.url


def test_a_real_live_run_without_a_person_or_yes_is_refused_before_any_browser(run_cli, mock_site):
    run = run_cli("deactivate", "--live", "--base-url", mock_site.url, env=SECOND)
    assert run.returncode == 2
    assert "needs your confirmation" in run.stderr and "--yes" in run.stderr
    assert "browser" not in run.manifest
    assert mock_site.account(SECOND["ALIEXPRESS_LOGIN"])["status"] == "active"


def test_yes_is_recorded_as_the_consent(run_cli, mock_site):
    run = run_cli("deactivate", "--live", "--yes", "--base-url", mock_site.url, env=SECOND)
    assert run.returncode == 0, run.stderr
    assert run.manifest["confirmation"] == "--yes"
    assert run.manifest["target_kind"] == "live site"
    assert mock_site.account(SECOND["ALIEXPRESS_LOGIN"])["status"] == "deactivation_pending"


def _typed_run(url: str, typed: str, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIEXPRESS_", "ALIEXIT_"))}
    env |= {**DEMO, "ALIEXIT_AUDIT_DIR": str(tmp_path / "audit")}
    keyboard, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "automation", "deactivate", "--live", "--base-url", url],
        stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=tmp_path, env=env,
    )  # fmt: skip
    os.close(terminal)
    os.write(keyboard, f"{typed}\n".encode())
    out, err = process.communicate(timeout=90)
    os.close(keyboard)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_a_person_types_the_member_id_to_confirm_a_live_run(mock_site, tmp_path):
    wrong = _typed_run(mock_site.url, "us0000000000", tmp_path)
    assert wrong.returncode == 2
    assert "does not match the account; nothing was done" in wrong.stderr
    assert mock_site.account(DEMO["ALIEXPRESS_LOGIN"])["status"] == "active"
    right = _typed_run(mock_site.url, DEMO["ALIEXPRESS_CONFIRM_ID"], tmp_path)
    assert right.returncode == 0, right.stderr
    assert "Type the member ID" in right.stdout
    assert mock_site.account(DEMO["ALIEXPRESS_LOGIN"])["status"] == "deactivation_pending"


@pytest.mark.parametrize(
    ("portal", "base", "live", "allowed"),
    [
        ("http://localhost:8000/handoff?ticket=t", "http://127.0.0.1:8000", False, True),
        ("http://127.0.0.1:8000/home", "http://127.0.0.1:8000", False, True),
        ("http://evil.example/handoff", "http://127.0.0.1:8000", False, False),
        ("https://privacy.aliexpress.com/home", "https://www.aliexpress.com", True, True),
        ("http://privacy.aliexpress.com/home", "https://www.aliexpress.com", True, False),
        ("https://aliexpress.com.evil.example/", "https://www.aliexpress.com", True, False),
        ("https://localhost:8000/home", "https://www.aliexpress.com", True, False),
    ],
)
def test_the_privacy_link_may_lead_only_to_a_portal_of_the_site(portal, base, live, allowed):
    assert may_open_portal(portal, base, live) is allowed
