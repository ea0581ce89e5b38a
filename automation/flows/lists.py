"""Read a list of the site (orders, disputes, coupons) to its end, however it is paged.

Each move (Load more, Next, the next numbered page) that fails is tried again with the run's
`RetryPolicy` (ALIEXIT_RETRY_*): a failed page load is reloaded, a "Load more" that did
not add anything is pressed again. Parts that still fail are reported as missing; records
shown twice (a list that grows in place is read whole each time) are kept once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from automation.pages.record_list import ListPart, PageFailed, RecordList
from automation.pages.records import Record
from automation.pages.words import fold
from automation.retrying import GaveUp, RetryPolicy, with_retries

MAX_PARTS = 2_000  # a list longer than this is a site that never says it has ended
STALLS = 2  # moves in a row that show nothing new end the list


@dataclass
class WholeList:
    """Everything a list showed, and how it was read."""

    records: list[Record] = field(default_factory=list)
    stated_total: int | None = None
    parts: int = 0  # pages (or batches shown by "load more") read
    moves: list[str] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)  # parts that did not load
    retried: list[int] = field(default_factory=list)
    repeated: int = 0  # records shown again and kept once
    currency: str | None = None
    empty: str | None = None  # the empty-state wording, when the list had nothing
    tries: int = 1  # how many times a failing part was tried

    def summary(self) -> dict[str, Any]:
        """Facts for a step's notes."""
        moves = sorted(set(self.moves))
        return {
            "stated_total": self.stated_total,
            "total_stated": self.stated_total is not None,
            "count": len(self.records),
            "parts_read": self.parts,
            "paged_by": moves or ["one page"],
            "missing_parts": self.missing,
            "retried_parts": self.retried,
            **({"shown_twice": self.repeated} if self.repeated else {}),
            **({"empty_state": self.empty} if self.empty else {}),
        }


def record_key(record: Record) -> str:
    """What tells two records apart: every field and the status, as a person reads them."""
    return "|".join(fold(v) for v in (*record.fields.values(), record.status_label))


async def read_whole_list(
    listing: RecordList,
    retry: RetryPolicy,
    log: Any,
    key: Callable[[Record], str] = record_key,
) -> WholeList:
    """Read `listing` from the part shown now to its end (see the module's docstring)."""
    part = await listing.read()
    whole = WholeList(
        stated_total=part.stated_total, currency=part.currency, parts=1, tries=retry.tries
    )
    seen: set[str] = set()

    def add(shown: ListPart, grown_in_place: bool = False) -> int:
        new = 0
        for record in shown.records:
            if key(record) in seen:
                whole.repeated += 0 if grown_in_place else 1
                continue
            seen.add(key(record))
            whole.records.append(record)
            new += 1
        return new

    add(part)
    whole.empty = part.empty if not whole.records else None
    if not whole.records and whole.empty is None:
        raise await listing.nothing_read()
    stalls = 0
    while whole.parts < MAX_PARTS:
        number = whole.parts + 1
        moved = await _move(listing, part, whole, number, retry, log)
        if moved is None:
            break
        part = await listing.read()
        new = add(part, grown_in_place=moved == "load more")
        whole.parts += 1
        whole.moves.append(moved)
        stalls = stalls + 1 if new == 0 else 0
        if stalls >= STALLS:
            log.warning("list shows nothing new; taking it as ended", moves=whole.moves[-2:])
            break
    return whole


async def _move(
    listing: RecordList, part: ListPart, whole: WholeList, number: int, retry: RetryPolicy, log
) -> str | None:
    """Move the list on, trying again on failure; how, or None at the end (or when the
    part keeps failing: then `whole.missing` says which)."""

    async def move(previous: BaseException | None) -> str | None:
        if isinstance(previous, PageFailed) and previous.navigated:  # left the list: reload
            response = await listing.reload()
            if response is not None and response.status >= 400:
                raise PageFailed(f"HTTP {response.status}", navigated=True)
            return "next"
        moved = await listing.advance(part, whole.parts)
        return moved[0] if moved else None

    def retrying(attempt: int, reason: str, wait: float) -> None:
        whole.retried.append(number)
        log.warning("list page did not load; retrying", page=number, reason=reason,
                    attempt=attempt, wait=wait)  # fmt: skip

    try:
        return await with_retries(retry, move, _failed_reason, retrying)
    except GaveUp as exc:
        last = part.position[1] if part.position else number
        whole.missing = list(range(number, max(last, number) + 1))
        log.warning("list page did not load", page=number, reason=exc.reason)
        return None


def _failed_reason(exc: BaseException) -> str | None:
    return exc.reason if isinstance(exc, PageFailed) else None
