"""My Profile and the account's deactivation: the form (a page of its own, or a dialog on the
profile, by variant), its checks, the confirmation email, and the emailed link."""

from __future__ import annotations

import functools
import secrets
from typing import Any, NamedTuple

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from .state import Account, Email
from .web import get_state, login_required, mask_email

REASONS = (
    "No longer using the platform",
    "Privacy concerns",
    "Negative experience with the platform or sellers",
    "Switching to another marketplace",
    "Other",
)

profile = Blueprint("profile", __name__)


class ReasonChoice(NamedTuple):
    """A deactivation reason as the form offers it: the value it posts and the text shown."""

    value: str
    label: str


def _reason_choices() -> list[ReasonChoice]:
    """The reasons in this variant's words; each posts its stable key (the standard English
    wording, whatever language shows it) or, in some variants, the text shown."""
    words = g.t("deactivate.reasons")
    shown = g.variant.reason_values == "shown"
    return [ReasonChoice(words[key] if shown else key, words[key]) for key in REASONS]


def _reason_key(value: str) -> str | None:
    """The stable key of a posted reason, or None if the page offered no such reason."""
    choices = zip(REASONS, _reason_choices(), strict=True)
    return next((key for key, choice in choices if choice.value == value), None)


def _validate_deactivation(account: Account, form: dict[str, str]) -> dict[str, str]:
    """Field name → error message for a deactivation form submission.

    The words to type are the ones the page shows in the visitor's language; a reason must
    be one the page offered (see `_reason_choices`).
    """
    t = g.t
    errors: dict[str, str] = {}
    confirm = form["confirm_account"].strip()
    if not confirm:
        errors["confirm_account"] = t("deactivate.error.no_confirm")
    elif not account.matches(confirm):
        errors["confirm_account"] = t("deactivate.error.mismatch")
    if form["phrase"].strip() != t("deactivate.phrase"):
        errors["phrase"] = t("deactivate.error.phrase", phrase=t("deactivate.phrase"))
    if _reason_key(form["reason"]) is None:
        errors["reason"] = t("deactivate.error.reason")
    return errors


def _confirmation_email(account: Account, url: str) -> Email:
    """The email asking to confirm the deactivation by opening ``url``."""
    return Email(
        to=account.login_email,
        subject="Confirm the deactivation of your AliExpress account",
        body=(
            f"Hi {account.name},\n\n"
            f"We have received a request to deactivate your AliExpress account "
            f"(member ID {account.member_id}).\n\n"
            f"Open this link to confirm: {url}\n\n"
            "Your request will be processed within 24 hours after you confirm. "
            "If you did not ask for this, ignore this email and your account stays open.\n\n"
            "AliExpress"
        ),
        confirmation_url=url,
    )


@profile.get("/member-profile")
@login_required
def member_profile() -> str:
    """Profile details and, depending on the variant, the Deactivate Account control."""
    return render_template(
        "member_profile.html",
        active_nav="member-profile",
        reasons=_reason_choices(),
        phrase=g.t("deactivate.phrase"),
        values={},
        errors={},
    )


@profile.route("/member-profile/deactivate", methods=["GET", "POST"])
@login_required
def deactivate() -> Any:
    """The deactivation form: validate, record the request, send the confirmation email."""
    account: Account = g.account
    if g.variant.entry == "none" or account.deactivation == "portal-only":
        abort(404)
    if request.method == "POST":
        get_state().count_submission(account.member_id)
    page = functools.partial(
        render_template,
        "deactivate.html",
        active_nav="member-profile",
        reasons=_reason_choices(),
        phrase=g.t("deactivate.phrase"),
    )
    if account.status != "active":
        return page(pending=True), (409 if request.method == "POST" else 200)
    if request.method == "GET":
        return page(values={}, errors={})

    values = {
        "confirm_account": request.form.get("confirm_account", ""),
        "phrase": request.form.get("phrase", ""),
        "reason": request.form.get("reason", ""),
        "release": "release" in request.form,
    }
    errors = _validate_deactivation(account, values)
    if errors:
        return page(values=values, errors=errors), 422

    token = secrets.token_urlsafe(32)
    url = url_for("profile.confirm_deactivation", token=token, _external=True)
    updated = get_state().submit_deactivation(
        account.member_id,
        reason=values["reason"],
        release=values["release"],
        token=token,
        email=_confirmation_email(account, url),
    )
    if updated is None:
        return page(pending=True), 409
    return redirect(url_for("profile.deactivate_result"), code=303)


@profile.get("/member-profile/deactivate/result")
@login_required
def deactivate_result() -> Any:
    """Confirmation that the request was received and an email was sent."""
    account: Account = g.account
    if account.status != "deactivation_pending":
        return redirect(url_for("profile.member_profile"))
    return render_template(
        "deactivate_result.html",
        active_nav="member-profile",
        masked_email=mask_email(account.login_email),
        release=bool(account.release_requested),
    )


@profile.get("/account/deactivation/confirm")
def confirm_deactivation() -> Any:
    """The one-time link from the confirmation email."""
    account = get_state().confirm_deactivation(request.args.get("token", ""))
    if account is None:
        return render_template("confirm_invalid.html"), 404
    if session.get("member_id") == account.member_id:
        session.clear()
        g.account = None
    return render_template("confirm_done.html")
