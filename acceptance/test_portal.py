"""Every variant started with --portal-only: only the privacy portal deletes.

On a-d the account is deleted through the portal. On e the sign-in form itself is on the
other loopback host name, where no password may ever be typed (the safety rail of the
README): there every command must stop before the password, whatever the portal offers.
"""

from __future__ import annotations

import pytest
from checks import FOREIGN_SIGN_IN, expect_exit, expect_says, expect_state, expect_steps
from harness import ALL_VARIANTS, FOREIGN_SIGN_IN_VARIANT, HELDOUT

SIGN_IN_HERE = [v for v in ALL_VARIANTS if v != FOREIGN_SIGN_IN_VARIANT]
EVERY_VARIANT = pytest.mark.parametrize("portal_site", SIGN_IN_HERE, indirect=True)


@EVERY_VARIANT
def test_delete_dry_run_leaves_the_account_active(portal_site, aliexit):
    run = aliexit("delete", "--dry-run", "--base-url", portal_site.url, account=HELDOUT)
    expect_exit(run, 0, "dry_run_complete")
    expect_steps(run, lacks=("submitted",))
    expect_state(
        run, portal_site.heldout.account(HELDOUT.email), status="active", portal_submissions=0
    )


@EVERY_VARIANT
def test_delete_submits_once_through_the_portal_then_finds_it_pending(portal_site, aliexit):
    run = aliexit("delete", "--base-url", portal_site.url, account=HELDOUT)
    manifest = expect_exit(run, 0, "submitted")
    assert (manifest.get("path"), manifest.get("effect")) == ("privacy-portal", "deletion"), (
        f"manifest path {manifest.get('path')!r} and effect {manifest.get('effect')!r}, "
        f"expected 'privacy-portal' and 'deletion'\n{run}"
    )
    expect_state(
        run,
        portal_site.heldout.account(HELDOUT.email),
        status="deletion_pending",
        portal_submissions=1,
    )
    again = aliexit("delete", "--base-url", portal_site.url, account=HELDOUT)
    expect_exit(again, 0, "already_pending")
    expect_state(
        again,
        portal_site.heldout.account(HELDOUT.email),
        status="deletion_pending",
        portal_submissions=1,
    )


@EVERY_VARIANT
def test_deactivate_on_a_portal_only_site_points_to_delete(portal_site, aliexit):
    run = aliexit("deactivate", "--base-url", portal_site.url, account=HELDOUT)
    expect_exit(run, 5)
    expect_says(run, "aliexit delete")
    expect_state(run, portal_site.heldout.account(HELDOUT.email), status="active", submissions=0)


@pytest.mark.parametrize(
    "command",
    [("delete", "--dry-run"), ("delete",), ("deactivate",)],
    ids=["delete-dry-run", "delete", "deactivate"],
)
@pytest.mark.parametrize("portal_site", [FOREIGN_SIGN_IN_VARIANT], indirect=True)
def test_portal_only_site_whose_sign_in_is_elsewhere_gets_no_password(
    portal_site, command, aliexit
):
    run = aliexit(*command, "--base-url", portal_site.url, account=HELDOUT)
    expect_exit(run, 5)
    expect_says(run, pattern=FOREIGN_SIGN_IN)
    expect_state(
        run,
        portal_site.heldout.account(HELDOUT.email),
        status="active",
        submissions=0,
        portal_submissions=0,
        password_posted_on_foreign_host=False,
    )
