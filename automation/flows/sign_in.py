"""The steps every buyer flow starts with: open the site, sign in, open My AliExpress."""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from automation.config import mask_account
from automation.errors import LoginFailed, SiteUnexpected, first_line
from automation.flows.language import SiteLanguage
from automation.flows.runner import FlowContext, FlowResult
from automation.flows.runner import site_step as step
from automation.flows.safety import may_type_credentials, origin
from automation.pages.home import HomePage
from automation.pages.my_aliexpress import MyAliExpressPage
from automation.pages.sign_in import SignInPage
from automation.pages.words import all_words, says


async def open_my_aliexpress(
    run: FlowContext, page: Page, language: SiteLanguage
) -> FlowResult | None:
    """Steps open-site, login, my-aliexpress; a FlowResult when the account is already gone.

    The words are those of the language each page declares (`language` tracks it).
    """
    settings, recorder = run.settings, run.recorder
    account = mask_account(settings.login)
    home = HomePage(page, language.words)

    async with step(recorder, "open-site", page):
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

    async with step(recorder, "login", page) as handle:
        home = HomePage(page, await language.detect(page))
        handle.note(language=language.words.lang)
        await home.go_to_sign_in()
        sign_in = SignInPage(page, await language.detect(page))
        where = await sign_in.form_origin()
        handle.note(sign_in_origin=where)
        if not may_type_credentials(where, run.base_url, run.options.live):
            raise SiteUnexpected(
                f"The sign-in form is on {where}, which is not the site you named "
                f"({origin(run.base_url)}); nothing was typed. The sign-in link may have been "
                "tampered with (phishing): check --base-url and the site."
            )
        await sign_in.sign_in(settings.login, settings.password.reveal())
        # Signed in, the site may switch to the account's saved language: any language's link.
        refusal = await sign_in.wait_for_outcome(home.account_link_in_any_language)
        if refusal and any(says(refusal, w.account_deactivated) for w in all_words()):
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

    async with step(recorder, "my-aliexpress", page) as handle:
        await HomePage(page, await language.detect(page)).go_to_my_aliexpress()
        await MyAliExpressPage(page, await language.detect(page)).wait_until_shown()
        handle.note(language=language.words.lang)
    return None
