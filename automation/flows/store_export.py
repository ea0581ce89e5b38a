"""Before an exit service application: read every check's items, and keep a copy of them.

Steps `inspect-orders` … `inspect-funds` follow each check's "View" link on Self-inspection
and read its table; the number of rows read must be the "N items" the page states and the
count Self-inspection gives, or the step fails (never a silent partial copy). Step
`store-export` then writes store-export.json (everything, typed) and one CSV per table of
what the closure makes unreachable (products with inventory, open orders, fines, funds)
into the bundle, before the application form is touched.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import account_label
from automation.errors import SiteUnexpected
from automation.flows.context import FlowContext
from automation.flows.export_files import csv_bytes, json_bytes, save_files
from automation.flows.lists import read_whole_list
from automation.flows.steps import retried_step
from automation.flows.steps import site_step as step
from automation.log import now_iso
from automation.pages.amounts import AmountError, parse_amount
from automation.pages.find import ConceptMissing
from automation.pages.seller.item_tables import COLUMNS, ItemTablePage
from automation.pages.seller.self_inspection import KINDS, SelfInspectionPage
from automation.pages.seller.store_management import StoreManagementPage
from automation.pages.words import Words

# The inspect-* steps, by blocker kind ("inventory" is the products check).
STEP_OF = {kind: f"inspect-{'products' if kind == 'inventory' else kind}" for kind in KINDS}
AMOUNT_FIELDS = {"order_total", "amount", "price", "available_balance", "pending_settlement"}
INT_FIELDS = {"stock"}
# The tables whose copy goes into the bundle as CSV, by file name.
CSV_FILES = {
    "store-products.csv": "inventory",
    "store-orders.csv": "orders",
    "store-fines.csv": "fines",
}


@dataclass
class CheckResult:
    """One check: what Self-inspection says about it and, for lists, the items read."""

    kind: str
    name: str  # as the page words it
    count: int | None = None  # as Self-inspection states it (number of items)
    amount: str | None = None  # store funds: the amount Self-inspection states
    currency: str | None = None
    units: int | None = None  # products: "Units in stock: N", when shown
    items: list[dict[str, Any]] = field(default_factory=list)
    stated_total: int | None = None  # the item page's "N items", when it states one
    funds: dict[str, Any] = field(default_factory=dict)


@dataclass
class StoreInspection:
    """Every check, by blocker kind, and the store they belong to."""

    store: dict[str, Any]
    checks: dict[str, CheckResult] = field(default_factory=dict)


def plain_amount(text: str | None, where: str) -> tuple[str, str | None]:
    """ "1,234.50 USD" -> ("1234.50", "USD"); `SiteUnexpected` naming `where` otherwise."""
    try:
        amount = parse_amount(text)
    except AmountError:
        raise SiteUnexpected(
            f"An amount on the {where} page reads {text!r}, not like '1,234.50 USD'."
        ) from None
    return amount.value, amount.currency


def positive(amount: str | None) -> bool:
    """Whether a plain amount is more than zero (an unreadable one counts as more)."""
    try:
        return Decimal(amount or "0") > 0
    except InvalidOperation:
        return True


def _whole(text: str | None, what: str) -> int:
    digits = re.sub(r"[,.\s\u00a0\u202f]", "", text or "")
    if not digits.isdigit():
        raise SiteUnexpected(f"{what} reads {text!r}, not a whole number.")
    return int(digits)


def typed_item(raw: dict[str, str | None], where: str) -> dict[str, Any]:
    """An item as the page words it -> amounts as plain decimals, stock as an int; an
    amount's currency fills an empty currency field."""
    item: dict[str, Any] = dict(raw)
    for name, value in raw.items():
        if name in AMOUNT_FIELDS and value is not None:
            item[name], currency = plain_amount(value, where)
            if currency and not item.get("currency"):
                item["currency"] = currency
        elif name in INT_FIELDS and value is not None:
            item[name] = _whole(value, f'"{name}" on the {where} page')
    return item


def read_summary(checks: dict[str, dict[str, str | None]], words: Words) -> dict[str, CheckResult]:
    """What Self-inspection states for each check; a check it lacks is a `SiteUnexpected`."""
    found: dict[str, CheckResult] = {}
    for kind in KINDS:
        entry = checks.get(kind)
        if not entry:
            wordings = ", ".join(f'"{w}"' for w in words[f"check.{kind}"])
            raise SiteUnexpected(
                f"The {words.name('self_inspection')} page has no {kind} check (none of "
                f"{wordings}); the site may have changed, or add its wording with --words "
                "FILE: see the screenshot and page HTML in the bundle."
            )
        name = entry["name"] or words.name(f"check.{kind}")
        result = CheckResult(kind, name)
        if kind == "funds":
            where = f'"{name}" of {words.name("self_inspection")}'
            result.amount, currency = plain_amount(
                f"{entry['amount']} {entry['currency'] or ''}".strip(), where
            )
            result.currency = entry["currency"] or currency
        else:
            result.count = _whole(entry["count"], f'The count of "{name}"')
        if entry.get("units") is not None:
            result.units = _whole(entry["units"], f'"{name}" units in stock')
        found[kind] = result
    return found


def _check_counts(result: CheckResult) -> None:
    """The items read must be what Self-inspection counted, and what the item page states
    when it states a number."""
    read = len(result.items)
    stated = f"states {result.stated_total} items, " if result.stated_total is not None else ""
    if read != result.count or (result.stated_total is not None and read != result.stated_total):
        raise SiteUnexpected(
            f'The "{result.name}" page {stated}Self-inspection counts {result.count}, and '
            f"{read} were read; the copy would be incomplete, so nothing was filed. Try again, "
            "or report the page."
        )


async def inspect_checks(
    run: FlowContext, page: Page, words: Words, inspection: StoreInspection
) -> None:
    """Steps inspect-orders … inspect-funds: open each check's items and read them all.

    Each step only reads, so it is tried again on a transient failure (`retried_step`).
    """
    listing = SelfInspectionPage(page, words)
    items_page = ItemTablePage(page, words)
    for number, kind in enumerate(KINDS):
        result = inspection.checks[kind]
        read = functools.partial(_read_check, run, listing, items_page, result, number > 0)
        await retried_step(run, STEP_OF[kind], page, read)


async def back_to_inspection(
    listing: SelfInspectionPage, items_page: ItemTablePage, manage: StoreManagementPage
) -> None:
    """From a check's items back to Self-inspection: its "Back" link, else the browser's
    Back; when that lands on Store Management (the inspection was a dialog there), press
    "Exit service" again."""
    await items_page.back()
    if await listing.shown_or_exit_service() == "exit service":
        await manage.start_exit_service()
    await listing.wait_until_shown()


async def _read_check(
    run: FlowContext,
    listing: SelfInspectionPage,
    items_page: ItemTablePage,
    result: CheckResult,
    from_previous: bool,
    handle: StepHandle,
) -> None:
    """Open one check's items (from the previous check's page, or Self-inspection) and read
    them into `result`, checking the counts."""
    if from_previous:
        await back_to_inspection(
            listing, items_page, StoreManagementPage(listing.page, listing.words)
        )
    await listing.view(result.kind, result.name)
    await items_page.wait_until_shown(result.kind)
    if result.kind == "funds":
        funds = await items_page.funds()
        where = result.name
        available, currency = plain_amount(funds["available_balance"], where)
        pending = funds["pending_settlement"]
        result.funds = {
            "available_balance": available,
            "pending_settlement": plain_amount(pending, where)[0] if pending else "0.00",
            "currency": funds["currency"] or currency or result.currency,
        }
        handle.note(**result.funds)
        return
    try:
        whole = await read_whole_list(items_page.items(result.kind), run.retry, run.recorder.log)
    except ConceptMissing as exc:
        raise SiteUnexpected(
            f'The "{result.name}" page shows neither items nor a sentence saying there are '
            f"none ({exc.sentence})"
        ) from None
    first, *rest = COLUMNS[result.kind]
    rows = [
        {first: r.fields.get("id"), **{c: r.fields.get(c) for c in rest}} for r in whole.records
    ]
    result.items = [typed_item(row, result.name) for row in rows]
    result.stated_total = whole.stated_total
    handle.note(stated_total=whole.stated_total, read=len(result.items),
                self_inspection_count=result.count, paged_by=sorted(set(whole.moves)))  # fmt: skip
    _check_counts(result)


def export_document(inspection: StoreInspection, account: str, source: str) -> dict[str, Any]:
    """Everything read, typed, with the counts the pages stated."""
    checks = inspection.checks
    tables = {
        kind: {
            "name": checks[kind].name,
            "self_inspection_count": checks[kind].count,
            "stated_total": checks[kind].stated_total,
            "count": len(checks[kind].items),
            "items": checks[kind].items,
        }
        for kind in KINDS
        if kind != "funds"
    }
    return {
        "complete": True,
        "exported_at": now_iso(),
        "account": account,
        "source": source,
        "store": inspection.store,
        **tables,
        "funds": checks["funds"].funds,
    }


def export_files(inspection: StoreInspection, document: dict[str, Any]) -> dict[str, bytes]:
    """store-export.json, one CSV per table (products, orders, fines) and store-funds.csv."""
    files = {"store-export.json": json_bytes(document)}
    for name, kind in CSV_FILES.items():
        columns = list(COLUMNS[kind])
        rows = [[item.get(c) for c in columns] for item in inspection.checks[kind].items]
        files[name] = csv_bytes(columns, rows)
    funds = inspection.checks["funds"].funds
    files["store-funds.csv"] = csv_bytes(list(funds), [list(funds.values())])
    return files


async def store_export_step(
    run: FlowContext, page: Page, words: Words, inspection: StoreInspection
) -> dict[str, Any]:
    """Step `store-export`: back on Self-inspection, write the copy into the bundle."""
    async with step(run.recorder, "store-export", page) as handle:
        listing = SelfInspectionPage(page, words)
        await back_to_inspection(
            listing, ItemTablePage(page, words), StoreManagementPage(page, words)
        )
        document = export_document(inspection, account_label(run.settings.login), page.url)
        files = export_files(inspection, document)
        save_files(run.recorder, files)
        counts = {kind: document[kind]["count"] for kind in KINDS if kind != "funds"}
        handle.note(files=sorted(files), **counts)
    return document
