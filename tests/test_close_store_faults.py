"""close-store against a failing site: read steps retried, the application sent exactly once,
and the store re-read when the answer to it was lost."""

from __future__ import annotations

from conftest import credentials
from test_close_store import STATEMENT, TO_FORM, seller, stores_state
from test_faults import FAST, _faults, assert_each_step_retried, fail_each_once_then_drop

APPLICATION = "/seller/store/exit-service/application"
LOGIN = seller("clean")


def close_store(run_cli, mock_site, *flags: str):
    return run_cli("close-store", "--base-url", mock_site.url, *flags,
                   env={**credentials(LOGIN), **FAST})  # fmt: skip


# Each seller page the dry run reads (the step that loads it).
FAULT_POINTS = [
    ("GET", "/seller", "seller-center"),
    ("GET", "/seller/store", "store-management"),
    ("GET", "/seller/store/exit-service", "exit-service"),
    ("GET", "/seller/store/exit-service/orders", "inspect-orders"),
    ("GET", "/seller/store/exit-service/funds", "inspect-funds"),
    ("POST", "/seller/store/exit-service", "application-form"),
]


def test_a_dry_run_retries_a_5xx_and_a_dropped_connection_on_each_seller_page(run_cli, mock_site):
    fail_each_once_then_drop(mock_site.url, FAULT_POINTS)
    run = close_store(run_cli, mock_site, "--dry-run")
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "dry_run_complete"
    assert run.step_names == [*TO_FORM, "dry-run-stop"]
    assert_each_step_retried(run, FAULT_POINTS, mock_site.url)
    state = stores_state(mock_site, LOGIN)
    assert state["status"] == "open" and state["submissions"] == 0


def test_an_application_whose_answer_was_lost_after_filing_is_reported_submitted(
    run_cli, mock_site
):
    _faults(
        mock_site.url, {"fault": "drop", "path": APPLICATION, "method": "POST", "phase": "after"}
    )
    run = close_store(run_cli, mock_site, "--statement", STATEMENT)
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "submitted"
    assert run.step_names == [*TO_FORM, "submitted", "recheck-store"]
    assert run.manifest["steps"][-2]["notes"]["answer_lost"].startswith("net::ERR_")
    assert run.manifest["steps"][-1]["notes"]["status"] == "Frozen"
    assert "The confirmation page was lost" in run.stdout
    assert "re-read the store" in run.stdout
    state = stores_state(mock_site, LOGIN)
    assert state["status"] == "frozen"
    assert state["submissions"] == 1 and len(state["applications"]) == 1


def test_an_application_lost_before_it_arrived_files_nothing_and_is_safe_to_rerun(
    run_cli, mock_site
):
    # Dropped twice: Chromium would resend a POST whose connection died on its own; aliexit
    # sends it once, so only one of the two drops is used.
    _faults(mock_site.url, {"fault": "drop", "path": APPLICATION, "method": "POST", "times": 2})
    run = close_store(run_cli, mock_site, "--statement", STATEMENT)
    assert run.returncode == 5
    assert "did not reach the site" in run.stderr
    assert "nothing was filed; it is safe to rerun" in run.stderr
    assert run.manifest["outcome"] == "failed"
    assert run.step_names == [*TO_FORM, "submitted", "recheck-store"]
    assert run.manifest["steps"][-1]["notes"]["status"] == "Open"
    assert _faults(mock_site.url, None, method="GET")["rules"][0]["left"] == 1
    state = stores_state(mock_site, LOGIN)
    assert state["status"] == "open" and state["submissions"] == 0
    _faults(mock_site.url, None, method="DELETE")
    again = close_store(run_cli, mock_site, "--statement", STATEMENT)
    assert again.returncode == 0, again.stderr
    assert stores_state(mock_site, LOGIN)["submissions"] == 1
