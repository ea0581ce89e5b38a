"""The steps every buyer flow starts with: open the site, sign in, open My AliExpress.

Signing in is either a saved session that is still valid (step saved-session, nothing
typed) or the password (step login), followed by whatever check the site puts after it
(steps human-verification for a slider, verification-code for a one-time code).
"""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import account_label
from automation.errors import LoginFailed, SiteUnexpected, UsageError, first_line
from automation.flows.challenges import code_step, slider_step, tell_person
from automation.flows.context import FlowContext, FlowResult
from automation.flows.language import SiteLanguage
from automation.flows.safety import refuse_foreign_form
from automation.flows.steps import resumable_step, retried_step
from automation.flows.steps import site_step as step
from automation.pages.challenge import ChallengePage
from automation.pages.home import HomePage
from automation.pages.my_aliexpress import MyAliExpressPage
from automation.pages.sign_in import SignInPage
from automation.pages.words import says_any

# A site that keeps asking after this many checks is not one a run can get through.
MAX_CHALLENGES = 3
SESSION_EXPIRED = "saved session expired; signing in with the password"


async def open_my_aliexpress(
    run: FlowContext, page: Page, language: SiteLanguage
) -> FlowResult | None:
    """Steps open-site, sign-in, my-aliexpress; a FlowResult when the account is already gone.

    The words are those of the language each page declares (`language` tracks it).
    """
    await open_site(run, page, HomePage(page, language.words))
    gone = await sign_in(run, page, language)
    if gone is not None:
        return gone

    async def my_aliexpress(handle: StepHandle) -> None:
        await HomePage(page, await language.detect(page), language.anywhere).go_to_my_aliexpress()
        await MyAliExpressPage(page, await language.detect(page)).wait_until_shown()
        handle.note(language=language.words.lang)

    await retried_step(run, "my-aliexpress", page, my_aliexpress)
    return None


async def open_site(run: FlowContext, page: Page, home: HomePage) -> None:
    """Step open-site: load the start page; an unreachable site is a plain sentence."""

    async def load(handle: StepHandle) -> None:
        try:
            response = await home.open(run.base_url)
        except PlaywrightError as exc:
            reason = re.sub(r"\s+at\s+\S+$", "", first_line(exc))
            raise SiteUnexpected(
                f"Could not reach {run.base_url} ({reason}); check that the site is "
                "running (aliexit mock-site) and that --base-url is right."
            ) from None
        if response is not None and response.status >= 400:
            raise SiteUnexpected(
                f"{run.base_url} answered HTTP {response.status}; check --base-url."
            )

    await retried_step(run, "open-site", page, load)


async def sign_in(run: FlowContext, page: Page, language: SiteLanguage) -> FlowResult | None:
    """Sign in from the start page: a valid saved session, else the password and its checks.

    Returns a FlowResult when the site says the account is already deactivated.
    """
    if run.options.session is not None and await _saved_session_holds(run, page, language):
        await run.signed_in(page)
        return None
    gone = await password_sign_in(run, page, language)
    if gone is None:
        await run.signed_in(page)
    return gone


async def _saved_session_holds(run: FlowContext, page: Page, language: SiteLanguage) -> bool:
    """Step saved-session: whether the site shows the person signed in with --session."""
    async with step(run.recorder, "saved-session", page) as handle:
        handle.note(session_file=str(run.options.session))
        home = HomePage(page, await language.detect(page), language.anywhere)
        if await home.is_signed_in():
            handle.note(session="valid", signed_in_with="saved session")
            return True
        handle.note(session="expired")
        tell_person(run, SESSION_EXPIRED)
        if not run.settings.has_credentials:
            raise UsageError(
                f"The saved session {run.options.session} has expired and ALIEXPRESS_LOGIN "
                "and ALIEXPRESS_PASSWORD are not both set; save a new session with `aliexit "
                f"login --save-session {run.options.session}`, or set them."
            )
    return False


async def password_sign_in(
    run: FlowContext, page: Page, language: SiteLanguage
) -> FlowResult | None:
    """Step login (the password, on the named site only), then any check the site asks for."""
    settings = run.settings
    account = account_label(settings.login)
    any_account_link = HomePage(page, language.words, language.anywhere).account_link

    async def login(handle: StepHandle) -> FlowResult | None:
        home = HomePage(page, await language.detect(page), language.anywhere)
        handle.note(language=language.words.lang)
        await home.go_to_sign_in()
        words = await language.detect(page)
        sign_in_page = SignInPage(page, words)
        challenge = ChallengePage(page, words)
        where = await sign_in_page.form_origin()
        handle.note(sign_in_origin=where)
        refuse_foreign_form("sign-in form", where, run.base_url, run.options.live,
                            "The sign-in link may have been tampered with (phishing): check "
                            "--base-url and the site.")  # fmt: skip
        await sign_in_page.sign_in(settings.login, settings.password.reveal())
        # Signed in, the site may switch to the account's saved language: any language's link.
        refusal = await sign_in_page.wait_for_outcome(home.signed_in, challenge.any_prompt)
        gone_words = language.vocabulary.everywhere("account_deactivated")
        if refusal and says_any(refusal, gone_words):
            handle.note(site_says=refusal)
            return FlowResult(
                "already_deactivated",
                f"The account {account} is already deactivated (the site says: "
                f'"{refusal}"); the goal state holds and nothing was submitted.',
            )
        kind = await challenge.kind()
        if refusal and kind is None:
            raise LoginFailed(
                f'The site refused the sign-in for {account}: "{refusal}"; check '
                "ALIEXPRESS_LOGIN and ALIEXPRESS_PASSWORD."
            )
        if kind is not None:
            handle.note(challenge=kind)
        return None

    # The sign-in POST changes nothing on the site: the step may run again (and is over
    # when the way back shows the account link: signed in, only the next page was lost).
    gone = await resumable_step(run, "login", page, login, any_account_link)
    if gone is not None:
        return gone
    await pass_challenges(run, page, language)
    return None


async def pass_challenges(run: FlowContext, page: Page, language: SiteLanguage) -> None:
    """Get through the checks the site shows after the password, one step each."""
    for _ in range(MAX_CHALLENGES):
        words = await language.detect(page)
        home = HomePage(page, words, language.anywhere)
        challenge = ChallengePage(page, words)
        kind = await challenge.kind()
        if kind == "slider":
            moved_on = home.account_link.or_(challenge.code_field).first
            await slider_step(run, page, challenge, moved_on)
        elif kind == "code":
            moved_on = home.account_link.or_(challenge.slider_prompt).first
            await code_step(run, page, challenge, moved_on)
        else:
            return
    if await ChallengePage(page, await language.detect(page)).kind() is not None:
        raise SiteUnexpected(
            f"The site kept asking for verification after {MAX_CHALLENGES} checks; see the "
            "screenshots in the bundle."
        )
