"""Trying again: how many times and how long to wait between tries, and the one loop that
does it (`with_retries`). What counts as a failure that may pass is the caller's to say.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from automation.errors import UsageError

T = TypeVar("T")

RETRY_BASE_ENV = "ALIEXIT_RETRY_BASE_MS"
RETRY_TRIES_ENV = "ALIEXIT_RETRY_TRIES"


@dataclass(frozen=True)
class RetryPolicy:
    """How many times a read-only step is tried, and the backoff between tries.

    The wait after the n-th failure is `base_ms * 2**(n-1)`, at most `cap_ms`.
    """

    tries: int = 6
    base_ms: int = 500
    cap_ms: int = 4_000

    def wait_s(self, failures: int) -> float:
        """Seconds to wait after `failures` failed tries."""
        return min(self.cap_ms, self.base_ms * 2 ** (failures - 1)) / 1000

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RetryPolicy:
        """ALIEXIT_RETRY_BASE_MS and ALIEXIT_RETRY_TRIES, else the defaults; `UsageError` if bad."""
        values: dict[str, int] = {}
        for key, name, least in ((RETRY_BASE_ENV, "base_ms", 0), (RETRY_TRIES_ENV, "tries", 1)):
            text = (env.get(key) or "").strip()
            if not text:
                continue
            if not text.isdigit() or int(text) < least:
                raise UsageError(
                    f"{key}={text!r} is not a whole number of {least} or more; fix it in the "
                    "environment or the env file."
                )
            values[name] = int(text)
        policy = cls(**values)
        if policy.base_ms > policy.cap_ms:
            policy = cls(tries=policy.tries, base_ms=policy.base_ms, cap_ms=policy.base_ms)
        return policy


class GaveUp(Exception):
    """Every try failed; `reason` is the last failure's, `last` its exception."""

    def __init__(self, reason: str, tries: int, last: BaseException) -> None:
        super().__init__(reason)
        self.reason, self.tries, self.last = reason, tries, last


async def with_retries(
    policy: RetryPolicy,
    work: Callable[[BaseException | None], Awaitable[T]],
    transient: Callable[[BaseException], str | None],
    on_retry: Callable[[int, str, float], None] | None = None,
) -> T:
    """The one retry loop: await `work(previous failure or None)` up to `policy.tries`
    times, waiting `policy.wait_s` between tries.

    `transient(exc)` says why a failure may pass (None: it may not, and it is raised);
    `on_retry(attempt, reason, wait)`, when given, hears of each retry before its wait.
    After the last try, `GaveUp`.
    """
    previous: BaseException | None = None
    for attempt in range(1, policy.tries + 1):
        try:
            return await work(previous)
        except Exception as exc:
            reason = transient(exc)
            if reason is None:
                raise
            if attempt == policy.tries:
                raise GaveUp(reason, policy.tries, exc) from exc
            previous, wait = exc, policy.wait_s(attempt)
            if on_retry is not None:
                on_retry(attempt, reason, wait)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover
