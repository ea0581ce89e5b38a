"""Before anything is deleted: read the account the way a careful person would.

Steps, each recorded with a screenshot: orders-export (every order of My Orders, saved),
disputes (open ones block), wallet (a balance above zero blocks), coupons (unused ones are
a warning). Blockers stop a real run unless overridden with --ignore-blocker.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import account_label
from automation.errors import BlockedError, SiteUnexpected, UsageError
from automation.flows.lists import read_whole_list
from automation.flows.orders_export import (
    OrdersExport,
    order_key,
    save_export,
    summary,
    to_export,
    unfinished,
)
from automation.flows.retry import failures_handled_here
from automation.flows.runner import FlowContext, retried_step
from automation.flows.runner import site_step as step
from automation.pages.account_menu import AccountMenu
from automation.pages.account_records import COUPONS, DISPUTES, ORDERS, WalletPage
from automation.pages.find import ConceptMissing
from automation.pages.record_list import RecordList
from automation.pages.words import Words

WORDS_HINT = "Add the site's wording with --words FILE."
BLOCKER_KINDS = {
    "pending-orders": "orders that are not completed, closed or cancelled",
    "disputes": "open disputes or refund requests",
    "wallet": "a balance in the AliExpress Wallet",
}


@dataclass(frozen=True)
class Finding:
    """One thing a person must act on (a blocker) or should know (a warning)."""

    kind: str
    text: str


@dataclass
class Findings:
    """What the checks before the irreversible step found."""

    blockers: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    def blocking(self, ignored: set[str]) -> list[Finding]:
        """Blockers that no --ignore-blocker overrides."""
        return [b for b in self.blockers if b.kind not in ignored]

    def overridden(self, ignored: set[str]) -> list[str]:
        """Blocker kinds found and deliberately overridden."""
        return sorted({b.kind for b in self.blockers if b.kind in ignored})

    def evidence(self) -> dict[str, list[dict[str, str]]]:
        """What the manifest records."""
        return {
            "blockers": [asdict(b) for b in self.blockers],
            "warnings": [asdict(w) for w in self.warnings],
        }


@dataclass
class Preflight(Findings):
    """The buyer's checks, and the order history they saved."""

    export: OrdersExport | None = None


def validate_ignored(kinds: list[str], known: dict[str, str] | None = None) -> set[str]:
    """The --ignore-blocker names, or a `UsageError` listing the valid ones.

    `known` maps each kind to what it means (default: the buyer's `BLOCKER_KINDS`).
    """
    known = BLOCKER_KINDS if known is None else known
    unknown = [k for k in kinds if k not in known]
    if unknown:
        valid = ", ".join(f"{k} ({v})" for k, v in known.items())
        raise UsageError(f"Unknown --ignore-blocker {', '.join(unknown)}; use one of: {valid}.")
    return set(kinds)


def plural(count: int, one: str, many: str) -> str:
    """`count` with the noun that agrees with it: "1 thing", "6 things"."""
    return f"{count} {one if count == 1 else many}"


def blocked_sentence(
    blocking: list[Finding], dry_run: bool, stopped: str = "Not deactivated"
) -> str:
    """One sentence a person can act on, listing every blocker (`stopped` leads a real run's)."""
    kinds = sorted({b.kind for b in blocking})
    lead = "Dry run complete, but a real run would stop here" if dry_run else stopped
    return (
        f"{lead}: {plural(len(blocking), 'thing', 'things')} must be resolved first: "
        + "; ".join(b.text for b in blocking)
        + ". Resolve them on the site, or rerun with "
        + " ".join(f"--ignore-blocker {k}" for k in kinds)
        + " to override deliberately."
    )


def _no_list(exc: ConceptMissing, what: str, way_out: str) -> SiteUnexpected:
    """The sentence for a list page that shows neither records nor an empty state."""
    return SiteUnexpected(
        f"{what} shows neither a record aliexit recognises nor a sentence saying there are "
        f"none ({exc.sentence}) {way_out}"
    )


async def export_orders_step(
    run: FlowContext, page: Page, words: Words, out_dir: Path | None, *, can_skip: bool = False
) -> OrdersExport | None:
    """Step `orders-export`: read every order, save it, and fail loudly if incomplete.

    With --skip-export (`can_skip` flows only) the step records that the history was
    deliberately not read, and returns None.
    """
    if can_skip and run.options.skip_export:
        async with step(run.recorder, "orders-export", page) as handle:
            handle.note(skipped="--skip-export")
        run.recorder.update(export="skipped (--skip-export)")
        return None
    way_out = (
        "Add the site's wording with --words FILE, or rerun with --skip-export to go on "
        "without the order history (recorded; no copy of it is kept)."
        if can_skip
        else WORDS_HINT
    )

    async def export_orders(handle: StepHandle) -> OrdersExport:
        await AccountMenu(page, words).open("my_orders")
        listing = RecordList(page, words, ORDERS, empty="orders_empty", total="orders_total")
        with failures_handled_here():  # the export retries its own pages, and says so
            try:
                whole = await read_whole_list(listing, run.retry, run.recorder.log, order_key)
            except ConceptMissing as exc:
                raise _no_list(exc, "My Orders", way_out) from None
        export = to_export(whole)
        save_export(
            export,
            run.recorder,
            account=account_label(run.settings.login),
            source=page.url,
            out_dir=out_dir,
        )
        handle.note(**summary(export), **({"empty_state": whole.empty} if whole.empty else {}))
        problem = export.problem()
        if problem:
            raise SiteUnexpected(problem)
        return export

    return await retried_step(run, "orders-export", page, export_orders)


async def run_preflight(run: FlowContext, page: Page, words: Words) -> Preflight:
    """All checks, as recorded steps; returns what they found."""
    found = Preflight()
    found.export = await export_orders_step(run, page, words, None, can_skip=True)
    if found.export is None:
        found.warnings.append(Finding(
            "pending-orders",
            "the order history was not read (--skip-export): unfinished orders were not "
            "checked and no copy of the history was kept",
        ))  # fmt: skip
    for order in unfinished(found.export) if found.export else []:
        found.blockers.append(Finding(
            "pending-orders",
            f"order {order['number']} {order['status_label'].lower() or order['status']} "
            f"from {order['store']}, {order['total']} {order['currency']} "
            f"(ordered {order['date']})",
        ))  # fmt: skip

    async def read_disputes(handle: StepHandle) -> list[dict[str, str | None]]:
        await AccountMenu(page, words).open("disputes")
        listing = RecordList(page, words, DISPUTES, empty="disputes_empty")
        try:
            whole = await read_whole_list(listing, run.retry, run.recorder.log)
        except ConceptMissing as exc:
            raise _no_list(exc, "The disputes page", WORDS_HINT) from None
        open_ones = [
            {**r.fields, "status": r.status_label}
            for r in whole.records
            if r.status != "closed"  # open, or a status aliexit does not know: ask a person
        ]
        handle.note(**whole.summary(), open=len(open_ones))
        return open_ones

    for dispute in await retried_step(run, "disputes", page, read_disputes):
        found.blockers.append(Finding(
            "disputes",
            f"dispute {dispute['id']} on order {dispute.get('order_number') or '?'} is "
            f"{(dispute['status'] or 'open').lower()} (refund {dispute.get('amount')}, "
            f"{dispute.get('reason')})",
        ))  # fmt: skip

    async def read_wallet(handle: StepHandle) -> tuple[str, str]:
        heading = await AccountMenu(page, words).open("wallet")
        text, amount = await WalletPage(page, words).balance()
        if text is None:
            raise SiteUnexpected(
                f"The {heading or words.name('wallet')} page shows no balance (none of "
                + ", ".join(f'"{w}"' for w in words["wallet_balance"])
                + "); add the site's wording with --words FILE, or see the screenshot."
            )
        handle.note(balance=text)
        if amount is None:
            return text, ""
        return amount.value, amount.currency or ""

    value, currency = await retried_step(run, "wallet", page, read_wallet)
    try:
        positive = Decimal(value) > 0
    except InvalidOperation:
        positive = True  # a balance aliexit cannot read: a person must look
    if positive:
        found.blockers.append(Finding(
            "wallet",
            f"the {words.name('wallet')} holds {value} {currency}".rstrip()
            + ": withdraw it first",
        ))  # fmt: skip

    async def read_coupons(handle: StepHandle) -> list[dict[str, str | None]]:
        await AccountMenu(page, words).open("coupons")
        listing = RecordList(page, words, COUPONS, empty="coupons_empty")
        try:
            whole = await read_whole_list(listing, run.retry, run.recorder.log)
        except ConceptMissing as exc:
            raise _no_list(exc, "The coupons page", WORDS_HINT) from None
        unused = [
            {**r.fields, "title": r.fields["id"] if r.id_concept == "coupon_id" else r.heading}
            for r in whole.records
            if r.status == "unused"
        ]
        handle.note(**whole.summary(), unused=len(unused))
        return unused

    for coupon in await retried_step(run, "coupons", page, read_coupons):
        found.warnings.append(Finding(
            "coupons",
            f'coupon "{coupon["title"]}"'
            + (f" ({coupon['store']})" if coupon.get("store") else "")
            + f" is unused and expires on {coupon.get('expires') or '?'}",
        ))  # fmt: skip

    run.recorder.update(**found.evidence())
    return found


async def buyer_checks(run: FlowContext, page: Page, words: Words, stopped: str) -> Preflight:
    """The checks before a buyer's account is closed, with their consequences: overrides
    recorded, warnings logged, and a real run stopped (`BlockedError`, exit 3) by what is
    not overridden; `stopped` leads that sentence ("Not deactivated")."""
    ignored = set(run.options.ignore_blockers)
    found = await run_preflight(run, page, words)
    overridden = found.overridden(ignored)
    if overridden:
        run.recorder.update(overrides=overridden)
        run.recorder.log.warning("blockers overridden", kinds=overridden)
    for warning in found.warnings:
        run.recorder.log.warning("warning", kind=warning.kind, text=warning.text)
    blocking = found.blocking(ignored)
    if blocking and not run.options.dry_run:
        raise BlockedError(blocked_sentence(blocking, dry_run=False, stopped=stopped))
    return found
