"""The steps every buyer flow starts with: open the site, sign in, open My AliExpress."""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import mask_account
from automation.errors import LoginFailed, SiteUnexpected, first_line
from automation.flows.runner import FlowContext, FlowResult, retried_step
from automation.flows.safety import may_type_credentials, origin
from automation.pages.home import HomePage
from automation.pages.my_aliexpress import MyAliExpressPage
from automation.pages.sign_in import SignInPage
from automation.pages.words import Words, says


async def open_my_aliexpress(run: FlowContext, page: Page, words: Words) -> FlowResult | None:
    """Steps open-site, login, my-aliexpress; a FlowResult when the account is already gone."""
    settings = run.settings
    account = mask_account(settings.login)
    home = HomePage(page, words)

    async def open_site(handle: StepHandle) -> None:
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

    await retried_step(run, "open-site", page, open_site)

    async def login(handle: StepHandle) -> FlowResult | None:
        await home.go_to_sign_in()
        sign_in = SignInPage(page, words)
        where = await sign_in.form_origin()
        handle.note(sign_in_origin=where)
        if not may_type_credentials(where, run.base_url, run.options.live):
            raise SiteUnexpected(
                f"The sign-in form is on {where}, which is not the site you named "
                f"({origin(run.base_url)}); nothing was typed. The sign-in link may have been "
                "tampered with (phishing): check --base-url and the site."
            )
        await sign_in.sign_in(settings.login, settings.password.reveal())
        refusal = await sign_in.wait_for_outcome(home.my_aliexpress_link)
        if refusal and says(refusal, words.account_deactivated):
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
        return None

    # The sign-in POST changes nothing on the site: the step may run again (and is over
    # when the way back shows the account link: signed in, only the next page was lost).
    gone = await retried_step(run, "login", page, login, done=home.my_aliexpress_link)
    if gone is not None:
        return gone
    await run.signed_in(page)

    async def my_aliexpress(handle: StepHandle) -> None:
        await home.go_to_my_aliexpress()
        await MyAliExpressPage(page, words).wait_until_shown()

    await retried_step(run, "my-aliexpress", page, my_aliexpress)
    return None
