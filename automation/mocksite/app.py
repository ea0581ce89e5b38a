"""The mock AliExpress Flask application: configuration, its pages' blueprints, the test hooks
under ``/__mock__/`` and the error pages."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from . import faults, portal, sessions, visit
from .buyer import buyer
from .challenges import challenges
from .exit_service import exit_service
from .mock_api import mock_api
from .my_orders import my_orders
from .profile import profile
from .seller import seller
from .shop import shop
from .sign_in_frame import sign_in_frame
from .state import MockState
from .variants import VARIANTS
from .web import install_state, translator

# The fixtures beside this module: a link to the checkout's top-level fixtures/, a copy in
# an installed wheel.
PACKAGED_FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURES_ENV = "ALIEXIT_MOCK_FIXTURES"
SESSION_COOKIE = "aliexpress_session"
PAGES = (buyer, my_orders, profile, challenges, sign_in_frame, seller, exit_service, shop)


def fixtures_dir() -> Path:
    """The fixtures directory: ``$ALIEXIT_MOCK_FIXTURES`` if set, else the package's own
    (the checkout's top-level ``fixtures/``, which the wheel carries)."""
    override = os.environ.get(FIXTURES_ENV)
    return Path(override).expanduser().resolve() if override else PACKAGED_FIXTURES


def create_app(
    accounts_file: Path | None = None,
    *,
    sign_in_url: str = "/login",
    variant: str | None = None,
    fault_settings: faults.FaultSettings | None = None,
) -> Flask:
    """Build a mock site with fresh in-memory state seeded from ``accounts_file``.

    ``sign_in_url`` is where the header's "Sign in" link points: another origin imitates
    a page whose sign-in link was tampered with (a phishing lure), for the safety rails.
    ``variant`` serves the whole site in that markup variant (see ``variants.py``).
    ``fault_settings``: random latency, 5xx answers and dropped connections (see `faults`).
    """
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")
    fixtures = fixtures_dir()
    accounts_path = Path(accounts_file) if accounts_file else fixtures / "accounts.json"
    app = Flask(
        __name__,
        template_folder=str(fixtures / "site" / "templates"),
        static_folder=str(fixtures / "site" / "static"),
        static_url_path="/static",
    )
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MOCK_VARIANT=variant,
        MOCK_LOCALES=fixtures / "site" / "locales",
    )
    install_state(app, MockState(accounts_path))
    sessions.install(app)
    for blueprint in (mock_api, *PAGES):
        app.register_blueprint(blueprint)
    portal.install(app)
    visit.install(app, sign_in_url=sign_in_url)
    app.register_error_handler(HTTPException, _http_error)
    faults.install(app, fault_settings)
    return app


def _http_error(error: HTTPException) -> Response | tuple[Any, int]:
    """JSON errors for the inspection API, a plain page elsewhere."""
    code = error.code or 500
    if request.path.startswith("/__mock__/"):
        return jsonify({"error": error.description}), code
    key = {404: "error.not_found_title", 500: "error.server_title"}.get(code)
    title = translator()(key) if key else error.name
    return render_template("error.html", code=code, title=title), code
