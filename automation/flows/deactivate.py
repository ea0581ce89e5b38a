"""Buyer account deactivation: sign in, walk to the form, fill it, submit (or stop for a dry run).

Steps, in order: open-site, login, my-aliexpress, then the checks of `preflight`
(orders-export, disputes, wallet, coupons), edit-member-profile, deactivate-form,
form-filled, then submitted + confirmation, or dry-run-stop. Blockers stop a real run
before the form; a dry run walks on and then reports them (exit 3). The irreversible
click happens in exactly one place, guarded by `dry_run`.
"""

from __future__ import annotations

from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import Settings, account_label
from automation.errors import BlockedError, SiteUnexpected, UsageError
from automation.flows.language import SiteLanguage
from automation.flows.preflight import blocked_sentence, run_preflight, validate_ignored
from automation.flows.runner import (
    FlowContext,
    FlowResult,
    RunOptions,
    RunResult,
    retried_step,
    run_flow,
)
from automation.flows.runner import site_step as step
from automation.flows.safety import confirm_live_run
from automation.flows.sign_in import open_my_aliexpress
from automation.flows.site_page import new_site_page
from automation.flows.submission import dry_run_stop, not_enabled, submitted_step
from automation.pages.deactivate_form import DeactivateFormPage
from automation.pages.deactivation_result import DeactivationResultPage
from automation.pages.home import HomePage
from automation.pages.member_profile import DeactivationState, MemberProfilePage
from automation.pages.my_aliexpress import MyAliExpressPage
from automation.pages.words import Words, all_words, same_words

# At most this long for the profile page to settle before "Deactivate Account" counts as missing.
CONTROL_GRACE_MS = 5_000
# At most this long, once the form is filled, for its submit button to become enabled.
SUBMIT_GRACE_MS = 5_000


def reason_key(requested: str) -> str | None:
    """The key of a reason given as its key ("privacy") or its text in any language we know."""
    wanted = requested.strip().lower()
    for words in all_words():
        if wanted in words.reasons:
            return wanted
        for key, text in words.reasons.items():
            if same_words(requested, text):
                return key
    return None


def choose_reason(requested: str | None, offered: list[str], words: Words) -> str:
    """The offered reason matching `requested`: a key ("privacy"), or a reason's text in the
    page's language (or another we know), any case. `words` are the page's words.

    Raises `UsageError` listing the keys and the offered reasons when none matches.
    """
    wanted = requested if requested is not None else words.default_reason
    key = reason_key(wanted)
    candidates = [wanted] + ([words.reasons[key]] if key in words.reasons else [])
    for reason in offered:
        if any(same_words(reason, c) for c in candidates):
            return reason
    listed = ", ".join(f'"{r}"' for r in offered) or "none"
    keys = ", ".join(words.reasons)
    raise UsageError(
        f'The reason "{wanted}" is not offered by the page; rerun with --reason set to a '
        f"key ({keys}) or to one of the offered reasons: {listed}."
    )


async def deactivate_steps(run: FlowContext) -> FlowResult:
    """The deactivation flow over the pages of the site."""
    settings, recorder, options = run.settings, run.recorder, run.options
    language = SiteLanguage(options.locale)
    account = account_label(settings.login)
    release = bool(options.metadata.get("release_account"))
    page = await new_site_page(run)
    gone = await open_my_aliexpress(run, page, language)
    if gone is not None:
        return gone
    words = await language.detect(page)
    recorder.update(locale=options.locale, site_language=words.lang)

    ignored = set(options.ignore_blockers)
    found = await run_preflight(run, page, words)
    blocking, overridden = found.blocking(ignored), found.overridden(ignored)
    if overridden:
        recorder.update(overrides=overridden)
        recorder.log.warning("blockers overridden", kinds=overridden)
    for warning in found.warnings:
        recorder.log.warning("warning", kind=warning.kind, text=warning.text)
    if blocking and not options.dry_run:
        raise BlockedError(blocked_sentence(blocking, dry_run=False))

    async def read_profile(handle: StepHandle) -> DeactivationState:
        words = await language.detect(page)
        await MyAliExpressPage(page, words).open_edit_member_profile()
        profile = MemberProfilePage(page, words)
        await profile.wait_until_shown()
        state = await profile.deactivation_state(CONTROL_GRACE_MS)
        handle.note(deactivation_control=state)
        if state == "missing":
            raise SiteUnexpected(_no_control(words))
        return state

    if await retried_step(run, "edit-member-profile", page, read_profile) == "pending":
        return FlowResult(
            "already_pending",
            f"A deactivation request for {account} is already being processed; "
            "the goal state holds and nothing was submitted.",
        )

    async def open_form(handle: StepHandle) -> tuple[DeactivateFormPage, str]:
        await MemberProfilePage(page, await language.detect(page)).open_deactivation()
        await DeactivateFormPage(page, language.words).wait_until_shown()
        form = DeactivateFormPage(page, await language.detect(page))
        offered = await form.offered_reasons(
            [text for w in all_words() for text in w.reasons.values()]
        )
        handle.note(offered_reasons=offered)
        return form, choose_reason(settings.reason, offered, language.words)

    opened = await retried_step(run, "deactivate-form", page, open_form)
    assert opened is not None  # no `done`: the step returns its body's result or raises
    form, reason = opened  # the form keeps the reason control it found
    recorder.update(reason=reason)
    words = language.words

    async with step(recorder, "form-filled", page) as handle:
        await form.fill(settings.confirm_id, words.deactivation_phrase, reason, release)
        handle.note(reason=reason, release_account=release)
        if not await form.wait_until_submit_ready(SUBMIT_GRACE_MS):
            raise not_enabled(words.submit_deactivation)

    if options.dry_run:
        await dry_run_stop(run, page, words.submit_deactivation, blocking)
        return FlowResult(
            "dry_run_complete",
            f'Dry run complete for {account}: the form is filled and the "'
            f'{words.submit_deactivation}" button is enabled; nothing was submitted.',
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
        f"Deactivation of {account} submitted. The site says: {summary}",
    )


def _no_control(words: Words) -> str:
    return (
        f'The {words.edit_member_profile} page has no "{words.deactivate_account}" control; '
        "the site may have changed: see the screenshot and page HTML in the bundle."
    )


async def _settle_uncertain_submission(
    run: FlowContext, page: Page, language: SiteLanguage, lost: str
) -> FlowResult:
    """After a submission whose answer was lost, re-read the account and report the truth."""
    account = account_label(run.settings.login)

    async def reread(handle: StepHandle) -> DeactivationState:
        await HomePage(page, language.words).open(run.base_url)
        await HomePage(page, await language.detect(page)).go_to_my_aliexpress()
        await MyAliExpressPage(page, await language.detect(page)).open_edit_member_profile()
        profile = MemberProfilePage(page, await language.detect(page))
        await profile.wait_until_shown()
        state = await profile.deactivation_state(CONTROL_GRACE_MS)
        handle.note(deactivation_control=state, because=f"answer lost: {lost}")
        return state

    state = await retried_step(run, "recheck-account", page, reread)
    words = language.words
    if state == "pending":
        return FlowResult(
            "submitted",
            f"Deactivation of {account} submitted. The confirmation page was lost ({lost}), "
            f"so aliexit re-read the account: {words.edit_member_profile} says the request is "
            "being processed; watch for the confirmation email.",
        )
    if state == "available":
        raise SiteUnexpected(
            f"The deactivation request did not reach the site ({lost}): the account is still "
            "active and nothing was submitted; it is safe to rerun."
        )
    raise SiteUnexpected(
        f"The answer to the deactivation request was lost ({lost}) and the "
        f"{words.edit_member_profile} page no longer shows whether it arrived; check the "
        "account on the site before rerunning."
    )


async def run_deactivate(options: RunOptions) -> RunResult:
    """Run `aliexit deactivate` with the given options and record it."""

    def validate(settings: Settings) -> dict[str, str] | None:
        validate_ignored(options.ignore_blockers)
        if not settings.confirm_id:
            raise UsageError(
                'Filling "Confirm your account" needs ALIEXPRESS_CONFIRM_ID (or '
                "ALIEXPRESS_LOGIN), also with --session; set one of them."
            )
        return confirm_live_run(
            settings, options.base_url, live=options.live, dry_run=options.dry_run, yes=options.yes
        )

    return await run_flow(options, deactivate_steps, validate=validate)
