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
from dataclasses import dataclass, field, replace
from typing import Any

from .readers import Reader, RecordError
from .store_records import (
    STORE_STATUSES,
    Application,
    Fine,
    Funds,
    Product,
    ReturnRequest,
    StoreOrder,
    Violation,
)

# The blocker kinds, in the order of the self-inspection page.
BLOCKER_KINDS = ("orders", "fines", "violations", "returns", "inventory", "funds")

_INCOMPLETE_ORDERS = ("awaiting_payment", "awaiting_shipment", "shipped")
_UNPAID_FINES = ("unpaid", "overdue")
_OPEN_VIOLATIONS = ("open", "under_appeal")
_OPEN_RETURNS = ("awaiting_seller", "in_progress")
_STORE_ID_RE = re.compile(r"\d{10}")
_read = Reader("store")


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
    funds: Funds = field(default_factory=Funds)
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
    funds = _read.optional_object(entry, "funds")
    store = Store(
        store_id=_read.text(entry, "store_id", _STORE_ID_RE),
        name=_read.text(entry, "store_name"),
        status=_read.choice(entry, "status", STORE_STATUSES),
        opened=_read.date(entry, "opened"),
        orders=tuple(StoreOrder.parse(item) for item in _read.entries(entry, "orders")),
        fines=tuple(Fine.parse(item) for item in _read.entries(entry, "fines")),
        violations=tuple(Violation.parse(item) for item in _read.entries(entry, "violations")),
        returns=tuple(ReturnRequest.parse(item) for item in _read.entries(entry, "returns")),
        products=tuple(Product.parse(item) for item in _read.entries(entry, "products")),
        funds=Funds.parse(funds) if funds is not None else Funds(),
        applications=tuple(
            Application.parse(item) for item in _read.entries(entry, "applications")
        ),
    )
    if store.frozen and not store.applications:
        raise _read.error("a frozen store needs the application that froze it")
    skus = [product.sku for product in store.products]
    if len(skus) != len(set(skus)):
        raise _read.error("two products share a SKU")
    return store
