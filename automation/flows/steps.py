"""The two kinds of recorded step a flow is made of.

`site_step` records a step and turns a browser failure into one plain sentence; a step that
only reads or navigates is a `retried_step`, run again on the site's transient failures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar, cast

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.audit.recorder import Recorder, StepHandle
from automation.errors import AliexitError, SiteUnexpected, first_line
from automation.flows.context import FlowContext
from automation.flows.retry import MainFrameWatch, TransientFailure
from automation.pages.find import ConceptMissing, watch_wordings
from automation.retrying import GaveUp, RetryPolicy, with_retries

T = TypeVar("T")
# Going back to a step's page after a failure: started again at once when interrupted.
_GO_BACK = RetryPolicy(tries=3, base_ms=0)


@asynccontextmanager
async def site_step(recorder: Recorder, name: str, page: Page) -> AsyncIterator[StepHandle]:
    """A recorded step in which a Playwright failure becomes a plain "site changed" sentence,
    a missing concept says in which step, and the wordings the page matched are noted."""
    async with recorder.step(name, page) as handle:
        try:
            with watch_wordings() as seen:
                try:
                    yield handle
                finally:
                    if seen:
                        handle.note(wordings=dict(seen))
        except ConceptMissing as exc:
            raise ConceptMissing(
                f"In step {name}, {exc.sentence[0].lower()}{exc.sentence[1:]}",
                exc.concepts,
                exc.offers,
            ) from exc
        except PlaywrightTimeoutError as exc:
            raise SiteUnexpected(
                f"In step {name}, the page did not show what was expected in time "
                f"({first_line(exc)}); the site may have changed or be slow: see the "
                "screenshot and page HTML in the bundle."
            ) from exc
        except PlaywrightError as exc:
            raise SiteUnexpected(
                f"In step {name}, the browser could not go on ({first_line(exc)}); "
                "see the screenshot and page HTML in the bundle."
            ) from exc


async def retried_step(
    run: FlowContext, name: str, page: Page, body: Callable[[StepHandle], Awaitable[T]]
) -> T:
    """A `site_step` for steps that only read or navigate: tried again on transient failures.

    `body` must be re-runnable from the URL the step started at: after a 5xx answer, a
    dropped connection or the browser's error page, the step waits (`run.retry` backoff),
    goes back to that URL and runs `body` again; each retry is logged ("retrying step") and
    noted on the step (`retries`). Never use this for a step that submits something
    irreversible.
    """
    return cast(T, await _retried(run, name, page, body, None))  # no `done`: body's result


async def resumable_step(
    run: FlowContext,
    name: str,
    page: Page,
    body: Callable[[StepHandle], Awaitable[T]],
    done: Locator,
) -> T | None:
    """A `retried_step` that is over when `done` (what the page shows once the step's goal
    is reached) shows on the way back after a failure: then it returns None."""
    return await _retried(run, name, page, body, done)


async def _retried(
    run: FlowContext,
    name: str,
    page: Page,
    body: Callable[[StepHandle], Awaitable[T]],
    done: Locator | None,
) -> T | None:
    policy, log = run.retry, run.recorder.log
    async with site_step(run.recorder, name, page) as handle:
        start_url, retries = page.url, []

        async def attempt(previous: BaseException | None) -> T | None:
            with MainFrameWatch(page) as watch:
                try:
                    return await watch.run(resume_or_run(again=previous is not None))
                except (AliexitError, PlaywrightError) as exc:
                    reason = watch.seen(exc)
                    if reason is None:
                        raise
                    raise TransientFailure(reason) from exc

        async def resume_or_run(again: bool) -> T | None:
            if again and start_url.startswith(("http:", "https:")):  # not about:, chrome-error:
                await _go_back(page, start_url)
                if done is not None and await done.is_visible():
                    handle.note(resumed_at_goal=True)
                    return None
            return await body(handle)

        def retrying(number: int, reason: str, wait: float) -> None:
            retries.append({"attempt": number, "reason": reason, "wait_s": wait})
            handle.note(retries=retries)
            log.warning("retrying step", step=name, attempt=number, reason=reason, wait=wait)

        try:
            return await with_retries(policy, attempt, _transient_reason, retrying)
        except GaveUp as exc:
            raise SiteUnexpected(
                f"In step {name}, the site kept failing ({exc.reason}) after {exc.tries} "
                "tries; it may be down or overloaded: try again later."
            ) from exc.last


def _transient_reason(exc: BaseException) -> str | None:
    return exc.reason if isinstance(exc, TransientFailure) else None


async def _go_back(page: Page, url: str) -> None:
    """Load `url` again after a failure; the browser may still be committing its error page
    (or resending the request by itself), which interrupts a navigation started too soon:
    then it is started again, at once, up to `_GO_BACK.tries` times."""

    async def load(_previous: BaseException | None) -> None:
        await page.wait_for_load_state("domcontentloaded")
        await page.goto(url, wait_until="domcontentloaded")

    try:
        await with_retries(_GO_BACK, load, _interrupted)
    except (GaveUp, PlaywrightError) as exc:
        cause = exc.last if isinstance(exc, GaveUp) else exc
        raise TransientFailure(f"could not go back ({first_line(cause)})") from cause


def _interrupted(exc: BaseException) -> str | None:
    text = str(exc) if isinstance(exc, PlaywrightError) else ""
    return "navigation interrupted" if "interrupted by another navigation" in text else None
