"""A store's shop window on the buyer side: ``/store/<store_id>`` shows its online products;
POST ``/store/<store_id>/order`` ("Place order") buys one, signed in. Once the store is
frozen, placing an order is refused with HTTP 403 and "This store is frozen"."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from .state import Account
from .store_records import StoreOrder, money
from .store_views import frozen_refusal, utc_now
from .stores import Store
from .web import get_state

shop = Blueprint("shop", __name__)


def _store_and_owner(store_id: str) -> tuple[Store, Account]:
    """The store ``store_id`` and the account that owns it (404 if there is none)."""
    owner = get_state().store_owner(store_id)
    if owner is None or owner.store is None:
        abort(404)
    return owner.store, owner


def _shop_page(store: Store, placed: str | None, errors: dict[str, str]) -> str:
    """The shop window of ``store``: its online products, each with "Place order"."""
    return render_template(
        "seller/shop.html",
        shop=store,
        products=[p for p in store.products if p.status == "online"],
        money=money,
        placed=placed,
        errors=errors,
    )


@shop.get("/store/<store_id>")
def window(store_id: str) -> str:
    """A store's shop window: its online products, each with "Place order"."""
    store, _owner = _store_and_owner(store_id)
    return _shop_page(store, request.args.get("placed"), {})


@shop.post("/store/<store_id>/order")
def place_order(store_id: str) -> Any:
    """Place an order for one product of a store (refused once the store is frozen)."""
    store, owner = _store_and_owner(store_id)
    if g.account is None:
        return redirect(url_for("buyer.login", next=url_for("shop.window", store_id=store_id)))
    buyer: Account = g.account
    product_id = request.form.get("product_id", "")
    quantity_text = request.form.get("quantity", "").strip()
    first, _, rest = buyer.name.partition(" ")
    order_number = "80" + "".join(str(secrets.randbelow(10)) for _ in range(14))

    def place(current: Store) -> tuple[Store, tuple[str, str]]:
        if current.frozen:
            return current.refuse_order(), ("frozen", "")
        product = current.product(product_id)
        if product is None or product.status != "online":
            return current, ("missing", "")
        if owner.member_id == buyer.member_id:
            return current, ("invalid", "You cannot place an order in your own store.")
        if product.stock == 0:
            return current, ("invalid", "This product is out of stock.")
        if not quantity_text.isdigit() or not 1 <= int(quantity_text) <= product.stock:
            return current, (
                "invalid",
                f"Please choose a quantity from 1 to {product.stock:,}.",
            )
        quantity = int(quantity_text)
        order = StoreOrder(
            number=order_number,
            date=utc_now()[:10],
            buyer=f"{first} {rest[:1]}.".strip() if rest else first,
            status="awaiting_payment",
            total=f"{Decimal(product.price) * quantity:.2f}",
            currency=product.currency,
        )
        return current.with_order(order, product_id, quantity), ("placed", order.number)

    outcome, detail = get_state().update_store(owner.member_id, place) or ("missing", "")
    if outcome == "frozen":
        return frozen_refusal("buyer", store)
    if outcome == "missing":
        abort(404)
    if outcome == "invalid":
        return _shop_page(store, None, {product_id: detail}), 422
    return redirect(url_for("shop.window", store_id=store_id, placed=detail), code=303)
