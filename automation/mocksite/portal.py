"""The mock's privacy portal ("Privacy Center"), served on the other loopback host name.

The real portal is ``privacy.aliexpress.com/home#/request/delete``, a host of its own. The
mock serves it from the same server under the *other* loopback name: a buyer using the site
at ``http://127.0.0.1:PORT`` is handed over to ``http://localhost:PORT``, and one using
``localhost`` to ``127.0.0.1``, so the browser keeps the two origins' cookies apart.

Hand-off: "Privacy settings" in My AliExpress (``/privacy-settings``, buyer side, signed in)
redirects to ``http://OTHER:PORT/handoff?ticket=T`` with a signed one-time ticket (see
`tickets`). The portal exchanges it for its own session: cookie ``privacy_session``,
host-only, worth nothing on any host but the one it was issued on. No password is ever
asked for. A missing, tampered, expired or reused ticket is refused (HTTP 403) and signs
nobody in; so is a visit without a portal session. The buyer's session cookie is never read.

Portal pages, in the language of the buyer side that handed over:

- ``/home``: "Your privacy", linking "Delete account" and "Download your data" (the real
  portal's ``/home#/request/delete`` lands on the deletion page too);
- ``/request/delete``: why deletion is final; the red "Delete my account" opens a dialog asking
  to type ``agree``; "Delete" (POST) is accepted for exactly ``agree`` and nothing else; then
  ``/request/delete/submitted``, "Deletion request submitted". The account becomes
  ``deletion_pending``; ``portal_submissions`` and ``submissions`` count the accepted POST;
- ``/request/download``: "Request a copy" (POST); once prepared (``copy_delay_s`` later), a
  "Download" link to ``/request/download/<id>/aliexpress-data.xlsx`` (see `data_copy`).

Every portal POST needs the portal session's CSRF token. Test hooks: ``/__mock__/portal``.
"""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from . import data_copy, portal_state, tickets
from .i18n import Translator
from .portal_state import DataRequest, PortalSettings, iso_time, state_of
from .state import Account, Email
from .tickets import Refusal, TicketRefused
from .web import get_state, login_required, mask_email

PORTAL_COOKIE = "privacy_session"
CONFIRM_WORD = "agree"
PROCESSING_DAYS = 15
_OTHER_LOOPBACK = {"127.0.0.1": "localhost", "localhost": "127.0.0.1", "::1": "localhost"}

privacy_link = Blueprint("privacy_link", __name__)
portal = Blueprint("portal", __name__)
portal_api = Blueprint("portal_api", __name__, url_prefix="/__mock__")


def install(app: Flask, settings: PortalSettings | None = None) -> None:
    """Add the portal, the buyer side's "Privacy settings" hand-off and the test hooks."""
    portal_state.install(app, settings)
    app.register_blueprint(privacy_link)
    app.register_blueprint(portal)
    app.register_blueprint(portal_api)


def other_host(host: str) -> str | None:
    """``127.0.0.1:PORT`` <-> ``localhost:PORT`` (``[::1]`` -> ``localhost``); None for any
    host that is not a loopback name (the portal needs a second name for the same server)."""
    parts = urlsplit(f"//{host}")
    other = _OTHER_LOOPBACK.get((parts.hostname or "").lower())
    if other is None:
        return None
    return f"{other}:{parts.port}" if parts.port else other


# --- buyer side: the hand-off --------------------------------------------------------------


@privacy_link.get("/privacy-settings")
@login_required
def privacy_settings() -> Any:
    """My AliExpress's "Privacy settings": off to the portal with a fresh one-time ticket."""
    target = other_host(request.host)
    if target is None:
        page = render_template("error.html", code=404, title=g.t("error.not_found_title"))
        return page, 404
    state = state_of()
    ticket = tickets.issue(
        state.key,
        member_id=g.account.member_id,
        portal_host=target,
        lang=g.t.lang,
        ttl_s=state.settings.ticket_ttl_s,
        now_s=time.time(),
    )
    return redirect(f"{request.scheme}://{target}/handoff?ticket={ticket}", code=303)


# --- the portal's session, words and pages -------------------------------------------------


@portal.before_request
def _load_portal_session() -> Any:
    """Put the portal session and its account on ``g``; refuse POSTs without its token."""
    g.portal = state_of().session(request.cookies.get(PORTAL_COOKIE), request.host)
    g.portal_account = None
    if g.portal is not None:
        account = get_state().get(g.portal.member_id)
        if account is None or account.status == "deactivated":
            g.portal = None
        else:
            g.portal_account = account
    lang = g.portal.lang if g.portal is not None else g.t.lang
    g.pt = Translator(current_app.config["MOCK_LOCALES"] / "portal", lang)
    if request.method != "POST":
        return None
    if g.portal is None:
        return _refused("portal.refused.signed_out")
    sent = request.form.get("csrf_token", "")
    if not secrets.compare_digest(sent.encode(), g.portal.csrf_token.encode()):
        return _notice("portal.expired.title", ["portal.expired.text"], 400)
    return None


def _page(template: str, code: int = 200, **context: Any) -> tuple[str, int]:
    """A portal page in the portal session's language."""
    buyer_host = other_host(request.host)
    page = render_template(
        f"portal/{template}",
        t=g.pt,
        lang=g.pt.lang,
        account=g.portal_account,
        masked_email=mask_email(g.portal_account.login_email) if g.portal_account else None,
        word=CONFIRM_WORD,
        portal_csrf=g.portal.csrf_token if g.portal is not None else "",
        buyer_url=f"{request.scheme}://{buyer_host}/my-aliexpress" if buyer_host else "/",
        **context,
    )
    return page, code


def _notice(title_key: str, text_keys: list[str], code: int) -> tuple[str, int]:
    """A page with a heading and a few sentences (refusals, expired forms, not found)."""
    return _page("notice.html", code, title_key=title_key, text_keys=text_keys)


def _refused(reason_key: str) -> tuple[str, int]:
    """HTTP 403: why nobody is signed in, and where the portal is opened from."""
    return _notice("portal.refused.title", [reason_key, "portal.refused.how"], 403)


def _signed_in(view: Callable[..., Any]) -> Callable[..., Any]:
    """Portal pages need a portal session (a hand-off ticket's); never a password."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if g.portal_account is None:
            return _refused("portal.refused.signed_out")
        return view(*args, **kwargs)

    return wrapper


@portal.get("/handoff")
def handoff() -> Any:
    """Exchange a hand-off ticket for a portal session on this host, once."""
    state = state_of()
    try:
        ticket = tickets.read(
            state.key, request.args.get("ticket"), host=request.host, now_s=time.time()
        )
        if not state.spend(ticket.nonce):
            raise TicketRefused(Refusal.USED)
        account = get_state().get(ticket.member_id)
        if account is None or account.status == "deactivated":
            raise TicketRefused(Refusal.ACCOUNT)
    except TicketRefused as refused:
        return _refused(f"portal.refused.{refused.reason.value}")
    sid = state.open_session(account.member_id, request.host, ticket.lang)
    response = redirect(url_for("portal.home"), code=303)
    response.set_cookie(PORTAL_COOKIE, sid, httponly=True, samesite="Lax")
    return response


@portal.get("/home")
@_signed_in
def home() -> Any:
    """ "Your privacy": what the portal offers."""
    return _page("home.html")


@portal.route("/request/delete", methods=["GET", "POST"])
@_signed_in
def delete() -> Any:
    """The deletion page and its confirmation dialog (type ``agree``, then "Delete")."""
    account: Account = g.portal_account
    if account.status == "deletion_pending":
        return _page("delete.html", 409 if request.method == "POST" else 200, pending=True)
    if request.method == "GET":
        return _page("delete.html", show_dialog=request.args.get("confirm") == "1")
    typed = request.form.get("confirmation", "")
    if typed != CONFIRM_WORD:
        error = g.pt("portal.delete.error", word=CONFIRM_WORD)
        return _page("delete.html", 422, show_dialog=True, typed=typed, error=error)
    if not get_state().update_account(account.member_id, _record_deletion(time.time())):
        return _page("delete.html", 409, pending=True)
    get_state().send_email(account.member_id, _deletion_email(account))
    return redirect(url_for("portal.delete_submitted"), code=303)


def _record_deletion(now_s: float) -> Callable[[Account], bool]:
    """The state change of an accepted deletion request (False if one is already pending)."""

    def change(account: Account) -> bool:
        if account.status == "deletion_pending":
            return False
        account.status = "deletion_pending"
        account.deletion_requested_at = iso_time(now_s)
        account.portal_submissions += 1
        account.submissions += 1
        return True

    return change


def _deletion_email(account: Account) -> Email:
    """The confirmation that the deletion request was received (no link to follow)."""
    return Email(
        to=account.login_email,
        subject="We have received your request to delete your AliExpress account",
        body=(
            f"Hi {account.name},\n\n"
            "We have received your request to delete your AliExpress account "
            f"(member ID {account.member_id}) through the Privacy Center.\n\n"
            f"Your request will be processed within {PROCESSING_DAYS} days. After that, your "
            "account and its data are deleted and cannot be recovered.\n\n"
            "AliExpress"
        ),
        confirmation_url="",
    )


@portal.get("/request/delete/submitted")
@_signed_in
def delete_submitted() -> Any:
    """ "Deletion request submitted", with when it is processed and the email sent."""
    if g.portal_account.status != "deletion_pending":
        return redirect(url_for("portal.delete"), code=303)
    return _page("delete_submitted.html", days=PROCESSING_DAYS)


@portal.route("/request/download", methods=["GET", "POST"])
@_signed_in
def download() -> Any:
    """ "Download your data": request a copy, wait while it is prepared, then download it."""
    account: Account = g.portal_account
    latest = account.data_requests[-1] if account.data_requests else None
    if request.method == "POST":
        if latest is None or latest.ready():  # one copy at a time is prepared
            now = time.time()
            new = DataRequest(secrets.token_hex(8), now, now + state_of().settings.copy_delay_s)

            def add(found: Account) -> None:
                found.data_requests = (*found.data_requests, new)

            get_state().update_account(account.member_id, add)
            state_of().note_copy_owner(account.member_id)
        return redirect(url_for("portal.download"), code=303)
    ready = latest is not None and latest.ready()
    wait_ms = max(0, int((latest.ready_at - time.time()) * 1000)) if latest else 0
    file_url = url_for("portal.download_file", request_id=latest.request_id) if ready else None
    return _page("download.html", latest=latest, ready=ready, wait_ms=wait_ms, file_url=file_url)


@portal.get("/request/download/<request_id>/aliexpress-data.xlsx")
@_signed_in
def download_file(request_id: str) -> Any:
    """The prepared copy, only for the portal session of the account that requested it."""
    account: Account = g.portal_account
    found = next((r for r in account.data_requests if r.request_id == request_id), None)
    if found is None or not found.ready():
        return _notice("portal.not_found.title", ["portal.not_found.text"], 404)

    def count(changed: Account) -> None:
        changed.data_requests = tuple(
            replace(r, downloads=r.downloads + 1) if r.request_id == request_id else r
            for r in changed.data_requests
        )

    get_state().update_account(account.member_id, count)
    body = data_copy.workbook_bytes(account.records.orders, owner=account.login_email)
    name = f"aliexpress-data-{account.member_id}.xlsx"
    return Response(
        body,
        mimetype=data_copy.MIME_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


# --- test hooks (JSON, no CSRF) ------------------------------------------------------------


@portal_api.route("/portal", methods=["GET", "POST"])
def portal_settings() -> Any:
    """The portal's settings and counters; POST changes the settings until the next reset.

    ``POST /__mock__/portal {"ticket_ttl_s": 0, "copy_delay_s": 0.2}`` (either key alone
    works): ``ticket_ttl_s`` is the lifetime of the hand-off tickets issued from now on (0:
    every new ticket is already expired when it arrives); ``copy_delay_s`` is how long a
    requested data copy takes to be ready, counted from its request: copies still being
    prepared are rescheduled too (``0`` makes them ready at once). Defaults 120 and 1.5
    seconds. An unknown key or a negative value is a 400 and changes nothing.
    ``POST /__mock__/reset`` restores the defaults, drops every portal session and
    invalidates every ticket issued so far.
    """
    state = state_of()
    if request.method == "POST":
        data = request.get_json(silent=True) or {}
        try:
            state.settings = state.settings.changed(data)
        except ValueError as error:
            return jsonify({"error": str(error)}), 400
        if "copy_delay_s" in data:
            _reschedule_copies(state.settings.copy_delay_s)
    return jsonify({**state.settings.as_dict(), **state.counts()})


def _reschedule_copies(delay_s: float) -> None:
    """Give every copy still being prepared the preparation time ``delay_s``."""
    now = time.time()

    def change(account: Account) -> None:
        account.data_requests = tuple(r.rescheduled(delay_s, now) for r in account.data_requests)

    for member_id in state_of().copy_owners():
        get_state().update_account(member_id, change)
