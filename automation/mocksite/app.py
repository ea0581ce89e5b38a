"""The mock AliExpress Flask application: buyer pages plus a small inspection API."""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path
from typing import Any, NamedTuple

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from . import challenges, faults, order_lists, portal, portal_state, sessions, visit
from .records import ORDER_STATUSES, Order
from .seller import seller, store_api
from .sign_in_frame import sign_in_frame
from .state import Account, Email, MockState
from .variants import CONSENT_ANSWERS, CONSENT_COOKIE, VARIANTS
from .web import (
    attempt_sign_in,
    get_state,
    install_state,
    login_required,
    mask_email,
    safe_next,
    translator,
)

# The fixtures beside this module: a link to the checkout's top-level fixtures/, a copy in
# an installed wheel.
PACKAGED_FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURES_ENV = "ALIEXIT_MOCK_FIXTURES"
SESSION_COOKIE = "aliexpress_session"
REASONS = (
    "No longer using the platform",
    "Privacy concerns",
    "Negative experience with the platform or sellers",
    "Switching to another marketplace",
    "Other",
)

site = Blueprint("site", __name__)
mock_api = Blueprint("mock_api", __name__, url_prefix="/__mock__")
faults.add_routes(mock_api)


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
    app.register_blueprint(site)
    app.register_blueprint(mock_api)
    app.register_blueprint(challenges.challenges)
    app.register_blueprint(seller)
    app.register_blueprint(store_api)
    app.register_blueprint(sign_in_frame)
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


# --- pages ---------------------------------------------------------------------------------


@site.get("/")
def home() -> str:
    """Shop home with placeholder product tiles."""
    return render_template("home.html")


@site.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign-in form; on success remember the account and go to ``next`` or home."""
    next_path = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", login_value="", error=None, next_path=next_path)

    attempt = attempt_sign_in(next_path)
    if isinstance(attempt, Response):
        return attempt
    page = render_template(
        "login.html",
        login_value=attempt.login_value,
        error=attempt.error,
        error_field=attempt.field,
        next_path=next_path,
    )
    return page, attempt.code


@site.post("/logout")
def logout() -> Response:
    """Forget the signed-in account."""
    session.clear()
    return redirect(url_for("site.home"), code=303)


@site.route("/forgot-password", methods=["GET", "POST"])
def forgot_password() -> Any:
    """Password reset request; never reveals whether an account exists."""
    if request.method == "GET":
        return render_template("forgot_password.html", email="", sent=False, error=None)
    email = request.form.get("email", "").strip()
    if not email:
        page = render_template(
            "forgot_password.html", email="", sent=False, error=g.t("forgot.error.no_email")
        )
        return page, 422
    return render_template("forgot_password.html", email=email, sent=True, error=None)


@site.get("/my-aliexpress")
@login_required
def my_aliexpress() -> str:
    """Account dashboard with the left-side menu."""
    records = g.account.records
    return render_template(
        "my_aliexpress.html",
        active_nav="overview",
        order_count=len(records.orders),
        coupon_count=len(records.coupons),
    )


@site.get("/change-password")
@login_required
def change_password() -> str:
    """Placeholder settings page."""
    return render_template("change_password.html", active_nav="change-password")


@site.get("/shipping-address")
@login_required
def shipping_address() -> str:
    """Placeholder settings page."""
    return render_template("shipping_address.html", active_nav="shipping-address")


@site.get("/member-profile")
@login_required
def member_profile() -> str:
    """Profile details and, depending on the variant, the Deactivate Account control."""
    return render_template(
        "member_profile.html",
        active_nav="member-profile",
        reasons=_reason_choices(),
        phrase=g.t("deactivate.phrase"),
        values={},
        errors={},
    )


@site.post("/cookie-consent")
def cookie_consent() -> Response:
    """The cookie banner's answer ("accept" unless ``choice=reject``): remembered in a
    cookie, and counted."""
    choice = "reject" if request.form.get("choice") == "reject" else "accept"
    get_state().count_cookie_answer(choice)
    back = safe_next(request.form.get("next")) or url_for("site.home")
    response = redirect(back, code=303)
    response.set_cookie(CONSENT_COOKIE, CONSENT_ANSWERS[choice], samesite="Lax")
    return response


def _page_number(value: str | None) -> int:
    """The 1-based ``?page=`` number; anything but a positive integer is a 404."""
    if value is None:
        return 1
    if not value.isdigit() or int(value) < 1:
        abort(404)
    return int(value)


def _orders_url(status: str | None, page: int) -> str:
    """Link to one page of the order list, keeping the status filter."""
    return url_for("site.orders", status=status or None, page=page if page > 1 else None)


def _more_orders_url(status: str | None, page: int) -> str:
    """The "Load more" address of batch ``page``, keeping the status filter."""
    return url_for("site.more_orders", status=status or None, page=page)


def _order_listing(account: Account) -> tuple[str | None, order_lists.OrderPage]:
    """The ``?status=`` filter and the ``?page=`` of the account's orders (404 if neither
    exists), in the variant's page size."""
    status = request.args.get("status") or None
    if status is not None and status not in ORDER_STATUSES:
        abort(404)
    page = _page_number(request.args.get("page"))
    selected: list[Order] = [
        order for order in account.records.orders if status is None or order.status == status
    ]
    listing = order_lists.paginate(selected, page, g.variant.orders_per_page)
    if listing is None:
        abort(404)
    return status, listing


@site.get("/orders")
@login_required
def orders() -> Any:
    """My Orders, a page at a time (the variant's size, layout and paging), optionally
    filtered by status; faults are injected here."""
    account: Account = g.account
    status, listing = _order_listing(account)
    page, pages = listing.page, listing.pages
    if status is None and get_state().orders_page_fails(account.member_id, page):
        return render_template("error.html", code=500, title=g.t("error.server_title")), 500
    return render_template(
        order_lists.LAYOUT_TEMPLATES[g.variant.orders_layout],
        active_nav="orders",
        statuses=ORDER_STATUSES,
        status=status,
        orders=listing.orders,
        first=listing.first,
        last=listing.last,
        total=listing.total,
        count_sentence=order_lists.count_sentence(g.t, listing, g.variant.orders_total),
        page=page,
        pages=pages,
        previous_url=_orders_url(status, page - 1) if page > 1 else None,
        next_url=_orders_url(status, page + 1) if page < pages else None,
        more_url=_more_orders_url(status, page + 1) if page < pages else None,
        page_links=order_lists.page_links(page, pages),
        page_url=lambda number: _orders_url(status, number),
        status_url=lambda key: _orders_url(key, 1),
    )


@site.get("/orders/more")
@login_required
def more_orders() -> Any:
    """The next batch of My Orders for "Load more": ``{"html": cards, "next": URL | null}``."""
    if g.variant.orders_paging != "load-more":
        abort(404)
    account: Account = g.account
    status, listing = _order_listing(account)
    if status is None and get_state().orders_page_fails(account.member_id, listing.page):
        return jsonify({"error": g.t("orders.load_failed")}), 500
    html = render_template("_order_cards.html", orders=listing.orders)
    more = _more_orders_url(status, listing.page + 1) if listing.has_next else None
    return jsonify({"html": html, "next": more})


@site.get("/disputes")
@login_required
def disputes() -> str:
    """Refunds and Disputes."""
    return render_template(
        "disputes.html", active_nav="disputes", disputes=g.account.records.disputes
    )


@site.get("/wallet")
@login_required
def wallet() -> str:
    """AliExpress Wallet balance."""
    return render_template("wallet.html", active_nav="wallet", wallet=g.account.records.wallet)


@site.get("/coupons")
@login_required
def coupons() -> str:
    """My Coupons."""
    return render_template("coupons.html", active_nav="coupons", coupons=g.account.records.coupons)


class ReasonChoice(NamedTuple):
    """A deactivation reason as the form offers it: the value it posts and the text shown."""

    value: str
    label: str


def _reason_choices() -> list[ReasonChoice]:
    """The reasons in this variant's words; each posts its stable key (the standard English
    wording, whatever language shows it) or, in some variants, the text shown."""
    words = g.t("deactivate.reasons")
    shown = g.variant.reason_values == "shown"
    return [ReasonChoice(words[key] if shown else key, words[key]) for key in REASONS]


def _reason_key(value: str) -> str | None:
    """The stable key of a posted reason, or None if the page offered no such reason."""
    choices = zip(REASONS, _reason_choices(), strict=True)
    return next((key for key, choice in choices if choice.value == value), None)


def _validate_deactivation(account: Account, form: dict[str, str]) -> dict[str, str]:
    """Field name → error message for a deactivation form submission.

    The words to type are the ones the page shows in the visitor's language; a reason must
    be one the page offered (see `_reason_choices`).
    """
    t = g.t
    errors: dict[str, str] = {}
    confirm = form["confirm_account"].strip()
    if not confirm:
        errors["confirm_account"] = t("deactivate.error.no_confirm")
    elif not account.matches(confirm):
        errors["confirm_account"] = t("deactivate.error.mismatch")
    if form["phrase"].strip() != t("deactivate.phrase"):
        errors["phrase"] = t("deactivate.error.phrase", phrase=t("deactivate.phrase"))
    if _reason_key(form["reason"]) is None:
        errors["reason"] = t("deactivate.error.reason")
    return errors


@site.route("/member-profile/deactivate", methods=["GET", "POST"])
@login_required
def deactivate() -> Any:
    """The deactivation form: validate, record the request, send the confirmation email."""
    account: Account = g.account
    if g.variant.entry == "none" or account.deactivation == "portal-only":
        abort(404)
    if request.method == "POST":
        get_state().count_submission(account.member_id)
    page = functools.partial(
        render_template,
        "deactivate.html",
        active_nav="member-profile",
        reasons=_reason_choices(),
        phrase=g.t("deactivate.phrase"),
    )
    if account.status != "active":
        return page(pending=True), (409 if request.method == "POST" else 200)
    if request.method == "GET":
        return page(values={}, errors={})

    values = {
        "confirm_account": request.form.get("confirm_account", ""),
        "phrase": request.form.get("phrase", ""),
        "reason": request.form.get("reason", ""),
        "release": "release" in request.form,
    }
    errors = _validate_deactivation(account, values)
    if errors:
        return page(values=values, errors=errors), 422

    token = secrets.token_urlsafe(32)
    url = url_for("site.confirm_deactivation", token=token, _external=True)
    email = Email(
        to=account.login_email,
        subject="Confirm the deactivation of your AliExpress account",
        body=(
            f"Hi {account.name},\n\n"
            f"We have received a request to deactivate your AliExpress account "
            f"(member ID {account.member_id}).\n\n"
            f"Open this link to confirm: {url}\n\n"
            "Your request will be processed within 24 hours after you confirm. "
            "If you did not ask for this, ignore this email and your account stays open.\n\n"
            "AliExpress"
        ),
        confirmation_url=url,
    )
    updated = get_state().submit_deactivation(
        account.member_id,
        reason=values["reason"],
        release=values["release"],
        token=token,
        email=email,
    )
    if updated is None:
        return page(pending=True), 409
    return redirect(url_for("site.deactivate_result"), code=303)


@site.get("/member-profile/deactivate/result")
@login_required
def deactivate_result() -> Any:
    """Confirmation that the request was received and an email was sent."""
    account: Account = g.account
    if account.status != "deactivation_pending":
        return redirect(url_for("site.member_profile"))
    return render_template(
        "deactivate_result.html",
        active_nav="member-profile",
        masked_email=mask_email(account.login_email),
        release=bool(account.release_requested),
    )


@site.get("/account/deactivation/confirm")
def confirm_deactivation() -> Any:
    """The one-time link from the confirmation email."""
    account = get_state().confirm_deactivation(request.args.get("token", ""))
    if account is None:
        return render_template("confirm_invalid.html"), 404
    if session.get("member_id") == account.member_id:
        session.clear()
        g.account = None
    return render_template("confirm_done.html")


# --- inspection API (tests only, no CSRF) --------------------------------------------------


@mock_api.get("/accounts/<path:login>")
def inspect_account(login: str) -> Any:
    """The recorded state of one account, without its password."""
    account = get_state().get(login)
    if account is None:
        return jsonify({"error": f"no account for {login!r}"}), 404
    return jsonify(account.public_dict())


@mock_api.post("/reset")
def reset() -> Any:
    """Back to the fixture state, and the fault and portal settings of the server's start."""
    get_state().reset()
    portal_state.state_of().reset()
    faults.injector_of().reset()
    return jsonify({"ok": True})


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


@mock_api.get("/outbox/<path:login>")
def outbox(login: str) -> Any:
    """Emails sent to one account."""
    emails = get_state().outbox(login)
    if emails is None:
        return jsonify({"error": f"no account for {login!r}"}), 404
    return jsonify([email.as_dict() for email in emails])
