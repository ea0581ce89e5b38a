"""Transient failures of the site, and how to see them while a step runs.

A failure is transient when the page's main document got a 5xx answer, its load failed at
the network level (a dropped connection, `net::ERR_*`), or the browser shows its own error
page. `MainFrameWatch` notices these while a step runs, so the step does not sit out its
timeout waiting for an element that will never come. What to do about them is the caller's
choice: read-only steps are run again (`steps.retried_step`, after the waits of
`automation.retrying`); the final submission never is.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Iterator
from contextvars import ContextVar
from typing import TypeVar
from urllib.parse import urlsplit

from playwright.async_api import Page, Request, Response

T = TypeVar("T")

# Network errors that say the site is not there at all (a wrong URL), not that it hiccuped.
NOT_TRANSIENT = (
    "ERR_CONNECTION_REFUSED",
    "ERR_NAME_NOT_RESOLVED",
    "ERR_ADDRESS_UNREACHABLE",
    "ERR_CERT_",
    "ERR_SSL_",
)
_CURRENT: ContextVar[MainFrameWatch | None] = ContextVar("aliexit_main_frame_watch", default=None)


class TransientFailure(Exception):
    """The site failed in a way that may pass (5xx, dropped connection, browser error page)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _where(url: str) -> str:
    parts = urlsplit(url)
    return parts.path or "/"


class MainFrameWatch:
    """Notices transient failures of the page's main document while it is entered.

    `run(coro)` awaits `coro` but gives up as soon as such a failure happens, raising
    `TransientFailure`. Inside `failures_handled_here()` failures are left to the caller.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.reason: str | None = None
        self.paused = False
        self.handled = False  # the step handled page failures itself at some point
        self.permanent: str | None = None
        self._failed = asyncio.Event()
        self._token = None

    def __enter__(self) -> MainFrameWatch:
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)
        self._token = _CURRENT.set(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.page.remove_listener("response", self._on_response)
        self.page.remove_listener("requestfailed", self._on_request_failed)
        if self._token is not None:
            _CURRENT.reset(self._token)

    def _main_document(self, request: Request) -> bool:
        try:
            return request.is_navigation_request() and request.frame == self.page.main_frame
        except Exception:  # a frame already gone is not the main frame
            return False

    def _fail(self, reason: str) -> None:
        if self.paused or self.reason is not None:
            return
        self.reason = reason
        self._failed.set()

    def _on_response(self, response: Response) -> None:
        if response.status >= 500 and self._main_document(response.request):
            method = response.request.method
            self._fail(f"HTTP {response.status} for {method} {_where(response.url)}")

    def _on_request_failed(self, request: Request) -> None:
        failure = request.failure or "net::ERR_FAILED"
        if "ERR_ABORTED" in failure or not self._main_document(request):
            return  # ERR_ABORTED: a navigation replaced by another, not a site failure
        if any(code in failure for code in NOT_TRANSIENT):
            self.permanent = failure
            return
        self._fail(f"{failure} for {request.method} {_where(request.url)}")

    def seen(self, error: BaseException | None = None) -> str | None:
        """The transient failure seen so far, or the browser's own error page, or None.

        `error`, the exception the step stopped on, counts when it says a navigation was
        interrupted by another one: the browser reloading a page that failed, by itself.
        """
        if self.reason is not None:
            return self.reason
        if self.permanent is not None or self.handled:
            return None
        if self.page.url.startswith("chrome-error://"):
            return "the browser showed its error page"
        if error is not None and "interrupted by another navigation" in str(error):
            return "the page was reloaded by the browser"
        return None

    async def run(self, work: Awaitable[T]) -> T:
        """Await `work`; raise `TransientFailure` as soon as the main document fails."""
        task = asyncio.ensure_future(work)
        failed = asyncio.ensure_future(self._failed.wait())
        try:
            await asyncio.wait({task, failed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            failed.cancel()
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        raise TransientFailure(self.reason or "the page failed to load")


@contextlib.contextmanager
def failures_handled_here() -> Iterator[None]:
    """Within this block the current step retries its own page loads: the watch looks away."""
    watch = _CURRENT.get()
    if watch is None:
        yield
        return
    watch.paused = watch.handled = True
    try:
        yield
    finally:
        watch.paused = False
