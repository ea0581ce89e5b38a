"""The records of a seller's store on the mock site: orders, fines, violations, returns,
products, funds and exit-service applications, as the fixture file holds them.

Each record is immutable and reads itself from its fixture entry with the shared readers
(`readers`); the store that holds them is `stores.Store`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .readers import ORDER_NUMBER_RE, Reader

STORE_STATUSES = {"open": "Open", "frozen": "Frozen"}
STORE_CURRENCIES = ("USD", "EUR", "GBP")
STORE_ORDER_STATUSES = {
    "awaiting_payment": "Awaiting payment",
    "awaiting_shipment": "Awaiting shipment",
    "shipped": "Shipped",
    "completed": "Completed",
    "closed": "Closed",
}
FINE_STATUSES = {"unpaid": "Unpaid", "overdue": "Overdue", "paid": "Paid"}
VIOLATION_TYPES = {
    "false_transaction": "False transaction",
    "ip_infringement": "Intellectual property infringement",
}
VIOLATION_STATUSES = {"open": "Open", "under_appeal": "Under appeal", "resolved": "Resolved"}
RETURN_TYPES = {"return": "Return", "refund": "Refund"}
RETURN_STATUSES = {
    "awaiting_seller": "Awaiting your response",
    "in_progress": "In progress",
    "closed": "Closed",
}
PRODUCT_STATUSES = {"online": "Online", "offline": "Offline"}
CLOSING_REASONS = (
    "Business strategy change",
    "Insufficient sales",
    "Moving to another platform",
    "Personal reasons",
    "Other",
)

SKU_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{2,39}")
_PRODUCT_ID_RE = re.compile(r"1005\d{12}")
_PENALTY_ID_RE = re.compile(r"PN\d{13}")
_CASE_ID_RE = re.compile(r"VC\d{13}")
_REQUEST_ID_RE = re.compile(r"RR\d{13}")
_read = Reader("store")


def money(amount: str | Decimal) -> str:
    """``1234.5`` → ``"1,234.50"``: how the seller center writes amounts."""
    return f"{Decimal(amount):,.2f}"


@dataclass(frozen=True)
class StoreOrder:
    """An order a buyer placed in the store."""

    number: str
    date: str
    buyer: str
    status: str
    total: str
    currency: str

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return STORE_ORDER_STATUSES[self.status]

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> StoreOrder:
        """Build from a fixture entry."""
        return cls(
            number=_read.text(entry, "number", ORDER_NUMBER_RE),
            date=_read.date(entry, "date"),
            buyer=_read.text(entry, "buyer"),
            status=_read.choice(entry, "status", STORE_ORDER_STATUSES),
            total=_read.amount(entry, "total"),
            currency=_read.choice(entry, "currency", STORE_CURRENCIES),
        )


@dataclass(frozen=True)
class Fine:
    """A fine or penalty the platform charged the store."""

    penalty_id: str
    date: str
    reason: str
    amount: str
    currency: str
    status: str

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return FINE_STATUSES[self.status]

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Fine:
        """Build from a fixture entry."""
        return cls(
            penalty_id=_read.text(entry, "penalty_id", _PENALTY_ID_RE),
            date=_read.date(entry, "date"),
            reason=_read.text(entry, "reason"),
            amount=_read.amount(entry, "amount"),
            currency=_read.choice(entry, "currency", STORE_CURRENCIES),
            status=_read.choice(entry, "status", FINE_STATUSES),
        )


@dataclass(frozen=True)
class Violation:
    """A rule-violation case against the store."""

    case_id: str
    date: str
    type: str
    product: str
    status: str

    @property
    def type_label(self) -> str:
        """The words the site shows for the type."""
        return VIOLATION_TYPES[self.type]

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return VIOLATION_STATUSES[self.status]

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Violation:
        """Build from a fixture entry."""
        return cls(
            case_id=_read.text(entry, "case_id", _CASE_ID_RE),
            date=_read.date(entry, "date"),
            type=_read.choice(entry, "type", VIOLATION_TYPES),
            product=_read.text(entry, "product"),
            status=_read.choice(entry, "status", VIOLATION_STATUSES),
        )


@dataclass(frozen=True)
class ReturnRequest:
    """A buyer's return or refund request."""

    request_id: str
    order_number: str
    type: str
    amount: str
    currency: str
    status: str

    @property
    def type_label(self) -> str:
        """The words the site shows for the type."""
        return RETURN_TYPES[self.type]

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return RETURN_STATUSES[self.status]

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> ReturnRequest:
        """Build from a fixture entry."""
        return cls(
            request_id=_read.text(entry, "request_id", _REQUEST_ID_RE),
            order_number=_read.text(entry, "order_number", ORDER_NUMBER_RE),
            type=_read.choice(entry, "type", RETURN_TYPES),
            amount=_read.amount(entry, "amount"),
            currency=_read.choice(entry, "currency", STORE_CURRENCIES),
            status=_read.choice(entry, "status", RETURN_STATUSES),
        )


@dataclass(frozen=True)
class Product:
    """A product the store publishes, with its stock."""

    product_id: str
    title: str
    sku: str
    stock: int
    price: str
    currency: str
    status: str

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return PRODUCT_STATUSES[self.status]

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Product:
        """Build from a fixture entry."""
        return cls(
            product_id=_read.text(entry, "product_id", _PRODUCT_ID_RE),
            title=_read.text(entry, "title"),
            sku=_read.text(entry, "sku", SKU_RE),
            stock=_read.count(entry, "stock"),
            price=_read.amount(entry, "price"),
            currency=_read.choice(entry, "currency", STORE_CURRENCIES),
            status=_read.choice(entry, "status", PRODUCT_STATUSES),
        )


@dataclass(frozen=True)
class Funds:
    """The store's money held by the platform."""

    available: str = "0.00"
    pending: str = "0.00"
    currency: str = "USD"

    @property
    def total(self) -> Decimal:
        """Available balance plus pending settlement."""
        return Decimal(self.available) + Decimal(self.pending)

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Funds:
        """Build from a fixture entry."""
        return cls(
            available=_read.amount(entry, "available"),
            pending=_read.amount(entry, "pending"),
            currency=_read.choice(entry, "currency", STORE_CURRENCIES),
        )


@dataclass(frozen=True)
class Application:
    """An exit-service application (the written request to close the store)."""

    reason: str
    statement: str
    contact_email: str
    submitted_at: str

    @property
    def date(self) -> str:
        """The day it was submitted, ``YYYY-MM-DD``."""
        return self.submitted_at[:10]

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {
            "reason": self.reason,
            "statement": self.statement,
            "contact_email": self.contact_email,
            "submitted_at": self.submitted_at,
        }

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> Application:
        """Build from a fixture entry."""
        return cls(
            reason=_read.choice(entry, "reason", CLOSING_REASONS),
            statement=_read.text(entry, "statement"),
            contact_email=_read.text(entry, "contact_email"),
            submitted_at=_read.timestamp(entry, "submitted_at"),
        )
