"""The one irreversible press of a flow: its POST goes out exactly once, never resent.

Chromium resends a form's POST by itself on a fresh connection when the first one dies
without an answer; a retry there would file an application or a deactivation twice. So the
press is routed through Playwright, which sends the request once and hands back whatever
came of it, and a lost answer is reported to the flow instead of being papered over.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, Route

from automation.audit.recorder import StepHandle
from automation.errors import BlockedError, SiteUnexpected, first_line
from automation.flows.context import FlowContext, FlowResult
from automation.flows.findings import Finding, blocked_sentence
from automation.flows.retry import MainFrameWatch, TransientFailure
from automation.flows.steps import retried_step, site_step

# What a fresh read of the site says of a submission whose answer was lost.
Arrival = Literal["arrived", "absent", "unclear"]


async def submit_once(
    page: Page, press: Callable[[], Awaitable[None]], answered: Locator
) -> str | None:
    """Run `press` (the click that submits) with its POST sent once; wait for `answered`.

    Returns None when the site answered (`answered` shows: a result page or the form's
    errors), else why the answer was lost (no answer, dropped connection, 5xx, timeout):
    the submission is then uncertain and the caller must re-read the site's state.
    """
    sent: list[str] = []

    async def send_once(route: Route) -> None:
        request = route.request
        if request.method != "POST" or not request.is_navigation_request() or sent:
            await route.fallback()
            return
        sent.append(request.url)
        try:
            answer = await route.fetch(max_redirects=0, max_retries=0)
        except PlaywrightError:
            await route.abort("connectionreset")
            return
        await route.fulfill(response=answer)

    await page.route("**/*", send_once)
    try:
        with MainFrameWatch(page) as watch:
            try:
                await watch.run(press())
                await watch.run(answered.first.wait_for())
            except TransientFailure as exc:
                return exc.reason
            except PlaywrightError as exc:
                return watch.seen() or f"no answer ({first_line(exc)})"
    finally:
        await page.unroute("**/*", send_once)
    return None


async def submitted_step(
    run: FlowContext,
    page: Page,
    press: Callable[[], Awaitable[None]],
    result: Locator,
    errors: Locator,
    rejected: str,
    todo: str,
) -> str | None:
    """Step submitted: `press` once (`submit_once`) and read the site's answer.

    `result` is what the site shows once it accepted, `errors` its validation messages; when
    only these show, the run stops (`SiteUnexpected`) with `rejected`, the site's words and
    `todo`.
    Returns None once accepted, else why the answer was lost (noted on the step and logged):
    the caller must then re-read the site's state.
    """
    async with site_step(run.recorder, "submitted", page) as handle:
        lost = await submit_once(page, press, result.or_(errors.first))
        if lost is not None:
            handle.note(answer_lost=lost)
            run.recorder.log.warning("submission answer lost", reason=lost)
            return lost
        texts = [" ".join(t.split()) for t in await errors.all_inner_texts()]
        if texts and not await result.is_visible():
            raise SiteUnexpected(f'{rejected} (it says: "{" ".join(texts)}"); {todo}')
    return None


@dataclass(frozen=True)
class LostAnswer:
    """What a flow says once it has read the site again after a lost answer, each sentence
    made from the read's notes and `lost` (why the answer was lost): the submission
    `arrived` (outcome submitted), is `absent` (exit 5, safe to rerun), or the site no
    longer says (`unclear`, exit 5: look before rerunning)."""

    step: str  # the name of the step that reads the site again ("recheck-account")
    arrived: Callable[[dict[str, Any]], str]
    absent: Callable[[dict[str, Any]], str]
    unclear: Callable[[dict[str, Any]], str]


async def settle_lost_answer(
    run: FlowContext,
    page: Page,
    lost: str,
    reread: Callable[[], Awaitable[tuple[Arrival, dict[str, Any]]]],
    says: LostAnswer,
) -> FlowResult:
    """After a submission whose answer was lost, read the site again (`reread`, retried like
    any read) and report the truth; never press again."""

    async def read(handle: StepHandle) -> tuple[Arrival, dict[str, Any]]:
        arrival, notes = await reread()
        handle.note(**notes, because=f"answer lost: {lost}")
        return arrival, notes

    arrival, notes = await retried_step(run, says.step, page, read)
    text = getattr(says, arrival)({**notes, "lost": lost})
    if arrival == "arrived":
        return FlowResult("submitted", text)
    raise SiteUnexpected(text)


def not_enabled(button: str) -> SiteUnexpected:
    """The error when the red button stays disabled once the form is filled (step form-filled)."""
    return SiteUnexpected(
        f'The "{button}" button is not enabled after filling the form; see the screenshot in '
        "the bundle."
    )


async def dry_run_stop(run: FlowContext, page: Page, button: str, blocking: list[Finding]) -> None:
    """Step dry-run-stop: the form is filled and `button` enabled, and it is not pressed.

    Raises `BlockedError` (exit 3) when blockers stand, which a dry run reports only here.
    """
    async with site_step(run.recorder, "dry-run-stop", page) as handle:
        handle.note(button=button, visible=True, enabled=True)
    if blocking:
        raise BlockedError(blocked_sentence(blocking, dry_run=True))
