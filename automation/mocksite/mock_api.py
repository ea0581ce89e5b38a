"""The inspection API under ``/__mock__/`` (tests only, JSON, no CSRF): accounts, stores,
outboxes, the run's variant, faults (`faults`), and the reset back to the fixtures.

The portal's hooks are in `portal`, the session expiry in `challenges`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.wrappers import Response

from . import faults, portal_state
from .variants import VARIANTS
from .web import get_state

mock_api = Blueprint("mock_api", __name__, url_prefix="/__mock__")
faults.add_routes(mock_api)


@mock_api.get("/accounts/<path:login>")
def inspect_account(login: str) -> Any:
    """The recorded state of one account, without its password."""
    account = get_state().get(login)
    if account is None:
        return jsonify({"error": f"no account for {login!r}"}), 404
    return jsonify(account.public_dict())


@mock_api.get("/stores/<path:login>")
def inspect_store(login: str) -> Response | tuple[Response, int]:
    """The recorded state of one account's store; status "none" when it has no store."""
    account = get_state().get(login)
    if account is None:
        return jsonify({"error": f"no account for {login!r}"}), 404
    if account.store is None:
        return jsonify(
            {
                "login": account.login_email,
                "store_id": None,
                "store_name": None,
                "status": "none",
                "applications": [],
                "submissions": 0,
                "counts": {},
                "blockers": [],
                "products_posted_after_freeze_refused": 0,
                "orders_placed_after_freeze_refused": 0,
            }
        )
    return jsonify(account.store.public_dict(account.login_email))


@mock_api.get("/outbox/<path:login>")
def outbox(login: str) -> Any:
    """Emails sent to one account."""
    emails = get_state().outbox(login)
    if emails is None:
        return jsonify({"error": f"no account for {login!r}"}), 404
    return jsonify([email.as_dict() for email in emails])


@mock_api.route("/variant", methods=["GET", "POST"])
def run_variant() -> Any:
    """GET: the variants and the run's choice. POST {"variant": NAME or null}: serve the
    whole site in that variant until the next reset (a cookie or ?variant= still wins)."""
    state = get_state()
    if request.method == "POST":
        name = (request.get_json(silent=True) or {}).get("variant")
        if name is not None and name not in VARIANTS:
            known = ", ".join(VARIANTS)
            return jsonify({"error": f"unknown variant {name!r}; known: {known}"}), 400
        state.run_variant = name
    return jsonify({
        "variant": state.run_variant,
        "default": current_app.config["MOCK_VARIANT"],
        "variants": {name: v.as_dict() for name, v in VARIANTS.items()},
        "cookie_consents": state.cookie_consents,
        "cookie_rejections": state.cookie_rejections,
    })  # fmt: skip


@mock_api.post("/reset")
def reset() -> Any:
    """Back to the fixture state, and the fault and portal settings of the server's start."""
    get_state().reset()
    portal_state.state_of().reset()
    faults.injector_of().reset()
    return jsonify({"ok": True})
