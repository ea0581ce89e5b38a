"""Faults: the mock injects 5xx answers, dropped connections and latency; aliexit retries the
steps that only read, never repeats the final submission, and re-reads the account when the
answer to it was lost."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any

import pytest
from conftest import DEMO, STEPS_TO_FORM
from flask.testing import FlaskClient
from test_mocksite_http import deactivate, sign_in

from automation.mocksite.faults import FaultInjector, FaultSettings

FAST = {"ALIEXIT_RETRY_BASE_MS": "20"}  # backoff of 20, 40, 80… ms instead of 0.5, 1, 2… s
LOGIN = DEMO["ALIEXPRESS_LOGIN"]
DEACTIVATE = "/member-profile/deactivate"


def _faults(url: str, body: Any, method: str = "POST") -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{url}/__mock__/faults",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def _raw_get(port: int, path: str) -> tuple[bytes, str]:
    """What a raw client receives for GET `path`, and how the connection ended."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        received = b""
        try:
            while chunk := conn.recv(65536):
                received += chunk
        except ConnectionResetError:
            return received, "reset"
    return received, "eof"


# --- the mock's faults over HTTP ------------------------------------------------------------


def test_a_dropped_connection_gets_no_http_answer_at_all(mock_site):
    _faults(mock_site.url, {"fault": "drop", "path": "/wallet", "method": "GET"})
    received, ended = _raw_get(mock_site.server.port, "/wallet")
    assert received == b"" and ended in {"eof", "reset"}  # no status line, no 500
    received, _ = _raw_get(mock_site.server.port, "/wallet")  # "once": the next one answers
    assert received.startswith(b"HTTP/1.1 302")  # to the sign-in page, as usual
    shown = _faults(mock_site.url, None, method="GET")
    assert shown["rules"][0]["left"] == 0 and shown["counters"]["drop"] == 1


def test_error_rules_answer_a_plain_5xx_page_n_times_and_spare_internal_paths(mock_site):
    _faults(mock_site.url, {"rules": [{"fault": "error", "path": "/*", "status": 502, "times": 2}]})
    for _ in range(2):
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(f"{mock_site.url}/")
        assert failed.value.code == 502
        assert b"502 Bad Gateway" in failed.value.read()
    assert urllib.request.urlopen(f"{mock_site.url}/").status == 200
    # /static and /__mock__ are never faulted unless a rule names them.
    _faults(mock_site.url, {"fault": "error", "path": "/*", "times": "always"})
    assert urllib.request.urlopen(f"{mock_site.url}/static/site.css").status == 200
    assert mock_site.account(LOGIN)["status"] == "active"
    cleared = _faults(mock_site.url, None, method="DELETE")
    assert cleared["rules"] == []
    assert urllib.request.urlopen(f"{mock_site.url}/").status == 200


def test_reset_clears_rules_and_bad_rules_are_refused(mock_site):
    _faults(mock_site.url, {"fault": "error", "path": "/", "times": "always"})
    mock_site.reset()
    assert _faults(mock_site.url, None, method="GET")["rules"] == []
    with pytest.raises(urllib.error.HTTPError) as refused:
        _faults(mock_site.url, {"fault": "explode", "path": "/"})
    assert refused.value.code == 400
    assert "fault must be one of" in json.load(refused.value)["error"]


def test_an_error_after_the_handler_leaves_the_state_changed(client: FlaskClient):
    assert sign_in(client, LOGIN, DEMO["ALIEXPRESS_PASSWORD"]).status_code == 303
    rule = {"fault": "error", "path": DEACTIVATE, "method": "POST", "phase": "after"}
    assert client.post("/__mock__/faults", json=rule).status_code == 200
    answer = deactivate(client)
    assert answer.status_code == 503  # the answer is lost…
    state = client.get(f"/__mock__/accounts/{LOGIN}").get_json()
    assert state["status"] == "deactivation_pending"  # …but the site did act on it
    assert state["submissions"] == 1


def test_random_faults_are_reproducible_from_the_seed():
    settings = FaultSettings(error_rate=0.3, drop_rate=0.1, jitter_ms=50, seed=7)
    runs = []
    for _ in range(2):
        injector = FaultInjector(settings)
        runs.append([injector.decide("GET", f"/page{i}") for i in range(200)])
    assert runs[0] == runs[1]
    kinds = [d.fault for d in runs[0]]
    assert 30 < kinds.count("error") < 90 and 5 < kinds.count("drop") < 40
    assert FaultInjector(settings).decide("GET", "/static/site.css").fault is None


def test_mock_site_refuses_a_rate_outside_0_to_1():
    done = subprocess.run(
        [sys.executable, "-m", "automation", "mock-site", "--error-rate", "1.5"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "not a share between 0 and 1" in done.stderr


# --- aliexit against a failing site ---------------------------------------------------------

# Each page the dry run reads (the step that loads it), and the sign-in form's POST.
FAULT_POINTS = [
    ("GET", "/", "open-site"),
    ("GET", "/login", "login"),
    ("GET", "/my-aliexpress", "my-aliexpress"),
    ("GET", "/orders", "orders-export"),
    ("GET", "/disputes", "disputes"),
    ("GET", "/wallet", "wallet"),
    ("GET", "/coupons", "coupons"),
    ("GET", "/member-profile", "edit-member-profile"),
    ("GET", DEACTIVATE, "deactivate-form"),
]
SIGN_IN_POST = [("POST", "/login", "login")]


def fail_each_once_then_drop(url: str, points: list[tuple[str, str, str]]) -> None:
    """Every point answers a 503 first, then its connection drops with no answer. The drop
    is set twice: when a connection dies before any answer, Chromium may resend the request
    once by itself, and only a failure that survives that resend reaches the page."""
    rules = [
        rule
        for method, path, _ in points
        for rule in (
            {"fault": "error", "path": path, "method": method, "status": 503},
            {"fault": "drop", "path": path, "method": method, "times": 2},
        )
    ]
    _faults(url, {"rules": rules})


def assert_each_step_retried(run, points: list[tuple[str, str, str]], url: str) -> None:
    """Each faulted step was retried (the 503, the drop), said so, and then went through."""
    retries = [e for e in run.log_lines if e.get("event") == "retrying step"]
    assert {e["step"] for e in retries} == {step for *_, step in points}
    for method, path, step in points:
        mine = [e for e in retries if e["step"] == step]
        assert [e["attempt"] for e in mine] == list(range(1, len(mine) + 1))
        assert 2 <= len(mine) <= 5, mine  # the 503, the drop(s); a later try went through
        assert mine[0]["reason"] == f"HTTP 503 for {method} {path}"
        assert any("net::ERR_" in e["reason"] for e in mine[1:]), [e["reason"] for e in mine]
        assert all(e["wait"] > 0 for e in mine)
        noted = run.manifest["steps"][run.step_names.index(step)]["notes"]["retries"]
        assert [r["reason"] for r in noted] == [e["reason"] for e in mine]
    assert all(r["left"] == 0 for r in _faults(url, None, method="GET")["rules"])


@pytest.mark.parametrize("points", [FAULT_POINTS, SIGN_IN_POST], ids=["every-page", "sign-in-post"])
def test_a_dry_run_retries_a_5xx_and_a_dropped_connection_on_each_page(run_cli, mock_site, points):
    fail_each_once_then_drop(mock_site.url, points)
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env={**DEMO, **FAST})
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "dry_run_complete"
    assert run.step_names == [*STEPS_TO_FORM, "dry-run-stop"]
    assert_each_step_retried(run, points, mock_site.url)
    state = mock_site.account(LOGIN)
    assert state["status"] == "active" and state["submissions"] == 0


def test_a_page_that_keeps_failing_stops_the_run_after_the_retries(run_cli, mock_site):
    _faults(mock_site.url, {"fault": "error", "path": "/wallet", "status": 502, "times": "always"})
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env={**DEMO, **FAST})
    assert run.returncode == 5
    assert "In step wallet, the site kept failing (HTTP 502 for GET /wallet) after 6 tries" in (
        run.stderr
    )
    assert run.manifest["outcome"] == "failed"
    assert run.manifest["steps"][-1]["name"] == "wallet"
    assert run.manifest["steps"][-1]["status"] == "failed"
    retries = [e for e in run.log_lines if e.get("event") == "retrying step"]
    assert [e["attempt"] for e in retries] == [1, 2, 3, 4, 5]
    assert mock_site.account(LOGIN)["submissions"] == 0


def test_a_connection_dropped_after_the_submission_was_processed_is_reported_submitted(
    run_cli, mock_site
):
    _faults(
        mock_site.url, {"fault": "drop", "path": DEACTIVATE, "method": "POST", "phase": "after"}
    )
    run = run_cli("deactivate", "--base-url", mock_site.url, env={**DEMO, **FAST})
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "submitted"
    assert run.step_names == [*STEPS_TO_FORM, "submitted", "recheck-account"]
    assert run.manifest["steps"][-2]["notes"]["answer_lost"].startswith("net::ERR_")
    assert run.manifest["steps"][-1]["notes"]["deactivation_control"] == "pending"
    assert "The confirmation page was lost" in run.stdout
    assert "re-read the account" in run.stdout
    state = mock_site.account(LOGIN)
    assert state["status"] == "deactivation_pending"
    assert state["submissions"] == 1 and state["deactivation_requests"] == 1


def test_a_connection_dropped_before_the_submission_arrived_is_safe_to_rerun(run_cli, mock_site):
    _faults(mock_site.url, {"fault": "drop", "path": DEACTIVATE, "method": "POST"})
    run = run_cli("deactivate", "--base-url", mock_site.url, env={**DEMO, **FAST})
    assert run.returncode == 5
    assert "did not reach the site" in run.stderr
    assert "nothing was submitted; it is safe to rerun" in run.stderr
    assert run.manifest["outcome"] == "failed"
    assert run.step_names == [*STEPS_TO_FORM, "submitted", "recheck-account"]
    assert run.manifest["steps"][-1]["notes"]["deactivation_control"] == "available"
    state = mock_site.account(LOGIN)
    assert state["status"] == "active" and state["submissions"] == 0
    # As the sentence says: the rerun submits, once.
    again = run_cli("deactivate", "--base-url", mock_site.url, env={**DEMO, **FAST})
    assert again.returncode == 0, again.stderr
    assert mock_site.account(LOGIN)["submissions"] == 1


def test_a_bad_retry_setting_is_a_usage_error(run_cli):
    run = run_cli("deactivate", "--dry-run", env={**DEMO, "ALIEXIT_RETRY_BASE_MS": "soon"})
    assert run.returncode == 2
    assert "ALIEXIT_RETRY_BASE_MS='soon' is not a whole number" in run.stderr
