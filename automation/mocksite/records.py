"""Order history, disputes, wallet and coupons of a mock persona, read from the fixture file.

Everything here is immutable, so account copies can share it safely between threads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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

_AMOUNT_RE = re.compile(r"\d+\.\d{2}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ORDER_NUMBER_RE = re.compile(r"\d{16}")
_DISPUTE_NUMBER_RE = re.compile(r"\d{10}")


class RecordError(ValueError):
    """A malformed order, dispute, wallet, coupon or fault entry."""


def _text(entry: dict[str, Any], key: str, pattern: re.Pattern[str] | None = None) -> str:
    """``entry[key]`` as a non-empty string, optionally matching ``pattern`` in full."""
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise RecordError(f"{key!r} must be a non-empty string, got {value!r}")
    if pattern is not None and not pattern.fullmatch(value):
        raise RecordError(f"{key!r} is malformed: {value!r}")
    return value


def _choice(entry: dict[str, Any], key: str, allowed: Any) -> str:
    """``entry[key]``, which must be one of ``allowed``."""
    value = _text(entry, key)
    if value not in allowed:
        raise RecordError(f"{key!r} must be one of {', '.join(allowed)}, got {value!r}")
    return value


@dataclass(frozen=True)
class OrderItem:
    """One line of an order."""

    name: str
    quantity: int
    unit_price: str

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> OrderItem:
        """Build from a fixture entry; the quantity is a positive integer."""
        quantity = entry.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise RecordError(f"'quantity' must be a positive integer, got {quantity!r}")
        return cls(_text(entry, "name"), quantity, _text(entry, "unit_price", _AMOUNT_RE))


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
            number=_text(entry, "number", _ORDER_NUMBER_RE),
            date=_text(entry, "date", _DATE_RE),
            store=_text(entry, "store"),
            status=_choice(entry, "status", ORDER_STATUSES),
            currency=_choice(entry, "currency", CURRENCIES),
            items=items,
            total=_text(entry, "total", _AMOUNT_RE),
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
            number=_text(entry, "number", _DISPUTE_NUMBER_RE),
            order_number=_text(entry, "order_number", _ORDER_NUMBER_RE),
            opened=_text(entry, "opened", _DATE_RE),
            status=_choice(entry, "status", DISPUTE_STATUSES),
            amount=_text(entry, "amount", _AMOUNT_RE),
            currency=_choice(entry, "currency", CURRENCIES),
            reason=_text(entry, "reason"),
        )


@dataclass(frozen=True)
class Wallet:
    """The AliExpress Wallet balance."""

    balance: str = "0.00"
    currency: str = "USD"

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Wallet:
        """Build from a fixture entry."""
        return cls(_text(entry, "balance", _AMOUNT_RE), _choice(entry, "currency", CURRENCIES))


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
            title=_text(entry, "title"),
            store=_text(entry, "store"),
            expires=_text(entry, "expires", _DATE_RE),
            status=_choice(entry, "status", COUPON_STATUSES),
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


def _entries(entry: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"{key!r} must be a list of objects")
    return value


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
    wallet = entry.get("wallet")
    if wallet is not None and not isinstance(wallet, dict):
        raise RecordError("'wallet' must be an object")
    return Records(
        orders=tuple(Order.parse(item) for item in _entries(entry, "orders")),
        disputes=tuple(Dispute.parse(item) for item in _entries(entry, "disputes")),
        wallet=Wallet.parse(wallet) if wallet is not None else Wallet(),
        coupons=tuple(Coupon.parse(item) for item in _entries(entry, "coupons")),
        orders_page_errors=_faults(entry),
    )
