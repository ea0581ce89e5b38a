"""Checks after the password: a slider a person must drag, and a one-time code.

Headless, a slider stops the run (exit 6) with the page in the bundle. With --headed a
person completes it in the window while the run waits (up to --human-timeout) for the page
to move on; the intervention is recorded. A one-time code comes from ALIEXPRESS_TOTP_SECRET,
else from the person at the terminal, else the run stops (exit 6). The code is a secret:
registered with the redactor, typed only on the named site's origin, masked on screenshots.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
import time

from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.errors import HumanVerificationRequired, LoginFailed
from automation.flows.context import FlowContext
from automation.flows.safety import refuse_foreign_form
from automation.flows.steps import site_step as step
from automation.log import redactor
from automation.pages.challenge import ChallengePage

SAVED_SESSION_HINT = "--session FILE saved by `aliexit login --save-session FILE`"


def tell_person(run: FlowContext, text: str) -> None:
    """Say something a person must read: in the log, and as a plain line on stderr."""
    run.recorder.log.warning(text)
    print(f"aliexit: {text}", file=sys.stderr, flush=True)


def record_intervention(
    run: FlowContext, challenge: str, by: str, began: float
) -> dict[str, object]:
    """Record that a person stepped in: the step's notes and the manifest's field."""
    record = {"challenge": challenge, "by": by, "waited_s": round(time.monotonic() - began, 1)}
    run.recorder.update(human_intervention=record)
    run.recorder.log.info("a person intervened", **record)
    return record


async def wait_for_person(run: FlowContext, done: Locator, what: str) -> float:
    """Wait up to --human-timeout for `done` to show; exit 6 when nobody finishes `what`."""
    timeout = run.human_timeout_s
    began = time.monotonic()
    try:
        await done.wait_for(timeout=timeout * 1000)
    except PlaywrightTimeoutError:
        raise HumanVerificationRequired(
            f"Nobody completed {what} within {timeout:g} s (--human-timeout); rerun with "
            f"--headed and complete it in the window (a longer --human-timeout if needed), "
            f"or with {SAVED_SESSION_HINT}."
        ) from None
    return began


async def slider_step(run: FlowContext, page: Page, challenge: ChallengePage, after: Locator):
    """Step human-verification: a person drags the slider (--headed), else exit 6.

    `after` is what the page shows once it has moved on (signed in, or another check).
    """
    async with step(run.recorder, "human-verification", page) as handle:
        says = await challenge.slider_text()
        handle.note(challenge="slider", site_says=says)
        if not run.options.headed:
            raise HumanVerificationRequired(
                f'After the password the site asks for a slider verification ("{says}"), '
                f"which only a person can complete; rerun with --headed to complete it in the "
                f"window, or with {SAVED_SESSION_HINT}."
            )
        tell_person(
            run,
            "A person must complete the slider verification in the open browser window "
            f"(drag the slider to the end); waiting up to {run.human_timeout_s:g} s.",
        )
        began = await wait_for_person(run, after, "the slider verification")
        handle.note(**record_intervention(run, "slider", "a person, in the browser window", began))


async def _code_from_person() -> str:
    """The code typed at the terminal (not echoed)."""
    prompt = "Verification code from your authenticator app (not shown): "
    return (await asyncio.to_thread(getpass.getpass, prompt)).strip()


async def code_step(run: FlowContext, page: Page, challenge: ChallengePage, after: Locator):
    """Step verification-code: type the one-time code from the secret, or from the person."""
    async with step(run.recorder, "verification-code", page) as handle:
        handle.note(challenge="one-time code")
        where = await challenge.code_form_origin()
        handle.note(code_form_origin=where)
        refuse_foreign_form("verification code form", where, run.base_url, run.options.live,
                            "Check --base-url and the site.")  # fmt: skip
        secret = run.settings.totp_secret
        began = time.monotonic()
        if secret:
            import pyotp

            code, source = pyotp.TOTP(secret.reveal()).now(), "ALIEXPRESS_TOTP_SECRET"
        elif sys.stdin.isatty():
            tell_person(run, "The site asks for a one-time verification code.")
            code, source = await _code_from_person(), "typed at the terminal"
        else:
            raise HumanVerificationRequired(
                "After the password the site asks for a one-time verification code and "
                "ALIEXPRESS_TOTP_SECRET is not set; set it to the authenticator secret of "
                f"the account, run in a terminal to type the code, or use {SAVED_SESSION_HINT}."
            )
        redactor.add(code)
        handle.note(code_from=source)
        if source == "typed at the terminal":
            by = "a person, at the terminal"
            handle.note(**record_intervention(run, "one-time code", by, began))
        await challenge.enter_code(code)
        await after.or_(challenge.error).first.wait_for()
        refusal = await challenge.error_text()
        if refusal and await challenge.code_field.is_visible():
            handle.note(site_says=refusal)
            raise LoginFailed(
                f'The site refused the verification code: "{refusal}"; check '
                "ALIEXPRESS_TOTP_SECRET and this computer's clock."
            )
