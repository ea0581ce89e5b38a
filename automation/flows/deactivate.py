"""Buyer account deactivation: sign in, walk to the form, fill it, submit (or stop for a dry run).

Steps, in order: open-site, login, my-aliexpress, edit-member-profile,
deactivate-form, form-filled, then submitted + confirmation, or dry-run-stop.
The irreversible click happens in exactly one place, guarded by `dry_run`.
"""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError

from automation.config import mask_account
from automation.errors import LoginFailed, SiteUnexpected, UsageError
from automation.flows.runner import FlowContext, FlowResult, RunOptions, RunResult, run_flow
from automation.flows.runner import site_step as step
from automation.pages.deactivate_form import DeactivateFormPage
from automation.pages.deactivation_result import DeactivationResultPage
from automation.pages.home import HomePage
from automation.pages.member_profile import MemberProfilePage
from automation.pages.my_aliexpress import MyAliExpressPage
from automation.pages.sign_in import SignInPage
from automation.pages.words import Words, words_for

# How long a page that has loaded may take to show the "Deactivate Account" control.
CONTROL_GRACE_MS = 5_000


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def choose_reason(requested: str | None, offered: list[str], words: Words) -> str:
    """The offered reason matching `requested` (its text, any case, or its key).

    Raises `UsageError` listing the offered reasons when none matches.
    """
    wanted = requested if requested is not None else words.reasons[words.default_reason]
    wanted = words.reasons.get(wanted.strip().lower(), wanted)
    for reason in offered:
        if _norm(reason) == _norm(wanted):
            return reason
    listed = ", ".join(f'"{r}"' for r in offered) or "none"
    raise UsageError(
        f'The reason "{wanted}" is not offered by the page; rerun with --reason set to '
        f"one of: {listed}."
    )


async def deactivate_steps(run: FlowContext) -> FlowResult:
    """The deactivation flow over the pages of the site."""
    settings, recorder, options = run.settings, run.recorder, run.options
    words = words_for("en")
    account = mask_account(settings.login)
    release = bool(options.metadata.get("release_account"))
    page = await run.context.new_page()
    home = HomePage(page, words)

    async with step(recorder, "open-site", page):
        try:
            response = await home.open(run.base_url)
        except PlaywrightError as exc:
            reason = re.sub(r"\s+at\s+\S+$", "", str(exc).strip().splitlines()[0])
            raise SiteUnexpected(
                f"Could not reach {run.base_url} ({reason}); check that the site is "
                "running (aliexit mock-site) and that --base-url is right."
            ) from None
        if response is not None and response.status >= 400:
            raise SiteUnexpected(
                f"{run.base_url} answered HTTP {response.status}; check --base-url."
            )

    async with step(recorder, "login", page) as handle:
        await home.go_to_sign_in()
        sign_in = SignInPage(page, words)
        await sign_in.sign_in(settings.login, settings.password.reveal())
        refusal = await sign_in.wait_for_outcome(home.my_aliexpress_link)
        if refusal and _norm(words.account_deactivated) in _norm(refusal):
            handle.note(site_says=refusal)
            return FlowResult(
                "already_deactivated",
                f"The account {account} is already deactivated (the site says: "
                f'"{refusal}"); the goal state holds and nothing was submitted.',
            )
        if refusal:
            raise LoginFailed(
                f'The site refused the sign-in for {account}: "{refusal}"; check '
                "ALIEXPRESS_LOGIN and ALIEXPRESS_PASSWORD."
            )
    await run.signed_in(page)

    async with step(recorder, "my-aliexpress", page):
        await home.go_to_my_aliexpress()
        dashboard = MyAliExpressPage(page, words)
        await dashboard.wait_until_shown()

    profile = MemberProfilePage(page, words)
    async with step(recorder, "edit-member-profile", page) as handle:
        await dashboard.open_edit_member_profile()
        await profile.wait_until_shown()
        state = await profile.deactivation_state(CONTROL_GRACE_MS)
        handle.note(deactivation_control=state)
        if state == "pending":
            return FlowResult(
                "already_pending",
                f"A deactivation request for {account} is already being processed; "
                "the goal state holds and nothing was submitted.",
            )
        if state == "missing":
            raise SiteUnexpected(
                f'The {words.edit_member_profile} page has no "{words.deactivate_account}" '
                "control; the site may have changed: see the screenshot and page HTML in "
                "the bundle."
            )

    form = DeactivateFormPage(page, words)
    async with step(recorder, "deactivate-form", page) as handle:
        await profile.open_deactivation()
        await form.wait_until_shown()
        offered = await form.offered_reasons()
        handle.note(offered_reasons=offered)
        reason = choose_reason(settings.reason, offered, words)
        recorder.update(reason=reason)

    async with step(recorder, "form-filled", page) as handle:
        await form.fill(settings.confirm_id, words.deactivation_phrase, reason, release)
        handle.note(reason=reason, release_account=release)
        if not await form.submit_ready():
            raise SiteUnexpected(
                f'The "{words.submit_deactivation}" button is not enabled after filling '
                "the form; see the screenshot in the bundle."
            )

    if options.dry_run:
        async with step(recorder, "dry-run-stop", page) as handle:
            handle.note(button=words.submit_deactivation, visible=True, enabled=True)
        return FlowResult(
            "dry_run_complete",
            f'Dry run complete for {account}: the form is filled and the "'
            f'{words.submit_deactivation}" button is enabled; nothing was submitted.',
        )

    result_page = DeactivationResultPage(page, words)
    async with step(recorder, "submitted", page):
        await form.submit()
        await result_page.received.or_(form.errors.first).first.wait_for()
        errors = await form.error_texts()
        if errors and not await result_page.received.is_visible():
            raise SiteUnexpected("The site rejected the deactivation form: " + " ".join(errors))

    async with step(recorder, "confirmation", page) as handle:
        await result_page.wait_until_shown()
        summary = await result_page.summary()
        handle.note(site_says=summary)
    return FlowResult(
        "submitted",
        f"Deactivation of {account} submitted. The site says: {summary}",
    )


async def run_deactivate(options: RunOptions) -> RunResult:
    """Run `aliexit deactivate` with the given options and record it."""
    return await run_flow(options, deactivate_steps)
