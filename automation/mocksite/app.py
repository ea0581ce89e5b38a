"""The mock AliExpress Flask application: buyer pages plus a small inspection API."""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

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
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from . import challenges, faults, order_lists, portal_state
from .amounts import Money
from .i18n import LANG_COOKIE, LANGUAGES, Translator, best_accepted, supported
from .records import ORDER_STATUSES, Order
from .state import Account, Email, MockState, SignIn
from .variants import CONSENT_COOKIE, VARIANT_COOKIE, VARIANTS, Variant

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
CONSENT_ANSWERS = {"accept": "accepted", "reject": "rejected"}
_STATE_KEY = "aliexit_mock_state"

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
    app.extensions[_STATE_KEY] = MockState(accounts_path)
    app.register_blueprint(site)
    app.register_blueprint(mock_api)
    challenges.install(app)
    from .seller import seller, store_api  # imported here: they import this module
    from .sign_in_frame import sign_in_frame

    app.register_blueprint(seller)
    app.register_blueprint(store_api)
    app.register_blueprint(sign_in_frame)
    from . import portal  # imported here: portal.py imports this module

    portal.install(app)
    app.before_request(_load_account)
    app.before_request(_choose_variant_and_language)
    app.before_request(_check_csrf)
    app.after_request(_remember_choices)
    app.context_processor(
        lambda: {
            "current_account": g.get("account"),
            "csrf_token": csrf_token,
            "sign_in_url": sign_in_url,
            "variant": _variant(),
            "t": _t(),
            "lang": _t().lang,
            "language_names": _language_names(),
            "show_cookie_banner": _show_cookie_banner(),
            "amount": Money(_t(), _variant().amounts),
            "labelled_by": _labelled_by,
        }
    )
    app.register_error_handler(HTTPException, _http_error)
    faults.install(app, fault_settings)
    return app


def get_state(app: Flask | None = None) -> MockState:
    """The in-memory state of ``app`` (default: the current app)."""
    return (app or current_app).extensions[_STATE_KEY]


# --- sessions, CSRF, sign-in --------------------------------------------------------------


def csrf_token() -> str:
    """This session's CSRF token, created on first use."""
    token = session.get("csrf_token")
    if not token:
        token = session["csrf_token"] = secrets.token_urlsafe(32)
    return token


def _load_account() -> None:
    """Put the signed-in account (if any, and not deactivated) on ``g.account``."""
    g.account = None
    member_id = session.get("member_id")
    if member_id and not challenges.session_is_current():
        session.clear()  # issued before the sessions were expired: signed out
        member_id = None
    if member_id:
        account = get_state().get(member_id)
        if account is None or account.status == "deactivated":
            session.pop("member_id", None)
        else:
            g.account = account


def _choose_variant_and_language() -> None:
    """Put this request's markup variant on ``g.variant`` and its language on ``g.t``."""
    asked = request.args.get("variant")
    g.new_variant = asked if asked in VARIANTS else None
    persona = g.account.site_variant if g.account is not None else None
    for name in (
        g.new_variant,
        request.cookies.get(VARIANT_COOKIE),
        get_state().run_variant,
        current_app.config["MOCK_VARIANT"],
        persona,
    ):
        if name in VARIANTS:
            g.variant = VARIANTS[name]
            break
    else:
        g.variant = VARIANTS["standard"]
    g.new_lang = supported(request.args.get("lang"))
    saved = g.account.language if g.account is not None else None
    lang = (
        g.new_lang
        or supported(request.cookies.get(LANG_COOKIE))
        or saved
        or best_accepted(request.headers.get("Accept-Language"))
        or "en"
    )
    g.t = Translator(current_app.config["MOCK_LOCALES"], lang, g.variant.words)


def _remember_choices(response: Response) -> Response:
    """A ``?variant=`` or ``?lang=`` choice stays for the rest of the visit."""
    if g.get("new_variant"):
        response.set_cookie(VARIANT_COOKIE, g.new_variant, samesite="Lax")
    if g.get("new_lang"):
        response.set_cookie(LANG_COOKIE, g.new_lang, samesite="Lax")
    return response


def _variant() -> Variant:
    """This request's variant (standard outside a request's normal path)."""
    return g.get("variant", VARIANTS["standard"])


def _labelled_by(element_id: str) -> Markup:
    """` aria-labelledby="ID"` for a section that is a named region, unless the variant has
    no landmarks but <main> (an unnamed <section> is no landmark)."""
    if not _variant().landmarks:
        return Markup("")
    return Markup(' aria-labelledby="{}"').format(element_id)


def _t() -> Translator:
    """This request's translator (English outside a request's normal path)."""
    if "t" not in g:
        g.t = Translator(current_app.config["MOCK_LOCALES"], "en")
    return g.t


def _language_names() -> dict[str, str]:
    """Each language's own name, for the footer's language links."""
    folder = current_app.config["MOCK_LOCALES"]
    return {code: Translator(folder, code)("language_name") for code in LANGUAGES}


def _show_cookie_banner() -> bool:
    """Whether this page carries the cookie-consent overlay (until it is answered)."""
    answered = request.cookies.get(CONSENT_COOKIE) in CONSENT_ANSWERS.values()
    return _variant().cookie_banner != "none" and not answered


def _check_csrf() -> tuple[str, int] | None:
    """Refuse any POST outside ``/__mock__/`` without this session's token."""
    if request.method != "POST" or request.path.startswith("/__mock__/"):
        return None
    if request.blueprint == "portal":
        return None  # the privacy portal checks its own session's token (portal.py)
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf_token", "")
    if sent and expected and secrets.compare_digest(sent.encode(), expected.encode()):
        return None
    return render_template("session_expired.html"), 400


def _http_error(error: HTTPException) -> Response | tuple[Any, int]:
    """JSON errors for the inspection API, a plain page elsewhere."""
    code = error.code or 500
    if request.path.startswith("/__mock__/"):
        return jsonify({"error": error.description}), code
    key = {404: "error.not_found_title", 500: "error.server_title"}.get(code)
    title = _t()(key) if key else error.name
    return render_template("error.html", code=code, title=title), code


def safe_next(value: str | None) -> str | None:
    """``value`` if it is a local path on this site, else None."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if any(ord(ch) < 32 for ch in value):
        return None
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send signed-out visitors to the sign-in page, coming back here afterwards."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if g.account is None:
            query = request.query_string.decode("latin-1")
            here = request.path + (f"?{query}" if query else "")
            return redirect(url_for("site.login", next=here))
        return view(*args, **kwargs)

    return wrapper


def mask_email(email: str) -> str:
    """``demo.buyer@example.com`` → ``d***@example.com``."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else f"{local[:1]}***"


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


class FailedSignIn(NamedTuple):
    """A refused sign-in: what was typed, what the page says, which field, the HTTP status."""

    login_value: str
    error: str
    field: str | None
    code: int


def attempt_sign_in(next_path: str | None) -> Response | FailedSignIn:
    """Check the posted login and password: the response that signs in, or why not."""
    login_value = request.form.get("login", "").strip()
    password = request.form.get("password", "")
    if not login_value:
        return FailedSignIn(login_value, g.t("login.error.no_login"), "login", 422)
    if not password:
        return FailedSignIn(login_value, g.t("login.error.no_password"), "password", 422)
    outcome, account = get_state().sign_in(login_value, password)
    if outcome is SignIn.OK and account is not None:
        return challenges.begin_sign_in(account, next_path)
    if outcome is SignIn.DEACTIVATED:
        return FailedSignIn(login_value, g.t("login.error.deactivated"), None, 403)
    return FailedSignIn(login_value, g.t("login.error.incorrect"), None, 401)


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
