"""Before anything is deleted: read the account the way a careful person would.

Steps, each recorded with a screenshot: orders-export (every order of My Orders, saved),
disputes (open ones block), wallet (a balance above zero blocks), coupons (unused ones are
a warning). Blockers stop a real run unless overridden with --ignore-blocker.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import account_label
from automation.errors import SiteUnexpected
from automation.flows.context import FlowContext, Submitting
from automation.flows.findings import Finding, Findings
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
from automation.flows.steps import retried_step
from automation.flows.steps import site_step as step
from automation.pages.account_menu import AccountMenu
from automation.pages.account_records import COUPONS, DISPUTES, ORDERS, WalletPage
from automation.pages.find import ConceptMissing
from automation.pages.record_list import RecordList
from automation.pages.words import Words

WORDS_HINT = "Add the site's wording with --words FILE."
SKIP_HINT = (
    "Add the site's wording with --words FILE, or rerun with --skip-export to go on "
    "without the order history (recorded; no copy of it is kept)."
)
BLOCKER_KINDS = {
    "pending-orders": "orders that are not completed, closed or cancelled",
    "disputes": "open disputes or refund requests",
    "wallet": "a balance in the AliExpress Wallet",
}


@dataclass(frozen=True)
class BuyerClosing:
    """The choices of the flows that close a buyer's account (deactivate, delete)."""

    submit: Submitting
    skip_export: bool = False  # --skip-export: go on without reading My Orders (recorded)

    def evidence(self) -> dict[str, Any]:
        """What the manifest records of them."""
        return {**self.submit.evidence(), "skip_export": self.skip_export}


@dataclass
class Preflight(Findings):
    """The buyer's checks, and the order history they saved."""

    export: OrdersExport | None = None


def _no_list(exc: ConceptMissing, what: str, way_out: str) -> SiteUnexpected:
    """The sentence for a list page that shows neither records nor an empty state."""
    return SiteUnexpected(
        f"{what} shows neither a record aliexit recognises nor a sentence saying there are "
        f"none ({exc.sentence}) {way_out}"
    )


async def export_orders_step(
    run: FlowContext, page: Page, words: Words, out_dir: Path | None, way_out: str = WORDS_HINT
) -> OrdersExport:
    """Step `orders-export`: read every order, save it, and fail loudly if incomplete
    (`way_out` ends the sentence of a list aliexit cannot read)."""

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


async def run_preflight(
    run: FlowContext, page: Page, words: Words, *, skip_export: bool = False
) -> Preflight:
    """All checks, as recorded steps; returns what they found."""
    found = Preflight()
    if skip_export:
        async with step(run.recorder, "orders-export", page) as handle:
            handle.note(skipped="--skip-export")
        run.recorder.update(export="skipped (--skip-export)")
    else:
        found.export = await export_orders_step(run, page, words, None, SKIP_HINT)
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

    return found


async def buyer_checks(
    run: FlowContext, page: Page, words: Words, request: BuyerClosing, stopped: str
) -> tuple[Preflight, list[Finding]]:
    """The checks before a buyer's account is closed, settled (`Findings.settle`: a real
    run stopped with `stopped` leading the sentence, "Not deactivated"); what they found,
    and the blockers that stand for a dry run to report."""
    found = await run_preflight(run, page, words, skip_export=request.skip_export)
    return found, found.settle(run.recorder, request.submit, stopped)
