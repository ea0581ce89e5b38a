"""The buyer side's pages: home, sign-in, the cookie banner's answer, and My AliExpress with
its simple pages (My Orders is `my_orders`, the profile and deactivation `profile`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from .variants import CONSENT_ANSWERS, CONSENT_COOKIE
from .web import attempt_sign_in, get_state, login_required, safe_next

buyer = Blueprint("buyer", __name__)


@buyer.get("/")
def home() -> str:
    """Shop home with placeholder product tiles."""
    return render_template("home.html")


@buyer.route("/login", methods=["GET", "POST"])
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


@buyer.post("/logout")
def logout() -> Response:
    """Forget the signed-in account."""
    session.clear()
    return redirect(url_for("buyer.home"), code=303)


@buyer.route("/forgot-password", methods=["GET", "POST"])
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


@buyer.post("/cookie-consent")
def cookie_consent() -> Response:
    """The cookie banner's answer ("accept" unless ``choice=reject``): remembered in a
    cookie, and counted."""
    choice = "reject" if request.form.get("choice") == "reject" else "accept"
    get_state().count_cookie_answer(choice)
    back = safe_next(request.form.get("next")) or url_for("buyer.home")
    response = redirect(back, code=303)
    response.set_cookie(CONSENT_COOKIE, CONSENT_ANSWERS[choice], samesite="Lax")
    return response


@buyer.get("/my-aliexpress")
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


@buyer.get("/change-password")
@login_required
def change_password() -> str:
    """Placeholder settings page."""
    return render_template("change_password.html", active_nav="change-password")


@buyer.get("/shipping-address")
@login_required
def shipping_address() -> str:
    """Placeholder settings page."""
    return render_template("shipping_address.html", active_nav="shipping-address")


@buyer.get("/disputes")
@login_required
def disputes() -> str:
    """Refunds and Disputes."""
    return render_template(
        "disputes.html", active_nav="disputes", disputes=g.account.records.disputes
    )


@buyer.get("/wallet")
@login_required
def wallet() -> str:
    """AliExpress Wallet balance."""
    return render_template("wallet.html", active_nav="wallet", wallet=g.account.records.wallet)


@buyer.get("/coupons")
@login_required
def coupons() -> str:
    """My Coupons."""
    return render_template("coupons.html", active_nav="coupons", coupons=g.account.records.coupons)
