"""`aliexit login --save-session PATH`: sign in once, keep the browser's session for later runs.

With ALIEXPRESS_LOGIN and ALIEXPRESS_PASSWORD set, the sign-in is automatic (same safety
rails, same checks after the password as every flow). Without them a window opens and a
person signs in there while the run waits (up to --human-timeout). Then the context's
storage state (cookies, local storage) is written to PATH with mode 600. The bundle records
where and how many cookies, never their contents.

Steps: open-site, login (or human-sign-in), any checks after the password, save-session.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from automation.config import Settings, account_label
from automation.errors import LoginFailed
from automation.flows.challenges import record_intervention, tell_person, wait_for_person
from automation.flows.context import (
    Checked,
    FlowContext,
    FlowResult,
    RunOptions,
    RunResult,
)
from automation.flows.language import SiteLanguage
from automation.flows.runner import run_flow
from automation.flows.sign_in import open_site, pass_challenges, password_sign_in
from automation.flows.site_page import new_site_page
from automation.flows.steps import site_step as step
from automation.log import redactor
from automation.pages.home import HomePage
from automation.session_file import check_writable, save_storage_state, secret_values


@dataclass(frozen=True)
class LoginRequest:
    """What `aliexit login` is asked: where to save the session."""

    save_session: Path  # --save-session PATH

    def evidence(self) -> dict[str, Any]:
        """What the manifest records of it."""
        return {"save_session": str(self.save_session)}


async def login_steps(run: FlowContext[LoginRequest]) -> FlowResult:
    """Sign in (automatically, or by a person in the window) and save the session."""
    path = run.request.save_session
    language = SiteLanguage(run.options.locale, run.vocabulary)
    run.recorder.add_facts({"Session file": str(path)})
    page = await new_site_page(run)
    await open_site(run, page, HomePage(page, language.words))
    if run.settings.has_credentials:
        gone = await password_sign_in(run, page, language)
        if gone is not None:
            raise LoginFailed(
                f"The account {account_label(run.settings.login)} is already deactivated (the "
                "site refused the sign-in); there is no session to save."
            )
        who = account_label(run.settings.login)
    else:
        async with step(run.recorder, "human-sign-in", page) as handle:
            home = HomePage(page, await language.detect(page), language.anywhere)
            await home.go_to_sign_in()
            tell_person(
                run,
                f"Sign in to {run.base_url} in the open browser window (aliexit types nothing); "
                f"waiting up to {run.human_timeout_s:g} s.",
            )
            began = await wait_for_person(run, home.account_link, "the sign-in")
            by = "a person, in the browser window"
            handle.note(**record_intervention(run, "sign-in", by, began))
        await pass_challenges(run, page, language)
        who = "the account signed in by hand"

    async with step(run.recorder, "save-session", page) as handle:
        state = await run.context.storage_state()
        for value in secret_values(state):
            redactor.add(value)
        save_storage_state(path, state)
        handle.note(
            session_file=str(path), cookies=len(state["cookies"]), origins=len(state["origins"])
        )
    return FlowResult(
        "session_saved",
        f"Signed in as {who} and saved the session to {path} (mode 600); reuse it with "
        f"--session {path} until the site signs it out.",
    )


async def run_login(options: RunOptions, request: LoginRequest) -> RunResult:
    """Run `aliexit login --save-session PATH` and record it."""
    options = replace(options, credentials_optional=True)  # else a person signs in

    def check(request: LoginRequest, _settings: Settings) -> Checked[LoginRequest]:
        check_writable(request.save_session)
        return Checked(request)

    return await run_flow(options, request, check, login_steps, action="Sign-in")
