"""Blockers before a deactivation: found exactly, reported, stopped on, or overridden."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from conftest import DEMO, PREFLIGHT_STEPS, SIGN_IN_STEPS, STEPS_TO_FORM, credentials, persona

FINISHED = {"completed", "closed"}


def expected_blockers(login: str) -> list[tuple[str, str]]:
    """(kind, a word the report must contain) for every blocker in the fixture, no more."""
    account = persona(login)
    found = [
        ("pending-orders", order["number"])
        for order in account.get("orders", [])
        if order["status"] not in FINISHED
    ]
    found += [
        ("disputes", dispute["number"])
        for dispute in account.get("disputes", [])
        if dispute["status"] == "open"
    ]
    wallet = account.get("wallet") or {"balance": "0.00", "currency": "USD"}
    if Decimal(wallet["balance"]) > 0:
        found.append(("wallet", f"{wallet['balance']} {wallet['currency']}"))
    return found


def unused_coupons(login: str) -> list[str]:
    return [c["title"] for c in persona(login).get("coupons", []) if c["status"] == "unused"]


@pytest.mark.parametrize(
    "login",
    [
        "orders.pending@example.com",
        "dispute.open@example.com",
        "wallet.funds@example.com",
        "many.blockers@example.com",
    ],
)
def test_dry_run_finds_each_personas_blockers_exactly_and_exits_3(run_cli, mock_site, login):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env=credentials(login))
    assert run.returncode == 3, run.stderr
    manifest = run.manifest
    assert manifest["outcome"] == "blocked"
    assert run.step_names == [*STEPS_TO_FORM, "dry-run-stop"]  # the dry run walked on
    expected = expected_blockers(login)
    found = manifest["blockers"]
    assert Counter(b["kind"] for b in found) == Counter(kind for kind, _ in expected)
    for kind, word in expected:
        assert any(b["kind"] == kind and word in b["text"] for b in found), (kind, word)
        assert word in run.stderr
    assert "a real run would stop" in run.stderr
    assert [w["kind"] for w in manifest["warnings"]] == ["coupons"] * len(unused_coupons(login))
    assert mock_site.account(login)["status"] == "active"


def test_real_run_with_a_blocker_stops_before_the_form(run_cli, mock_site):
    login = "orders.pending@example.com"
    run = run_cli("deactivate", "--base-url", mock_site.url, env=credentials(login))
    assert run.returncode == 3
    assert run.step_names == [*SIGN_IN_STEPS, *PREFLIGHT_STEPS]
    assert "Not deactivated: 2 things must be resolved first" in run.stderr
    assert "--ignore-blocker pending-orders" in run.stderr
    order = next(o for o in persona(login)["orders"] if o["status"] == "awaiting_delivery")
    assert f"order {order['number']} awaiting delivery from {order['store']}" in run.stderr
    assert f"{order['total']} {order['currency']}" in run.stderr
    assert mock_site.account(login)["deactivation_requests"] == 0


def test_clean_buyer_has_no_blocker_and_no_warning(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env=DEMO)
    assert run.returncode == 0, run.stderr
    assert run.manifest["blockers"] == [] and run.manifest["warnings"] == []


def test_unused_coupon_is_a_warning_not_a_blocker(run_cli, mock_site):
    login = "coupons.unused@example.com"
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env=credentials(login))
    assert run.returncode == 0, run.stderr
    (warning,) = run.manifest["warnings"]
    assert unused_coupons(login)[0] in warning["text"] and "unused" in warning["text"]
    assert any(e.get("event") == "warning" for e in run.log_lines)


def test_override_every_blocker_submits_and_records_it(run_cli, mock_site):
    login = "many.blockers@example.com"
    run = run_cli("deactivate", "--base-url", mock_site.url,
                  "--ignore-blocker", "pending-orders", "--ignore-blocker", "disputes",
                  "--ignore-blocker", "wallet", env=credentials(login))  # fmt: skip
    assert run.returncode == 0, run.stderr
    manifest = run.manifest
    assert manifest["outcome"] == "submitted"
    assert manifest["overrides"] == ["disputes", "pending-orders", "wallet"]
    assert manifest["ignore_blockers"] == ["pending-orders", "disputes", "wallet"]
    overridden = [e for e in run.log_lines if e.get("event") == "blockers overridden"]
    assert overridden and overridden[0]["kinds"] == manifest["overrides"]
    assert mock_site.account(login)["status"] == "deactivation_pending"


def test_overriding_some_blockers_still_stops_on_the_others(run_cli, mock_site):
    login = "many.blockers@example.com"
    run = run_cli("deactivate", "--base-url", mock_site.url, "--ignore-blocker", "wallet",
                  env=credentials(login))  # fmt: skip
    assert run.returncode == 3
    assert run.manifest["overrides"] == ["wallet"]
    assert "--ignore-blocker disputes --ignore-blocker pending-orders" in run.stderr
    assert "AliExpress Wallet holds" not in run.stderr
    assert mock_site.account(login)["status"] == "active"


def test_unknown_blocker_name_is_refused_before_any_browser(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--ignore-blocker", "orders",
                  env=DEMO)  # fmt: skip
    assert run.returncode == 2
    assert "Unknown --ignore-blocker orders; use one of: pending-orders" in run.stderr
    assert "disputes" in run.stderr and "wallet" in run.stderr
    assert "browser" not in run.manifest
