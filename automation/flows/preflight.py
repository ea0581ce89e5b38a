"""Before anything is deleted: export the order history and find what a deactivation destroys.

Steps (each recorded with a screenshot): `orders-export` (every page of My Orders, saved
to the bundle before any form is touched), `disputes`, `wallet`, `coupons`. Blockers:
unfinished orders, open disputes or refunds, money in the AliExpress Wallet. Unused
coupons are a warning only. A blocker kind named with --ignore-blocker is an override.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import account_label
from automation.errors import SiteUnexpected, UsageError
from automation.flows.orders_export import (
    OrdersExport,
    parse_amount,
    read_all_orders,
    save_export,
    summary,
)
from automation.flows.retry import failures_handled_here
from automation.flows.runner import FlowContext, retried_step
from automation.pages.account_menu import AccountMenu
from automation.pages.account_records import CouponsPage, DisputesPage, WalletPage
from automation.pages.my_orders import MyOrdersPage
from automation.pages.words import Words, same_words

BLOCKER_KINDS = {
    "pending-orders": "orders that are not completed or closed",
    "disputes": "open disputes or refund requests",
    "wallet": "a balance in the AliExpress Wallet",
}
FINISHED = {"completed", "closed"}


@dataclass(frozen=True)
class Finding:
    """One thing a person must act on (a blocker) or should know (a warning)."""

    kind: str
    text: str


@dataclass
class Preflight:
    """What the checks found."""

    blockers: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    export: OrdersExport | None = None

    def blocking(self, ignored: set[str]) -> list[Finding]:
        """Blockers that no --ignore-blocker overrides."""
        return [b for b in self.blockers if b.kind not in ignored]

    def overridden(self, ignored: set[str]) -> list[str]:
        """Blocker kinds found and deliberately overridden."""
        return sorted({b.kind for b in self.blockers if b.kind in ignored})


def validate_ignored(kinds: list[str], known: dict[str, str] | None = None) -> set[str]:
    """The --ignore-blocker names, or a `UsageError` listing the valid ones.

    `known` maps each kind to what it means (default: the deactivation's `BLOCKER_KINDS`).
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


async def export_orders_step(run: FlowContext, page: Page, words: Words, out_dir: Path | None):
    """Step `orders-export`: read every order, save it, and fail loudly if incomplete."""

    async def export_orders(handle: StepHandle) -> OrdersExport:
        await AccountMenu(page).open(words.my_orders)
        with failures_handled_here():  # the export retries its own pages, and says so
            export = await read_all_orders(MyOrdersPage(page, words), words)
        save_export(
            export,
            run.recorder,
            account=account_label(run.settings.login),
            source=page.url,
            out_dir=out_dir,
        )
        handle.note(**summary(export))
        problem = export.problem()
        if problem:
            raise SiteUnexpected(problem)
        return export

    export = await retried_step(run, "orders-export", page, export_orders)
    assert export is not None
    return export


async def run_preflight(run: FlowContext, page: Page, words: Words) -> Preflight:
    """All checks, as recorded steps; returns what they found."""
    found = Preflight()
    found.export = await export_orders_step(run, page, words, None)
    for order in found.export.orders:
        if order["status"] not in FINISHED:
            found.blockers.append(Finding(
                "pending-orders",
                f"order {order['number']} {order['status_label'].lower()} from "
                f"{order['store']}, {order['total']} {order['currency']} "
                f"(ordered {order['date']})",
            ))  # fmt: skip

    async def read_disputes(handle: StepHandle) -> list[dict[str, str | None]]:
        await AccountMenu(page).open(words.disputes)
        disputes = await DisputesPage(page, words).disputes()
        open_ones = [d for d in disputes if same_words(d["status"], words.dispute_open)]
        handle.note(disputes=len(disputes), open=len(open_ones))
        return open_ones

    for dispute in await retried_step(run, "disputes", page, read_disputes) or []:
        found.blockers.append(Finding(
            "disputes",
            f"{(dispute['heading'] or '').lower()} on order {dispute['order_number']} is open "
            f"(refund {dispute['amount']}, {dispute['reason']})",
        ))  # fmt: skip

    async def read_wallet(handle: StepHandle) -> tuple[str, str]:
        await AccountMenu(page).open(words.wallet)
        balance = await WalletPage(page, words).balance()
        if balance is None:
            raise SiteUnexpected(
                f'The {words.wallet} page shows no "{words.wallet_balance}"; the site may '
                "have changed: see the screenshot in the bundle."
            )
        handle.note(balance=balance)
        return parse_amount(balance)

    amount, currency = await retried_step(run, "wallet", page, read_wallet) or ("0", "")
    try:
        positive = Decimal(amount) > 0
    except InvalidOperation:
        positive = True
    if positive:
        found.blockers.append(Finding(
            "wallet", f"the {words.wallet} holds {amount} {currency}: withdraw it first"
        ))  # fmt: skip

    async def read_coupons(handle: StepHandle) -> list[dict[str, str | None]]:
        await AccountMenu(page).open(words.coupons)
        coupons = await CouponsPage(page, words).coupons()
        unused = [c for c in coupons if same_words(c["status"], words.coupon_unused)]
        handle.note(coupons=len(coupons), unused=len(unused))
        return unused

    for coupon in await retried_step(run, "coupons", page, read_coupons) or []:
        found.warnings.append(Finding(
            "coupons",
            f'coupon "{coupon["title"]}" ({coupon["store"]}) is unused and expires on '
            f"{coupon['expires']}",
        ))  # fmt: skip

    run.recorder.update(
        blockers=[asdict(b) for b in found.blockers],
        warnings=[asdict(w) for w in found.warnings],
    )
    return found
