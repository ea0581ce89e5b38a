"""The privacy portal's "Download your data": the account's orders as an ``.xlsx`` workbook.

One sheet, "Orders": a header row, then one row per order line (an order of three items is
three rows, each repeating the order's number, date, store, status, total and currency).
Order numbers are text (16 digits do not survive as numbers), dates are date cells,
quantities and amounts are numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook

from .records import Order

SHEET = "Orders"
COLUMNS = (
    "Order number",
    "Order date",
    "Store",
    "Status",
    "Item",
    "Quantity",
    "Unit price",
    "Order total",
    "Currency",
)
MIME_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Row = tuple[str, dt.date, str, str, str, int, Decimal, Decimal, str]


def order_rows(orders: Iterable[Order]) -> list[Row]:
    """One row per order line, in the order of the account's history."""
    return [
        (
            order.number,
            dt.date.fromisoformat(order.date),
            order.store,
            order.status_label,
            item.name,
            item.quantity,
            Decimal(item.unit_price),
            Decimal(order.total),
            order.currency,
        )
        for order in orders
        for item in order.items
    ]


def workbook_bytes(orders: Iterable[Order], *, owner: str) -> bytes:
    """The workbook of ``orders`` as bytes; ``owner`` goes into its properties."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for row in order_rows(orders):
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        cells[1].number_format = "yyyy-mm-dd"
        cells[6].number_format = cells[7].number_format = "0.00"
    sheet.freeze_panes = "A2"
    book.properties.creator = "AliExpress Privacy Center (mock)"
    book.properties.title = f"Your AliExpress data: {owner}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
