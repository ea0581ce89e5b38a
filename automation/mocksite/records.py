"""Order history, disputes, wallet and coupons of a mock persona, read from the fixture file.

Everything here is immutable, so account copies can share it safely between threads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .readers import ORDER_NUMBER_RE, Reader, RecordError

ORDER_STATUSES = {
    "awaiting_payment": "Awaiting payment",
    "awaiting_shipment": "Awaiting shipment",
    "awaiting_delivery": "Awaiting delivery",
    "completed": "Completed",
    "closed": "Closed",
}
DISPUTE_STATUSES = {"open": "Open", "closed": "Closed"}
COUPON_STATUSES = {"unused": "Unused", "used": "Used", "expired": "Expired"}
CURRENCIES = ("USD", "EUR", "GBP", "BRL")
FAULT_MODES = ("once", "always")

_DISPUTE_NUMBER_RE = re.compile(r"\d{10}")
_read = Reader()


@dataclass(frozen=True)
class OrderItem:
    """One line of an order."""

    name: str
    quantity: int
    unit_price: str

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> OrderItem:
        """Build from a fixture entry; the quantity is a positive integer."""
        return cls(
            _read.text(entry, "name"),
            _read.count(entry, "quantity", minimum=1),
            _read.amount(entry, "unit_price"),
        )


@dataclass(frozen=True)
class Order:
    """One order of the persona's history."""

    number: str
    date: str
    store: str
    status: str
    currency: str
    items: tuple[OrderItem, ...]
    total: str

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return ORDER_STATUSES[self.status]

    @property
    def finished(self) -> bool:
        """True once nothing more will happen to the order."""
        return self.status in ("completed", "closed")

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Order:
        """Build from a fixture entry; the total must equal the sum of its items exactly."""
        raw_items = entry.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            raise RecordError("'items' must be a non-empty list")
        items = tuple(OrderItem.parse(item) for item in raw_items)
        order = cls(
            number=_read.text(entry, "number", ORDER_NUMBER_RE),
            date=_read.date(entry, "date"),
            store=_read.text(entry, "store"),
            status=_read.choice(entry, "status", ORDER_STATUSES),
            currency=_read.choice(entry, "currency", CURRENCIES),
            items=items,
            total=_read.amount(entry, "total"),
        )
        expected = sum((item.quantity * Decimal(item.unit_price) for item in items), Decimal(0))
        if Decimal(order.total) != expected:
            raise RecordError(f"order {order.number}: total {order.total} != items {expected}")
        return order


@dataclass(frozen=True)
class Dispute:
    """A refund request or dispute about one order."""

    number: str
    order_number: str
    opened: str
    status: str
    amount: str
    currency: str
    reason: str

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return DISPUTE_STATUSES[self.status]

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Dispute:
        """Build from a fixture entry."""
        return cls(
            number=_read.text(entry, "number", _DISPUTE_NUMBER_RE),
            order_number=_read.text(entry, "order_number", ORDER_NUMBER_RE),
            opened=_read.date(entry, "opened"),
            status=_read.choice(entry, "status", DISPUTE_STATUSES),
            amount=_read.amount(entry, "amount"),
            currency=_read.choice(entry, "currency", CURRENCIES),
            reason=_read.text(entry, "reason"),
        )


@dataclass(frozen=True)
class Wallet:
    """The AliExpress Wallet balance."""

    balance: str = "0.00"
    currency: str = "USD"

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Wallet:
        """Build from a fixture entry."""
        return cls(_read.amount(entry, "balance"), _read.choice(entry, "currency", CURRENCIES))


@dataclass(frozen=True)
class Coupon:
    """A coupon in My Coupons."""

    title: str
    store: str
    expires: str
    status: str

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return COUPON_STATUSES[self.status]

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Coupon:
        """Build from a fixture entry."""
        return cls(
            title=_read.text(entry, "title"),
            store=_read.text(entry, "store"),
            expires=_read.date(entry, "expires"),
            status=_read.choice(entry, "status", COUPON_STATUSES),
        )


@dataclass(frozen=True)
class Records:
    """Everything on the Account pages of one persona, plus its injected faults."""

    orders: tuple[Order, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    wallet: Wallet = field(default_factory=Wallet)
    coupons: tuple[Coupon, ...] = ()
    orders_page_errors: tuple[tuple[int, str], ...] = ()

    def orders_page_fault(self, page: int) -> str | None:
        """``"once"``, ``"always"`` or None for page ``page`` of the all-orders view."""
        return dict(self.orders_page_errors).get(page)


def _faults(entry: dict[str, Any]) -> tuple[tuple[int, str], ...]:
    faults = entry.get("faults", {})
    errors = faults.get("orders_page_errors", {}) if isinstance(faults, dict) else None
    if not isinstance(errors, dict):
        raise RecordError("'faults' must be an object with an 'orders_page_errors' object")
    parsed: list[tuple[int, str]] = []
    for page, mode in errors.items():
        if not str(page).isdigit() or int(page) < 1 or mode not in FAULT_MODES:
            raise RecordError(f"bad orders_page_errors entry {page!r}: {mode!r}")
        parsed.append((int(page), mode))
    return tuple(sorted(parsed))


def parse_records(entry: dict[str, Any]) -> Records:
    """The optional ``orders``, ``disputes``, ``wallet``, ``coupons`` and ``faults`` keys."""
    wallet = _read.optional_object(entry, "wallet")
    return Records(
        orders=tuple(Order.parse(item) for item in _read.entries(entry, "orders")),
        disputes=tuple(Dispute.parse(item) for item in _read.entries(entry, "disputes")),
        wallet=Wallet.parse(wallet) if wallet is not None else Wallet(),
        coupons=tuple(Coupon.parse(item) for item in _read.entries(entry, "coupons")),
        orders_page_errors=_faults(entry),
    )
