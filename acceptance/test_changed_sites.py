"""Variants where deactivation must stop: d (no "Deactivate Account"), e (a sign-in form on
the other loopback host name, where no password may be typed)."""

from __future__ import annotations

import pytest
from checks import FOREIGN_SIGN_IN, expect_exit, expect_says, expect_state
from harness import FOREIGN_SIGN_IN_VARIANT, HELDOUT, NO_CONTROL_VARIANT

DRY_AND_REAL = pytest.mark.parametrize("mode", [("--dry-run",), ()], ids=["dry-run", "real"])


@DRY_AND_REAL
@pytest.mark.parametrize("site", [NO_CONTROL_VARIANT], indirect=True)
def test_missing_deactivate_control_is_named(site, mode, aliexit):
    run = aliexit("deactivate", *mode, "--base-url", site.url, account=HELDOUT)
    expect_exit(run, 5)
    expect_says(run, "Deactivate Account")
    expect_state(run, site.heldout.account(HELDOUT.email), status="active", submissions=0)


@DRY_AND_REAL
@pytest.mark.parametrize("site", [FOREIGN_SIGN_IN_VARIANT], indirect=True)
def test_sign_in_form_on_another_origin_gets_no_password(site, mode, aliexit):
    run = aliexit("deactivate", *mode, "--base-url", site.url, account=HELDOUT)
    expect_exit(run, 5)
    expect_says(run, pattern=FOREIGN_SIGN_IN)
    expect_state(
        run,
        site.heldout.account(HELDOUT.email),
        status="active",
        submissions=0,
        password_posted_on_foreign_host=False,
    )
