"""Buyer flows on the variants where every flow reaches its goal (a, b, c)."""

from __future__ import annotations

import pytest
from checks import expect_bundle, expect_exit, expect_says, expect_state, expect_steps, read_json
from harness import (
    CAPTCHA,
    COMPLETE_VARIANTS,
    DISPUTE,
    EMPTY,
    GONE,
    HELDOUT,
    HISTORY,
    PENDING,
    RELEASE_BRANCH,
    WALLET,
)

COMPLETE = pytest.mark.parametrize("site", COMPLETE_VARIANTS, indirect=True)
BLOCKED_BUYERS = pytest.mark.parametrize(
    "buyer", [PENDING, WALLET, DISPUTE], ids=lambda account: account.name
)
RELEASE = "Release my account at the same time"


@COMPLETE
def test_deactivate_dry_run_leaves_the_account_active(site, aliexit):
    run = aliexit("deactivate", "--dry-run", "--base-url", site.url, account=HELDOUT)
    expect_exit(run, 0, "dry_run_complete")
    expect_steps(run, lacks=("submitted",))
    expect_state(run, site.heldout.account(HELDOUT.email), status="active", submissions=0)


@COMPLETE
def test_deactivate_submits_once_then_finds_it_pending(site, aliexit):
    run = aliexit("deactivate", "--base-url", site.url, account=HELDOUT)
    expect_exit(run, 0, "submitted")
    expect_steps(run, has=("submitted",))
    expect_state(
        run,
        site.heldout.account(HELDOUT.email),
        status="deactivation_pending",
        submissions=1,
        password_posted_on_foreign_host=False,
    )
    again = aliexit("deactivate", "--base-url", site.url, account=HELDOUT)
    expect_exit(again, 0, "already_pending")
    expect_state(
        again, site.heldout.account(HELDOUT.email), status="deactivation_pending", submissions=1
    )


@COMPLETE
def test_release_account_is_ticked_or_refused_before_anything_is_sent(
    site, aliexit, record_property
):
    """The checkbox is optional (some variants have it): either it is ticked and submitted,
    or the run stops with exit 5 naming it and nothing is submitted. Exactly one holds; the
    session then checks that at least one of a-c ticked it (conftest's collector)."""
    run = aliexit("deactivate", "--release-account", "--base-url", site.url, account=HELDOUT)
    state = site.heldout.account(HELDOUT.email)
    ticked = run.returncode == 0 and state.get("release_account") is True
    refused = run.returncode == 5 and RELEASE in run.sentence and state.get("submissions") == 0
    record_property(
        RELEASE_BRANCH, (site.variant, "ticked" if ticked else "refused" if refused else "neither")
    )
    assert ticked or refused, (
        "expected either exit 0 with release_account true, or exit 5 naming "
        f"{RELEASE!r} with nothing submitted; state: {state}\n{run}"
    )
    expect_bundle(run)


@COMPLETE
def test_export_reads_every_order(site, aliexit, tmp_path):
    out = tmp_path / "export"
    run = aliexit("export", "--out", str(out), "--base-url", site.url, account=HISTORY)
    expect_exit(run, 0)
    exported = read_json(out / "orders.json", run)
    orders = exported.get("orders") or []
    numbers = {order.get("number") for order in orders} - {None, ""}
    assert exported.get("count") == 137, f"count {exported.get('count')!r}, expected 137\n{run}"
    assert len(orders) == 137 and len(numbers) == 137, (
        f"{len(orders)} orders with {len(numbers)} distinct numbers, expected 137\n{run}"
    )
    assert (out / "orders.csv").is_file(), f"{out / 'orders.csv'} was not written\n{run}"


@COMPLETE
def test_export_of_an_empty_history(site, aliexit, tmp_path):
    out = tmp_path / "export"
    run = aliexit("export", "--out", str(out), "--base-url", site.url, account=EMPTY)
    expect_exit(run, 0)
    exported = read_json(out / "orders.json", run)
    assert exported.get("count") == 0, f"count {exported.get('count')!r}, expected 0\n{run}"


@BLOCKED_BUYERS
@COMPLETE
def test_blocker_stops_a_real_run(site, buyer, aliexit):
    run = aliexit("deactivate", "--base-url", site.url, account=buyer)
    expect_exit(run, 3, "blocked")
    if buyer is WALLET:
        expect_says(run, "23.45")
    expect_state(run, site.heldout.account(buyer.email), status="active", submissions=0)


@BLOCKED_BUYERS
@COMPLETE
def test_blocker_fails_a_dry_run_too(site, buyer, aliexit):
    run = aliexit("deactivate", "--dry-run", "--base-url", site.url, account=buyer)
    expect_exit(run, 3, "blocked")
    expect_steps(run, lacks=("submitted",))
    expect_state(run, site.heldout.account(buyer.email), status="active", submissions=0)


@COMPLETE
def test_deactivated_account_is_already_done(site, aliexit):
    run = aliexit("deactivate", "--base-url", site.url, account=GONE)
    expect_exit(run, 0, "already_deactivated")
    expect_state(run, site.heldout.account(GONE.email), status="deactivated", submissions=0)


@COMPLETE
def test_slider_check_stops_a_headless_run(site, aliexit):
    run = aliexit("deactivate", "--base-url", site.url, account=CAPTCHA)
    expect_exit(run, 6)
    expect_state(run, site.heldout.account(CAPTCHA.email), status="active", submissions=0)
