"""The Seller Center's Exit service, which closes a store by freezing it:

- ``/seller/store/exit-service``: Self-inspection (POST: "Continue to application");
- ``/seller/store/exit-service/<check>``: the items of one check;
- ``/seller/store/exit-service/application``: the Exit service application form;
- ``/seller/store/exit-service/submitted``: Application submitted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, g, redirect, request, session, url_for

from .store_records import CLOSING_REASONS, Application, money
from .store_views import (
    FINE_COLUMNS,
    NUMERIC_COLUMNS,
    ORDER_COLUMNS,
    PRODUCT_COLUMNS,
    RETURN_COLUMNS,
    VIOLATION_COLUMNS,
    fine_row,
    order_row,
    product_row,
    return_row,
    seller_page,
    store_required,
    utc_now,
    violation_row,
)
from .stores import Store
from .web import get_state

STATEMENT_MIN = 20
STATEMENT_MAX = 2000
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_INSPECTED_KEY = "exit_service_inspected"
FROZEN_SENTENCE = (
    "Store functions are frozen: you can no longer publish products or receive new orders."
)

exit_service = Blueprint("exit_service", __name__)


@dataclass(frozen=True)
class Check:
    """One self-inspection check: its name, its items table and how to count it."""

    key: str
    name: str
    columns: tuple[str, ...]
    rows: Callable[[Store], list[tuple[str, ...]]]


CHECKS: tuple[Check, ...] = (
    Check(
        "orders",
        "Incomplete orders",
        ORDER_COLUMNS,
        lambda store: [order_row(o) for o in store.incomplete_orders],
    ),
    Check(
        "fines",
        "Unpaid fines and penalties",
        FINE_COLUMNS,
        lambda store: [fine_row(f) for f in store.unpaid_fines],
    ),
    Check(
        "violations",
        "Violations",
        VIOLATION_COLUMNS,
        lambda store: [violation_row(v) for v in store.open_violations],
    ),
    Check(
        "returns",
        "Returns and refunds",
        RETURN_COLUMNS,
        lambda store: [return_row(r) for r in store.open_returns],
    ),
    Check(
        "products",
        "Products and inventory",
        PRODUCT_COLUMNS,
        lambda store: [product_row(p) for p in store.products],
    ),
    Check("funds", "Store funds", (), lambda store: []),
)
_CHECKS_BY_KEY = {check.key: check for check in CHECKS}


@exit_service.route("/seller/store/exit-service", methods=["GET", "POST"])
@store_required
def self_inspection() -> Any:
    """Self-inspection: what stands in the way of closing; POST goes on to the application."""
    store: Store = g.store
    if store.frozen:
        return redirect(url_for("seller.store_management"), code=303)
    if request.method == "POST":
        session[_INSPECTED_KEY] = store.store_id
        return redirect(url_for("exit_service.application"), code=303)
    checks = [
        {
            "check": check,
            "count": len(check.rows(store)),
            "url": url_for("exit_service.inspection_items", check=check.key),
        }
        for check in CHECKS
    ]
    return seller_page(
        "self_inspection.html",
        "store",
        checks=checks,
        attention={"products" if kind == "inventory" else kind for kind in store.blockers()},
        units=store.units_in_stock,
        funds_amount=money(store.funds.total),
    )


@exit_service.get("/seller/store/exit-service/<check>")
@store_required
def inspection_items(check: str) -> str:
    """The items behind one self-inspection check."""
    found = _CHECKS_BY_KEY.get(check)
    if found is None:
        abort(404)
    store: Store = g.store
    if found.key == "funds":
        return seller_page(
            "inspection_funds.html", "store", check=found, funds=store.funds, money=money
        )
    return seller_page(
        "inspection_items.html",
        "store",
        check=found,
        rows=found.rows(store),
        numeric=NUMERIC_COLUMNS,
    )


def _validate_application(form: dict[str, Any]) -> dict[str, str]:
    """Field name → error message for an exit-service application."""
    errors: dict[str, str] = {}
    if form["reason"] not in CLOSING_REASONS:
        errors["reason"] = "Please choose a reason for closing."
    statement = form["statement"].strip()
    if len(statement) < STATEMENT_MIN:
        errors["statement"] = f"Please write at least {STATEMENT_MIN} characters."
    elif len(statement) > STATEMENT_MAX:
        errors["statement"] = f"Please write at most {STATEMENT_MAX:,} characters."
    email = form["contact_email"].strip()
    if not email:
        errors["contact_email"] = "Please enter a contact email."
    elif len(email) > 254 or not _EMAIL_RE.fullmatch(email):
        errors["contact_email"] = "Please enter a valid email address, such as name@example.com."
    if not form["understood"]:
        errors["understood"] = "Please confirm that you understand your store will be frozen."
    return errors


@exit_service.route("/seller/store/exit-service/application", methods=["GET", "POST"])
@store_required
def application() -> Any:
    """The Exit service application: validate, file it, freeze the store."""
    store: Store = g.store
    if store.frozen:
        if request.method == "POST":
            return seller_page("store_management.html", "store"), 409
        return redirect(url_for("seller.store_management"))
    if session.get(_INSPECTED_KEY) != store.store_id:
        return redirect(url_for("exit_service.self_inspection"), code=303)
    page = functools.partial(seller_page, "application.html", "store", reasons=CLOSING_REASONS)
    if request.method == "GET":
        return page(values={}, errors={})
    values = {
        "reason": request.form.get("reason", ""),
        "statement": request.form.get("statement", ""),
        "contact_email": request.form.get("contact_email", ""),
        "understood": "understood" in request.form,
    }
    errors = _validate_application(values)
    if errors:
        return page(values=values, errors=errors), 422
    filed = Application(
        reason=values["reason"],
        statement=values["statement"].strip(),
        contact_email=values["contact_email"].strip(),
        submitted_at=utc_now(),
    )

    def submit(current: Store) -> tuple[Store, bool]:
        return (current, False) if current.frozen else (current.submit(filed), True)

    if not get_state().update_store(g.account.member_id, submit):
        g.store = get_state().get(g.account.member_id).store
        return seller_page("store_management.html", "store"), 409
    session.pop(_INSPECTED_KEY, None)
    return redirect(url_for("exit_service.application_submitted"), code=303)


@exit_service.get("/seller/store/exit-service/submitted")
@store_required
def application_submitted() -> Any:
    """Application submitted: the store is frozen."""
    store: Store = g.store
    if not store.frozen:
        return redirect(url_for("seller.store_management"))
    return seller_page(
        "submitted.html", "store", application=store.applications[-1], sentence=FROZEN_SENTENCE
    )
