"""A seller's store on the mock site: its records, its exit-service checks and its freeze.

A persona owns a store when its fixture entry has a ``"store"`` object. The fixture keeps the
store's whole history (finished orders, paid fines, closed cases too); the exit service's
self-inspection lists only what still stands in the way of closing the store:

- incomplete orders: status awaiting payment, awaiting shipment or shipped;
- unpaid fines and penalties: status unpaid or overdue;
- violations: status open or under appeal;
- returns and refunds: status awaiting the seller's response or in progress;
- products and inventory: every product; a blocker when any has stock above 0;
- store funds: available balance plus pending settlement; a blocker when above 0.00.

Everything here is immutable: a change builds a new :class:`Store` (``dataclasses.replace``),
so account copies can share stores safely between threads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .records import RecordError

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
# The blocker kinds, in the order of the self-inspection page.
BLOCKER_KINDS = ("orders", "fines", "violations", "returns", "inventory", "funds")

_INCOMPLETE_ORDERS = ("awaiting_payment", "awaiting_shipment", "shipped")
_UNPAID_FINES = ("unpaid", "overdue")
_OPEN_VIOLATIONS = ("open", "under_appeal")
_OPEN_RETURNS = ("awaiting_seller", "in_progress")

AMOUNT_RE = re.compile(r"\d+\.\d{2}")
SKU_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{2,39}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STORE_ID_RE = re.compile(r"\d{10}")
_ORDER_NUMBER_RE = re.compile(r"\d{16}")
_PRODUCT_ID_RE = re.compile(r"1005\d{12}")
_PENALTY_ID_RE = re.compile(r"PN\d{13}")
_CASE_ID_RE = re.compile(r"VC\d{13}")
_REQUEST_ID_RE = re.compile(r"RR\d{13}")
_TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def money(amount: str | Decimal) -> str:
    """``1234.5`` → ``"1,234.50"``: how the seller center writes amounts."""
    return f"{Decimal(amount):,.2f}"


def _text(entry: dict[str, Any], key: str, pattern: re.Pattern[str] | None = None) -> str:
    """``entry[key]`` as a non-empty string, optionally matching ``pattern`` in full."""
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"store: {key!r} must be a non-empty string, got {value!r}")
    if pattern is not None and not pattern.fullmatch(value):
        raise RecordError(f"store: {key!r} is malformed: {value!r}")
    return value


def _choice(entry: dict[str, Any], key: str, allowed: Any) -> str:
    """``entry[key]``, which must be one of ``allowed``."""
    value = _text(entry, key)
    if value not in allowed:
        raise RecordError(f"store: {key!r} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _count(entry: dict[str, Any], key: str) -> int:
    """``entry[key]`` as an integer of 0 or more."""
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RecordError(f"store: {key!r} must be an integer of 0 or more, got {value!r}")
    return value


def _entries(entry: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"store: {key!r} must be a list of objects")
    return value


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
            number=_text(entry, "number", _ORDER_NUMBER_RE),
            date=_text(entry, "date", _DATE_RE),
            buyer=_text(entry, "buyer"),
            status=_choice(entry, "status", STORE_ORDER_STATUSES),
            total=_text(entry, "total", AMOUNT_RE),
            currency=_choice(entry, "currency", STORE_CURRENCIES),
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
            penalty_id=_text(entry, "penalty_id", _PENALTY_ID_RE),
            date=_text(entry, "date", _DATE_RE),
            reason=_text(entry, "reason"),
            amount=_text(entry, "amount", AMOUNT_RE),
            currency=_choice(entry, "currency", STORE_CURRENCIES),
            status=_choice(entry, "status", FINE_STATUSES),
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
            case_id=_text(entry, "case_id", _CASE_ID_RE),
            date=_text(entry, "date", _DATE_RE),
            type=_choice(entry, "type", VIOLATION_TYPES),
            product=_text(entry, "product"),
            status=_choice(entry, "status", VIOLATION_STATUSES),
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
            request_id=_text(entry, "request_id", _REQUEST_ID_RE),
            order_number=_text(entry, "order_number", _ORDER_NUMBER_RE),
            type=_choice(entry, "type", RETURN_TYPES),
            amount=_text(entry, "amount", AMOUNT_RE),
            currency=_choice(entry, "currency", STORE_CURRENCIES),
            status=_choice(entry, "status", RETURN_STATUSES),
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
            product_id=_text(entry, "product_id", _PRODUCT_ID_RE),
            title=_text(entry, "title"),
            sku=_text(entry, "sku", SKU_RE),
            stock=_count(entry, "stock"),
            price=_text(entry, "price", AMOUNT_RE),
            currency=_choice(entry, "currency", STORE_CURRENCIES),
            status=_choice(entry, "status", PRODUCT_STATUSES),
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
            available=_text(entry, "available", AMOUNT_RE),
            pending=_text(entry, "pending", AMOUNT_RE),
            currency=_choice(entry, "currency", STORE_CURRENCIES),
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
            reason=_choice(entry, "reason", CLOSING_REASONS),
            statement=_text(entry, "statement"),
            contact_email=_text(entry, "contact_email"),
            submitted_at=_text(entry, "submitted_at", _TIMESTAMP_RE),
        )


@dataclass(frozen=True)
class Store:
    """One seller's store: records, exit-service applications, and what the freeze refused."""

    store_id: str
    name: str
    status: str
    opened: str
    orders: tuple[StoreOrder, ...] = ()
    fines: tuple[Fine, ...] = ()
    violations: tuple[Violation, ...] = ()
    returns: tuple[ReturnRequest, ...] = ()
    products: tuple[Product, ...] = ()
    funds: Funds = Funds()
    applications: tuple[Application, ...] = ()
    submissions: int = 0
    products_posted: int = 0
    orders_placed: int = 0
    products_posted_after_freeze_refused: int = 0
    orders_placed_after_freeze_refused: int = 0

    @property
    def frozen(self) -> bool:
        """True once an exit-service application froze the store."""
        return self.status == "frozen"

    @property
    def status_label(self) -> str:
        """The words the site shows for the status."""
        return STORE_STATUSES[self.status]

    @property
    def incomplete_orders(self) -> tuple[StoreOrder, ...]:
        """Orders not yet completed or closed."""
        return tuple(o for o in self.orders if o.status in _INCOMPLETE_ORDERS)

    @property
    def unpaid_fines(self) -> tuple[Fine, ...]:
        """Fines and penalties not yet paid."""
        return tuple(f for f in self.fines if f.status in _UNPAID_FINES)

    @property
    def open_violations(self) -> tuple[Violation, ...]:
        """Violation cases not yet resolved."""
        return tuple(v for v in self.violations if v.status in _OPEN_VIOLATIONS)

    @property
    def open_returns(self) -> tuple[ReturnRequest, ...]:
        """Return and refund requests not yet closed."""
        return tuple(r for r in self.returns if r.status in _OPEN_RETURNS)

    @property
    def units_in_stock(self) -> int:
        """Units in stock over all products."""
        return sum(product.stock for product in self.products)

    def product(self, product_id: str) -> Product | None:
        """The product with this ID, or None."""
        return next((p for p in self.products if p.product_id == product_id), None)

    def blockers(self) -> list[str]:
        """The blocker kinds that stand in the way of closing, in page order."""
        standing = {
            "orders": bool(self.incomplete_orders),
            "fines": bool(self.unpaid_fines),
            "violations": bool(self.open_violations),
            "returns": bool(self.open_returns),
            "inventory": any(product.stock > 0 for product in self.products),
            "funds": self.funds.total > 0,
        }
        return [kind for kind in BLOCKER_KINDS if standing[kind]]

    def counts(self) -> dict[str, Any]:
        """What the self-inspection page states, as numbers and plain amounts."""
        return {
            "orders": len(self.incomplete_orders),
            "fines": len(self.unpaid_fines),
            "violations": len(self.open_violations),
            "returns": len(self.open_returns),
            "products": len(self.products),
            "products_in_stock": sum(1 for product in self.products if product.stock > 0),
            "units_in_stock": self.units_in_stock,
            "funds_available": self.funds.available,
            "funds_pending": self.funds.pending,
            "funds_total": f"{self.funds.total:.2f}",
            "funds_currency": self.funds.currency,
        }

    def public_dict(self, login: str) -> dict[str, Any]:
        """The inspection view of the store (``/__mock__/stores/<login>``)."""
        return {
            "login": login,
            "store_id": self.store_id,
            "store_name": self.name,
            "status": self.status,
            "opened": self.opened,
            "applications": [application.as_dict() for application in self.applications],
            "submissions": self.submissions,
            "counts": self.counts(),
            "blockers": self.blockers(),
            "products_posted": self.products_posted,
            "orders_placed": self.orders_placed,
            "products_posted_after_freeze_refused": self.products_posted_after_freeze_refused,
            "orders_placed_after_freeze_refused": self.orders_placed_after_freeze_refused,
        }

    def submit(self, application: Application) -> Store:
        """The store once ``application`` is filed: frozen at once."""
        return replace(
            self,
            status="frozen",
            applications=(*self.applications, application),
            submissions=self.submissions + 1,
        )

    def with_product(self, product: Product) -> Store:
        """The store with ``product`` published."""
        return replace(
            self, products=(*self.products, product), products_posted=self.products_posted + 1
        )

    def with_order(self, order: StoreOrder, product_id: str, quantity: int) -> Store:
        """The store with ``order`` placed and its units taken from the product's stock."""
        products = tuple(
            replace(p, stock=p.stock - quantity) if p.product_id == product_id else p
            for p in self.products
        )
        return replace(
            self,
            orders=(order, *self.orders),
            products=products,
            orders_placed=self.orders_placed + 1,
        )

    def refuse_product(self) -> Store:
        """The store after a product post was refused because it is frozen."""
        return replace(
            self,
            products_posted_after_freeze_refused=self.products_posted_after_freeze_refused + 1,
        )

    def refuse_order(self) -> Store:
        """The store after an order was refused because it is frozen."""
        return replace(
            self, orders_placed_after_freeze_refused=self.orders_placed_after_freeze_refused + 1
        )


def parse_store(entry: Any) -> Store | None:
    """The optional ``store`` object of a persona; raise :class:`RecordError` if malformed."""
    if entry is None:
        return None
    if not isinstance(entry, dict):
        raise RecordError("'store' must be an object")
    funds = entry.get("funds")
    if funds is not None and not isinstance(funds, dict):
        raise RecordError("store: 'funds' must be an object")
    store = Store(
        store_id=_text(entry, "store_id", _STORE_ID_RE),
        name=_text(entry, "store_name"),
        status=_choice(entry, "status", STORE_STATUSES),
        opened=_text(entry, "opened", _DATE_RE),
        orders=tuple(StoreOrder.parse(item) for item in _entries(entry, "orders")),
        fines=tuple(Fine.parse(item) for item in _entries(entry, "fines")),
        violations=tuple(Violation.parse(item) for item in _entries(entry, "violations")),
        returns=tuple(ReturnRequest.parse(item) for item in _entries(entry, "returns")),
        products=tuple(Product.parse(item) for item in _entries(entry, "products")),
        funds=Funds.parse(funds) if funds is not None else Funds(),
        applications=tuple(Application.parse(item) for item in _entries(entry, "applications")),
    )
    if store.frozen and not store.applications:
        raise RecordError("store: a frozen store needs the application that froze it")
    skus = [product.sku for product in store.products]
    if len(skus) != len(set(skus)):
        raise RecordError("store: two products share a SKU")
    return store
