"""`aliexit close-store` on the variants where every flow reaches its goal (a, b, c)."""

from __future__ import annotations

import pytest
from checks import expect_exit, expect_state, expect_steps
from harness import BLOCKED, COMPLETE_VARIANTS, SELLER

COMPLETE = pytest.mark.parametrize("site", COMPLETE_VARIANTS, indirect=True)
STATEMENT = "We are closing the store because we retire from selling."


@COMPLETE
def test_close_store_dry_run_files_nothing(site, aliexit):
    run = aliexit("close-store", "--dry-run", "--base-url", site.url, account=SELLER)
    expect_exit(run, 0, "dry_run_complete")
    expect_steps(run, lacks=("submitted",))
    expect_state(run, site.heldout.store(SELLER.email), status="open", submissions=0)


@COMPLETE
def test_close_store_freezes_the_store(site, aliexit):
    run = aliexit("close-store", "--base-url", site.url, "--statement", STATEMENT, account=SELLER)
    expect_exit(run, 0, "submitted")
    expect_state(run, site.heldout.store(SELLER.email), status="frozen", submissions=1)


@COMPLETE
def test_close_store_with_every_blocker_files_nothing(site, aliexit):
    run = aliexit("close-store", "--base-url", site.url, "--statement", STATEMENT, account=BLOCKED)
    expect_exit(run, 3, "blocked")
    expect_state(run, site.heldout.store(BLOCKED.email), status="open", submissions=0)
