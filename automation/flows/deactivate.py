"""Buyer account deactivation: sign in, walk to the form, fill it, submit (or stop for a dry run).

Steps, in order: open-site, login, my-aliexpress, then the checks of `preflight`
(orders-export, disputes, wallet, coupons), edit-member-profile, deactivate-form,
form-filled, then submitted + confirmation, or dry-run-stop. Blockers stop a real run
before the form; a dry run walks on and then reports them (exit 3). The irreversible
click happens in exactly one place, guarded by `dry_run`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import Settings, account_label
from automation.errors import AliexitError, SiteUnexpected, UsageError
from automation.flows.choice import Pick, pick_option
from automation.flows.context import Checked, FlowContext, FlowResult, RunOptions, RunResult
from automation.flows.findings import check_submitting
from automation.flows.language import SiteLanguage
from automation.flows.preflight import BLOCKER_KINDS, BuyerClosing, buyer_checks
from automation.flows.runner import run_flow
from automation.flows.sign_in import open_my_aliexpress
from automation.flows.site_page import new_site_page
from automation.flows.steps import retried_step
from automation.flows.steps import site_step as step
from automation.flows.submission import (
    Arrival,
    LostAnswer,
    dry_run_stop,
    not_enabled,
    settle_lost_answer,
    submitted_step,
)
from automation.pages.deactivate_form import DeactivateFormPage
from automation.pages.deactivation_result import DeactivationResultPage
from automation.pages.find import Finder
from automation.pages.home import HomePage
from automation.pages.member_profile import DEACTIVATE, DeactivationState, MemberProfilePage
from automation.pages.my_aliexpress import MyAliExpressPage
from automation.pages.words import DEFAULT_VOCABULARY, Vocabulary

DEFAULT_REASON = "not-using"  # "No longer using the platform"
# What this path means, for the manifest, the report and the final sentence.
MEMBER_PROFILE = {"path": "member-profile", "effect": "deactivation"}
DEACTIVATION_EFFECT = "deactivation: reversible, the account's data is kept"
DEACTIVATION_MEANS = f"a {DEACTIVATION_EFFECT}"
ACTION = "Deactivation"
# At most this long, once the form is filled, for its submit button to become enabled.
SUBMIT_GRACE_MS = 5_000


@dataclass(frozen=True)
class DeactivateRequest(BuyerClosing):
    """What `aliexit deactivate` is asked: the reason, and whether to release the account."""

    reason: str | None = None  # --reason, else ALIEXIT_REASON once checked
    release_account: bool = False  # --release-account

    def evidence(self) -> dict[str, Any]:
        """What the manifest records of them."""
        return {
            **super().evidence(),
            "reason_requested": self.reason,
            "release_account": self.release_account,
        }


def choose_reason(
    requested: str | None, offered: list[str], vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> Pick:
    """The offered reason that answers --reason (a key, any wording of one in any language,
    the page's text, or shared words); `UsageError` listing the offered ones otherwise."""
    return pick_option(requested, offered, vocabulary.keyed_everywhere("reason"), DEFAULT_REASON)


async def deactivate_steps(run: FlowContext[DeactivateRequest]) -> FlowResult:
    """The deactivation flow over the pages of the site."""
    settings, recorder, request = run.settings, run.recorder, run.request
    language = SiteLanguage(run.options.locale, run.vocabulary)
    account = account_label(settings.login)
    release = request.release_account
    recorder.update(**MEMBER_PROFILE)
    recorder.add_facts(
        {"Path": "member profile", "Effect": DEACTIVATION_EFFECT, "Release account": release}
    )
    page = await new_site_page(run)
    gone = await open_my_aliexpress(run, page, language)
    if gone is not None:
        return gone
    words = await language.detect(page)
    recorder.update(locale=run.options.locale, site_language=words.lang)
    # Whether My AliExpress links the privacy portal: the path when there is no control.
    portal_linked = await MyAliExpressPage(page, words).privacy_link(wait=False) is not None

    _, blocking = await buyer_checks(run, page, words, request, stopped="Not deactivated")

    async def read_profile(handle: StepHandle) -> DeactivationState:
        words = await language.detect(page)
        await MyAliExpressPage(page, words).open_edit_member_profile()
        profile = MemberProfilePage(page, await language.detect(page))
        await profile.wait_until_shown()
        state = await profile.deactivation_state()
        handle.note(deactivation_control=state)
        if state == "missing":
            raise await _no_control(run, page, language, portal_linked)
        return state

    if await retried_step(run, "edit-member-profile", page, read_profile) == "pending":
        return FlowResult(
            "already_pending",
            f"A deactivation request for {account} is already being processed; "
            "the goal state holds and nothing was submitted.",
        )

    async def open_form(handle: StepHandle) -> tuple[DeactivateFormPage, Pick]:
        await MemberProfilePage(page, await language.detect(page)).open_deactivation()
        form = DeactivateFormPage(page, await language.detect(page))
        await form.wait_until_shown()
        reasons = run.vocabulary.keyed_everywhere("reason")
        offered = await form.offered_reasons(w for ws in reasons.values() for w in ws)
        handle.note(offered_reasons=offered)
        return form, choose_reason(request.reason, offered, run.vocabulary)

    form, reason = await retried_step(run, "deactivate-form", page, open_form)
    recorder.update(reason=reason.text, reason_match=reason.how)
    words = language.words

    async with step(recorder, "form-filled", page) as handle:
        await form.fill_account(settings.confirm_id, words.name("deactivation_phrase"))
        await form.choose(reason.text)
        if release:
            await form.release()
        handle.note(reason=reason.text, reason_key=reason.key, release_account=release)
        if not await form.wait_until_submit_ready(SUBMIT_GRACE_MS):
            raise not_enabled(words.name("submit_deactivation"))
    button = (form.submit_button.wording if form.submit_button else None) or words.name(
        "submit_deactivation"
    )

    if request.submit.dry_run:
        await dry_run_stop(run, page, button, blocking)
        return FlowResult(
            "dry_run_complete",
            f'Dry run complete for {account}: the form is filled and the "{button}" button '
            "is enabled; nothing was submitted.",
        )

    result_page = DeactivationResultPage(page, words)
    rejected = "The site rejected the deactivation form; nothing was deactivated"
    todo = "check ALIEXPRESS_CONFIRM_ID (your member ID or email) and rerun."
    lost = await submitted_step(
        run, page, form.submit, result_page.received, form.errors, rejected, todo
    )
    if lost is not None:
        return await _settle_uncertain_submission(run, page, language, lost)

    async with step(recorder, "confirmation", page) as handle:
        await result_page.wait_until_shown()
        summary = await result_page.summary()
        handle.note(site_says=summary)
    return FlowResult(
        "submitted",
        f"Deactivation of {account} submitted ({DEACTIVATION_MEANS}). The site says: {summary}",
    )


async def _no_control(
    run: FlowContext, page: Page, language: SiteLanguage, portal_linked: bool
) -> SiteUnexpected:
    """The error when Edit Member Profile has no "Deactivate Account": the privacy portal is
    this account's path when the site links one (`portal_linked`: My AliExpress did); else
    the page changed."""
    words = language.words
    looked = ", ".join(f'"{w}"' for w in words["deactivate_account"])
    if portal_linked or await _links_privacy_portal(run, page, language):
        return SiteUnexpected(
            f'The {words.name("edit_member_profile")} page has no "Deactivate Account" control '
            f"(looked for {looked}), but the site links its privacy portal: this account's path "
            "is deletion, `aliexit delete` (final: the data is not kept); nothing was submitted."
        )
    missing = await Finder(page, words).missing([DEACTIVATE])
    return SiteUnexpected(
        f'The {words.name("edit_member_profile")} page has no "Deactivate Account" control; '
        f"{missing.sentence[0].lower()}{missing.sentence[1:]} Nothing was submitted."
    )


async def _links_privacy_portal(run: FlowContext, page: Page, language: SiteLanguage) -> bool:
    """Whether the site links its privacy portal: on this page, else on My AliExpress (looked
    at in a tab of its own, so that this page stays as it is for the evidence)."""
    if await MyAliExpressPage(page, language.words).privacy_link(wait=False) is not None:
        return True
    probe = await new_site_page(run)
    try:
        await HomePage(probe, language.words).open(run.base_url)
        await HomePage(probe, language.words, language.anywhere).go_to_my_aliexpress()
        dashboard = MyAliExpressPage(probe, language.words)
        await dashboard.wait_until_shown()
        return await dashboard.privacy_link() is not None
    except (AliexitError, PlaywrightError):
        return False
    finally:
        await probe.close()


async def _settle_uncertain_submission(
    run: FlowContext, page: Page, language: SiteLanguage, lost: str
) -> FlowResult:
    """After a submission whose answer was lost, re-read the account and report the truth."""
    account = account_label(run.settings.login)
    profile_name = language.words.name("edit_member_profile")

    async def reread() -> tuple[Arrival, dict[str, Any]]:
        await HomePage(page, language.words).open(run.base_url)
        home = HomePage(page, await language.detect(page), language.anywhere)
        await home.go_to_my_aliexpress()
        await MyAliExpressPage(page, await language.detect(page)).open_edit_member_profile()
        profile = MemberProfilePage(page, await language.detect(page))
        await profile.wait_until_shown()
        state = await profile.deactivation_state()
        arrival = {"pending": "arrived", "available": "absent"}.get(state, "unclear")
        return arrival, {"deactivation_control": state}

    return await settle_lost_answer(run, page, lost, reread, LostAnswer(
        "recheck-account",
        arrived=lambda read: f"Deactivation of {account} submitted. The confirmation page was "
        f"lost ({read['lost']}), so aliexit re-read the account: {profile_name} says the "
        "request is being processed; watch for the confirmation email.",
        absent=lambda read: f"The deactivation request did not reach the site "
        f"({read['lost']}): the account is still active and nothing was submitted; it is "
        "safe to rerun.",
        unclear=lambda read: f"The answer to the deactivation request was lost "
        f"({read['lost']}) and the {profile_name} page no longer shows whether it arrived; "
        "check the account on the site before rerunning.",
    ))  # fmt: skip


async def run_deactivate(options: RunOptions, request: DeactivateRequest) -> RunResult:
    """Run `aliexit deactivate` and record it."""

    def check(request: DeactivateRequest, settings: Settings) -> Checked[DeactivateRequest]:
        if not settings.confirm_id:
            raise UsageError(
                'Filling "Confirm your account" needs ALIEXPRESS_CONFIRM_ID (or '
                "ALIEXPRESS_LOGIN), also with --session; set one of them."
            )
        consent = check_submitting(request.submit, settings, options, BLOCKER_KINDS, "deactivates")
        return Checked(replace(request, reason=request.reason or settings.reason), consent)

    return await run_flow(options, request, check, deactivate_steps, action=ACTION)
