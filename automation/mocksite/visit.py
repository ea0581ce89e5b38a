"""What each request starts with: the signed-in account, the variant and the language (kept
for the rest of the visit), the CSRF check, and the names every template gets."""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from markupsafe import Markup
from werkzeug.wrappers import Response

from .amounts import Money
from .i18n import LANG_COOKIE, LANGUAGES, Translator, best_accepted, supported
from .sessions import session_is_current
from .variants import CONSENT_ANSWERS, CONSENT_COOKIE, VARIANT_COOKIE, VARIANTS
from .web import check_csrf, csrf_token, get_state, translator, variant


def install(app: Flask, *, sign_in_url: str) -> None:
    """Run the request hooks on every request of ``app`` and give its templates their names;
    ``sign_in_url`` is where the header's "Sign in" link points."""
    app.before_request(_load_account)
    app.before_request(_choose_variant_and_language)
    app.before_request(check_csrf)
    app.after_request(_remember_choices)
    app.context_processor(
        lambda: {
            "current_account": g.get("account"),
            "csrf_token": csrf_token,
            "sign_in_url": sign_in_url,
            "variant": variant(),
            "t": translator(),
            "lang": translator().lang,
            "language_names": _language_names(),
            "show_cookie_banner": _show_cookie_banner(),
            "amount": Money(translator(), variant().amounts),
            "labelled_by": _labelled_by,
        }
    )


def _load_account() -> None:
    """Put the signed-in account (if any, and not deactivated) on ``g.account``."""
    g.account = None
    member_id = session.get("member_id")
    if member_id and not session_is_current():
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


def _labelled_by(element_id: str) -> Markup:
    """` aria-labelledby="ID"` for a section that is a named region, unless the variant has
    no landmarks but <main> (an unnamed <section> is no landmark)."""
    if not variant().landmarks:
        return Markup("")
    return Markup(' aria-labelledby="{}"').format(element_id)


def _language_names() -> dict[str, str]:
    """Each language's own name, for the footer's language links."""
    folder = current_app.config["MOCK_LOCALES"]
    return {code: Translator(folder, code)("language_name") for code in LANGUAGES}


def _show_cookie_banner() -> bool:
    """Whether this page carries the cookie-consent overlay (until it is answered)."""
    answered = request.cookies.get(CONSENT_COOKIE) in CONSENT_ANSWERS.values()
    return variant().cookie_banner != "none" and not answered
