"""Export every order of My Orders, to its end, to orders.json and orders.csv.

My Orders is read however the site pages it (`lists.read_whole_list`). A total the site
states is checked against the count read; when it states none, the count read is recorded
as such. A part that fails to load is retried, then reported with the parts that are
missing: an incomplete export is still written (as orders.partial.json / .csv, marked
`"complete": false`) and then raised as an error, never a silent partial file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from automation.audit.recorder import Recorder
from automation.errors import SiteUnexpected
from automation.flows.export_files import csv_bytes, json_bytes, save_files
from automation.flows.lists import WholeList
from automation.log import now_iso
from automation.pages.amounts import AmountError, parse_amount
from automation.pages.records import Record

CSV_COLUMNS = [
    "order_number", "order_date", "store", "status", "order_total", "currency",
    "item", "quantity", "unit_price",
]  # fmt: skip
FINISHED = {"completed", "closed", "cancelled"}


@dataclass
class OrdersExport:
    """What was read: the orders in page order, what the site stated, and what is missing."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    stated_total: int | None = None
    pages_read: int = 0
    missing_pages: list[int] = field(default_factory=list)
    retried_pages: list[int] = field(default_factory=list)
    paged_by: list[str] = field(default_factory=list)
    tries: int = 1

    @property
    def complete(self) -> bool:
        """Nothing missing, and the count read is the total stated (when one is)."""
        stated_ok = self.stated_total is None or self.stated_total == len(self.orders)
        return not self.missing_pages and stated_ok

    def problem(self) -> str | None:
        """Why the export is incomplete, as a sentence, or None."""
        if self.missing_pages:
            pages = ", ".join(map(str, self.missing_pages))
            of = f" of {self.stated_total}" if self.stated_total is not None else ""
            return (
                f"The order history could not be read completely: page(s) {pages} of My Orders "
                f"did not load after {self.tries} tries; {len(self.orders)}{of} orders were "
                "saved in a file marked partial. Try again later."
            )
        if self.stated_total is not None and self.stated_total != len(self.orders):
            return (
                f"My Orders states {self.stated_total} orders but {len(self.orders)} were read; "
                "the export is marked partial. Try again, or report the page."
            )
        return None

    def counted(self) -> str:
        """How the count was established, for sentences."""
        if self.stated_total is not None:
            return "all that My Orders states"
        return "My Orders states no total: every order its list showed to the end"


def _amount(text: str | None, stated: str | None, number: str) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    try:
        amount = parse_amount(text, stated)
    except AmountError:
        raise SiteUnexpected(
            f"The total of order {number} on My Orders reads {text!r}, which aliexit cannot "
            "read as an amount (like 'US $24.90' or '24.90 USD'); see the screenshot."
        ) from None
    return amount.value, amount.currency


def typed_order(record: Record, stated: str | None) -> dict[str, Any]:
    """An order as the page shows it -> typed fields (status key, exact amounts, ints)."""
    number = " ".join((record.fields.get("id") or "").split())
    total, currency = _amount(record.fields.get("total"), stated, number)
    items = [
        {"name": item["name"], "quantity": item["quantity"], "unit_price": item["unit_price"]}
        for item in record.items
    ]
    currency = currency or next((i["currency"] for i in record.items if i["currency"]), stated)
    label = record.status_label or ""
    return {
        "number": number,
        "date": record.fields.get("date"),
        "store": record.fields.get("store") or (record.links[0] if record.links else None),
        "status": record.status or f"unknown: {label}",
        "status_label": label,
        "currency": currency,
        "total": total,
        "items": items,
    }


def order_key(record: Record) -> str:
    """Orders are told apart by their number (digits and letters, spacing aside)."""
    return re.sub(r"\W", "", record.fields.get("id") or "").casefold()


def to_export(whole: WholeList) -> OrdersExport:
    """The orders of a list read to its end."""
    return OrdersExport(
        orders=[typed_order(r, whole.currency) for r in whole.records],
        stated_total=whole.stated_total,
        pages_read=whole.parts,
        missing_pages=whole.missing,
        retried_pages=whole.retried,
        paged_by=sorted(set(whole.moves)),
        tries=whole.tries,
    )


def orders_csv(orders: list[dict[str, Any]]) -> bytes:
    """One row per order line, UTF-8 with a byte-order mark (spreadsheets read it right)."""
    rows = [
        [
            order["number"], order["date"], order["store"], order["status"],
            order["total"], order["currency"],
            item["name"], item["quantity"], item["unit_price"],
        ]
        for order in orders
        for item in order["items"] or [{"name": "", "quantity": "", "unit_price": ""}]
    ]  # fmt: skip
    return csv_bytes(CSV_COLUMNS, rows)


def save_export(
    export: OrdersExport, recorder: Recorder, *, account: str, source: str, out_dir: Path | None
) -> None:
    """Write orders(.partial).json and .csv into the bundle (chained) and `out_dir`, fsynced."""
    stem = "orders" if export.complete else "orders.partial"
    document = {
        "complete": export.complete,
        "exported_at": now_iso(),
        "account": account,
        "source": source,
        "stated_total": export.stated_total,
        "total_stated": export.stated_total is not None,
        "count": len(export.orders),
        "pages_read": export.pages_read,
        "paged_by": export.paged_by,
        "missing_pages": export.missing_pages,
        "orders": export.orders,
    }
    files = {f"{stem}.json": json_bytes(document), f"{stem}.csv": orders_csv(export.orders)}
    save_files(recorder, files, out_dir)


def summary(export: OrdersExport) -> dict[str, Any]:
    """Facts about the export for the step's notes."""
    return {
        "stated_total": export.stated_total,
        "total_stated": export.stated_total is not None,
        "pages_read": export.pages_read,
        "paged_by": export.paged_by or ["one page"],
        "missing_pages": export.missing_pages,
        "retried_pages": export.retried_pages,
        "count": len(export.orders),
        "complete": export.complete,
    }


def unfinished(export: OrdersExport) -> list[dict[str, Any]]:
    """Orders that are not completed, closed or cancelled (an unknown status counts)."""
    return [o for o in export.orders if o["status"] not in FINISHED]
