"""Export every order of My Orders, page by page, to orders.json and orders.csv.

The count read is checked against the total the site states; a page that fails to load
is retried, then reported with the pages that are missing. An incomplete export is still
written (as orders.partial.json / .csv, marked `"complete": false`) and then raised as an
error: never a silent partial file.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Response

from automation.audit.recorder import Recorder
from automation.errors import SiteUnexpected, first_line
from automation.flows.export_files import csv_bytes, json_bytes, save_files
from automation.log import get_logger, now_iso
from automation.pages.my_orders import MyOrdersPage
from automation.pages.words import Words

LOAD_TRIES = 3
BACKOFF_S = (0.25, 0.75)  # between tries of a page that failed to load
CSV_COLUMNS = [
    "order_number", "order_date", "store", "status", "order_total", "currency",
    "item", "quantity", "unit_price",
]  # fmt: skip
# An amount as any language writes it: "1234.50 USD", "1,234.50 USD", "1.234,50 USD",
# "1 234,50 USD" (a space, no-break or narrow no-break space between thousands).
_AMOUNT = re.compile(r"^\s*(\d[\d.,'\s]*?)\s*([A-Z]{3})\s*$")
_GROUPING = re.compile(r"[\s']")


@dataclass
class OrdersExport:
    """What was read: the orders in page order, the stated total, and what is missing."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    stated_total: int | None = None
    pages_read: int = 0
    missing_pages: list[int] = field(default_factory=list)
    retried_pages: list[int] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing_pages and self.stated_total == len(self.orders)

    def problem(self) -> str | None:
        """Why the export is incomplete, as a sentence, or None."""
        if self.missing_pages:
            pages = ", ".join(map(str, self.missing_pages))
            return (
                f"The order history could not be read completely: page(s) {pages} of My Orders "
                f"did not load after {LOAD_TRIES} tries; {len(self.orders)} of "
                f"{self.stated_total} orders were saved in a file marked partial. Try again later."
            )
        if self.stated_total != len(self.orders):
            return (
                f"My Orders states {self.stated_total} orders but {len(self.orders)} were read; "
                "the export is marked partial. Try again, or report the page."
            )
        return None


def parse_amount(text: str | None) -> tuple[str, str]:
    """An amount as the page writes it -> an exact decimal string and the currency:
    "1,024.50 USD", "1.024,50 USD" and "1 024,50 USD" all give ("1024.50", "USD").

    The decimal separator is the last "." or "," followed by one or two digits; every
    other dot, comma or space groups thousands. Raises `SiteUnexpected` on anything else.
    """
    found = _AMOUNT.match(text or "")
    digits = _GROUPING.sub("", found.group(1)) if found else ""
    decimal = re.fullmatch(r"([\d.,]*?)(?:[.,](\d{1,2}))?", digits)
    whole = re.sub(r"[.,]", "", decimal.group(1)) if decimal else ""
    if not found or not decimal or not whole.isdigit():
        raise SiteUnexpected(f"An amount on My Orders reads {text!r}, not like '24.90 USD'.")
    cents = decimal.group(2)
    return (f"{whole}.{cents}" if cents else whole), found.group(2)


def typed_order(raw: dict[str, Any], words: Words) -> dict[str, Any]:
    """An order as the page words it -> typed fields (status key, amounts, int quantities)."""
    statuses = {label.casefold(): key for key, label in words.order_statuses.items()}
    label = raw.get("status") or ""
    total, currency = parse_amount(raw.get("total"))
    items = []
    for item in raw["items"]:
        unit_price, _ = parse_amount(item.get("unit_price"))
        quantity = re.sub(r"\D", "", item.get("quantity") or "")
        items.append({
            "name": item.get("name") or "",
            "quantity": int(quantity) if quantity else 0,
            "unit_price": unit_price,
        })  # fmt: skip
    return {
        "number": raw["number"],
        "date": raw.get("date"),
        "store": raw.get("store"),
        "status": statuses.get(label.casefold(), f"unknown: {label}"),
        "status_label": label,
        "currency": currency,
        "total": total,
        "items": items,
    }


def _loaded(response: Response | None) -> bool:
    return response is not None and response.status < 400


async def read_all_orders(orders_page: MyOrdersPage, words: Words) -> OrdersExport:
    """Walk every page with "Next", retrying a page that fails to load."""
    log = get_logger()
    view = await orders_page.read()
    export = OrdersExport(stated_total=view.stated_total, pages_read=1)
    export.orders += [typed_order(o, words) for o in view.orders]
    last_page = view.position[1] if view.position else None
    number = 1
    while view.has_next:
        number += 1
        response: Response | None = None
        for attempt in range(1, LOAD_TRIES + 1):
            try:
                response = await (
                    orders_page.go_next(view) if attempt == 1 else orders_page.reload()
                )
            except PlaywrightError as exc:
                response, reason = None, first_line(exc)
            else:
                reason = f"HTTP {response.status}" if response else "no response"
            if _loaded(response):
                break
            if attempt < LOAD_TRIES:
                log.warning("orders page did not load; retrying", page=number,
                            reason=reason, attempt=attempt)  # fmt: skip
                export.retried_pages.append(number)
                await asyncio.sleep(BACKOFF_S[attempt - 1])
        if not _loaded(response):
            export.missing_pages = list(range(number, (last_page or number) + 1))
            break
        view = await orders_page.read()
        export.orders += [typed_order(o, words) for o in view.orders]
        export.pages_read += 1
    return export


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
        "count": len(export.orders),
        "pages_read": export.pages_read,
        "missing_pages": export.missing_pages,
        "orders": export.orders,
    }
    files = {f"{stem}.json": json_bytes(document), f"{stem}.csv": orders_csv(export.orders)}
    save_files(recorder, files, out_dir)


def summary(export: OrdersExport) -> dict[str, Any]:
    """Facts about the export for the step's notes."""
    return {
        "stated_total": export.stated_total,
        "pages_read": export.pages_read,
        "missing_pages": export.missing_pages,
        "retried_pages": export.retried_pages,
        "count": len(export.orders),
        "complete": export.complete,
    }
