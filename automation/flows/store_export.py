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
from automation.flows.export_files import csv_bytes, json_bytes, save_files
from automation.flows.runner import FlowContext, retried_step
from automation.flows.runner import site_step as step
from automation.log import now_iso
from automation.pages.seller.item_tables import ItemTablePage
from automation.pages.seller.self_inspection import SelfInspectionPage
from automation.pages.words import SellerWords

# The order of the inspect-* steps (blocker kinds; "inventory" is the products check).
KINDS = ("orders", "fines", "violations", "returns", "inventory", "funds")
STEP_OF = {kind: f"inspect-{'products' if kind == 'inventory' else kind}" for kind in KINDS}
AMOUNT_FIELDS = {"order_total", "amount", "price", "available_balance", "pending_settlement"}
INT_FIELDS = {"stock"}
# The tables whose copy goes into the bundle as CSV, by file name.
CSV_FILES = {
    "store-products.csv": "inventory",
    "store-orders.csv": "orders",
    "store-fines.csv": "fines",
}
_AMOUNT = re.compile(r"^\s*-?[\d,]*\.?\d+\s*$")


@dataclass
class CheckResult:
    """One check: what Self-inspection says about it and, for tables, the items read."""

    kind: str
    name: str
    count: int | None = None  # as Self-inspection states it (number of items)
    amount: str | None = None  # store funds: the amount Self-inspection states
    currency: str | None = None
    units: int | None = None  # products: "Units in stock: N", when shown
    items: list[dict[str, Any]] = field(default_factory=list)
    stated_total: int | None = None  # the item page's "N items"
    funds: dict[str, Any] = field(default_factory=dict)


@dataclass
class StoreInspection:
    """Every check, by blocker kind, and the store they belong to."""

    store: dict[str, Any]
    checks: dict[str, CheckResult] = field(default_factory=dict)


def plain_amount(text: str | None, where: str) -> str:
    """ "1,234.50" -> "1234.50"; raises `SiteUnexpected` naming `where` on anything else."""
    if text is None or not _AMOUNT.match(text):
        raise SiteUnexpected(f"An amount on the {where} page reads {text!r}, not like '1,234.50'.")
    return text.strip().replace(",", "")


def positive(amount: str | None) -> bool:
    """Whether a plain amount is more than zero (an unreadable one counts as more)."""
    try:
        return Decimal(amount or "0") > 0
    except InvalidOperation:
        return True


def _whole(text: str | None, what: str) -> int:
    digits = (text or "").replace(",", "").strip()
    if not digits.isdigit():
        raise SiteUnexpected(f"{what} reads {text!r}, not a whole number.")
    return int(digits)


def typed_item(raw: dict[str, str | None], where: str) -> dict[str, Any]:
    """A row as the page words it -> amounts as plain decimals, stock as an int."""
    item: dict[str, Any] = dict(raw)
    for name, value in raw.items():
        if name in AMOUNT_FIELDS:
            item[name] = plain_amount(value, where)
        elif name in INT_FIELDS:
            item[name] = _whole(value, f'"{name}" on the {where} page')
    return item


def read_summary(
    checks: dict[str, dict[str, str | None]], words: SellerWords
) -> dict[str, CheckResult]:
    """What Self-inspection states for each check; a check it lacks is a `SiteUnexpected`."""
    found: dict[str, CheckResult] = {}
    for kind, name in words.checks.items():
        entry = SelfInspectionPage.lookup(checks, name)
        if not entry:
            raise SiteUnexpected(
                f'The {words.self_inspection} page has no "{name}" check; the site may have '
                "changed: see the screenshot and page HTML in the bundle."
            )
        result = CheckResult(kind, name)
        if kind == "funds":
            result.amount = plain_amount(entry["amount"], f'"{name}" of {words.self_inspection}')
            result.currency = entry["currency"]
        else:
            result.count = _whole(entry["count"], f'The count of "{name}"')
        if entry.get("units") is not None:
            result.units = _whole(entry["units"], f'"{name}" units in stock')
        found[kind] = result
    return found


def _check_columns(name: str, headers: list[str], columns: dict[str, str], rows: bool) -> None:
    """Every column the copy needs is on the page (checked when the table has rows)."""
    shown = {h.casefold() for h in headers}
    missing = [h for h in columns.values() if h.casefold() not in shown]
    if rows and missing:
        raise SiteUnexpected(
            f'The "{name}" table has no column {", ".join(repr(m) for m in missing)}; the site '
            "may have changed, so nothing was filed: see the screenshot in the bundle."
        )


def _check_counts(result: CheckResult) -> None:
    """The rows read must be what the item page states and what Self-inspection counted."""
    read = len(result.items)
    if result.stated_total is None:
        raise SiteUnexpected(
            f'The "{result.name}" page does not state how many items it lists; the copy '
            "cannot be checked, so nothing was filed: see the screenshot in the bundle."
        )
    if read != result.stated_total or read != result.count:
        raise SiteUnexpected(
            f'The "{result.name}" page states {result.stated_total} items, Self-inspection '
            f"counts {result.count}, and {read} were read; the copy would be incomplete, so "
            "nothing was filed. Try again, or report the page."
        )


async def inspect_checks(
    run: FlowContext, page: Page, words: SellerWords, inspection: StoreInspection
) -> None:
    """Steps inspect-orders … inspect-funds: open each check's items and read them all.

    Each step only reads, so it is tried again on a transient failure (`retried_step`).
    """
    listing = SelfInspectionPage(page, words)
    items_page = ItemTablePage(page, words)
    for number, kind in enumerate(KINDS):
        result = inspection.checks[kind]
        read = functools.partial(_read_check, words, listing, items_page, kind, result, number > 0)
        await retried_step(run, STEP_OF[kind], page, read)


async def _read_check(
    words: SellerWords,
    listing: SelfInspectionPage,
    items_page: ItemTablePage,
    kind: str,
    result: CheckResult,
    from_previous: bool,
    handle: StepHandle,
) -> None:
    """Open one check's items (from the previous check's page, or Self-inspection) and read
    them into `result`, checking the counts."""
    if from_previous:
        await items_page.back()
        await listing.wait_until_shown()
    await listing.view(result.name)
    await items_page.wait_until_shown(result.name)
    if kind == "funds":
        funds = await items_page.funds()
        where = result.name
        result.funds = {
            "available_balance": plain_amount(funds["available_balance"], where),
            "pending_settlement": plain_amount(funds["pending_settlement"], where),
            "currency": funds["currency"],
        }
        handle.note(**result.funds)
        return
    view = await items_page.items(words.columns[kind])
    _check_columns(result.name, view.headers, words.columns[kind], bool(view.items))
    result.items = [typed_item(row, result.name) for row in view.items]
    result.stated_total = view.stated_total
    handle.note(stated_total=view.stated_total, read=len(result.items),
                self_inspection_count=result.count)  # fmt: skip
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


def export_files(
    inspection: StoreInspection, document: dict[str, Any], words: SellerWords
) -> dict[str, bytes]:
    """store-export.json, one CSV per table (products, orders, fines) and store-funds.csv."""
    files = {"store-export.json": json_bytes(document)}
    for name, kind in CSV_FILES.items():
        columns = list(words.columns[kind])
        rows = [[item.get(c) for c in columns] for item in inspection.checks[kind].items]
        files[name] = csv_bytes(columns, rows)
    funds = inspection.checks["funds"].funds
    files["store-funds.csv"] = csv_bytes(list(funds), [list(funds.values())])
    return files


async def store_export_step(
    run: FlowContext, page: Page, words: SellerWords, inspection: StoreInspection
) -> dict[str, Any]:
    """Step `store-export`: back on Self-inspection, write the copy into the bundle."""
    async with step(run.recorder, "store-export", page) as handle:
        await ItemTablePage(page, words).back()
        await SelfInspectionPage(page, words).wait_until_shown()
        document = export_document(inspection, account_label(run.settings.login), page.url)
        files = export_files(inspection, document, words)
        save_files(run.recorder, files)
        counts = {kind: document[kind]["count"] for kind in KINDS if kind != "funds"}
        handle.note(files=sorted(files), **counts)
    return document
