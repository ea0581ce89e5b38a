"""The site's own visible words, one module per language.

Page objects find elements only through these words (by role, label and text),
so a reworded button or a new locale is a change to one file.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """Every visible word the automation relies on, in one language."""

    lang: str
    sign_in: str
    login_label: str
    password_label: str
    forgot_password: str
    my_aliexpress: str
    edit_member_profile: str
    deactivate_account: str
    confirm_account_label: str
    type_words_label: str
    deactivation_phrase: str
    reasons: dict[str, str]
    default_reason: str
    release_account_label: str
    submit_deactivation: str
    # Fragments of messages the site shows (matched case-insensitively, anywhere in the text).
    wrong_credentials: str
    account_deactivated: str
    request_pending: str
    request_received: str
    processing_time: str
    # Account pages read before anything is deleted.
    my_orders: str
    orders_shown: str  # regex; group 1 is the total the site states
    page_of: str  # regex; group 1 this page, group 2 the number of pages
    next_page: str
    order_fields: dict[str, str]  # our field -> the page's label
    item_columns: dict[str, str]
    items_caption: str
    order_statuses: dict[str, str]  # status key -> the page's label
    disputes: str
    dispute_fields: dict[str, str]
    dispute_open: str
    wallet: str
    wallet_balance: str
    coupons: str
    coupon_fields: dict[str, str]
    coupon_unused: str
    something_went_wrong: str
    # Sign-in challenges after the password (appended; keep new fields at the end).
    slide_to_verify: str  # fragment of the slider verification's text ("Please slide to verify")
    verification_code_label: str  # the one-time code field
    verify: str  # the button that sends the code
    # Markup variants: the button of a cookie-consent overlay.
    accept_cookies: str


def _folded(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def same_words(text: str | None, words: str) -> bool:
    """Whether `text` is `words` as a person reads them: any case, any spacing."""
    return _folded(text) == _folded(words)


def says(text: str | None, fragment: str) -> bool:
    """Whether `text` contains `fragment`, any case, any spacing."""
    return _folded(fragment) in _folded(text)


SUPPORTED_LANGUAGES = ("en", "es", "fr", "ru", "pt")
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ru": "Russian",
    "pt": "Portuguese",
}


def language_of(locale: str | None) -> str | None:
    """The supported language of a locale or `lang` value ("pt-BR" -> "pt"), or None."""
    primary = re.split(r"[-_]", (locale or "").strip().lower())[0]
    return primary if primary in SUPPORTED_LANGUAGES else None


def words_for(lang: str = "en") -> Words:
    """The words of one language ("es", "es-ES", "pt_BR" …); English for one we do not know."""
    code = language_of(lang) or "en"
    return importlib.import_module(f"automation.pages.words.{code}").WORDS


def all_words() -> list[Words]:
    """The words of every supported language, English first."""
    return [words_for(lang) for lang in SUPPORTED_LANGUAGES]


@dataclass(frozen=True)
class SellerWords:
    """Every visible word of the seller center the automation relies on, in one language."""

    lang: str
    seller_center: str
    seller_menu: str  # accessible name of the seller center's navigation
    store_group: str
    store_management: str
    no_store: str  # fragment of the message shown to an account without a store
    store_fields: dict[str, str]  # our field -> the page's label
    status_open: str
    status_frozen: str
    exit_service: str
    self_inspection: str
    checks: dict[str, str]  # blocker kind -> the check's name on Self-inspection
    count_label: str
    amount_label: str
    currency_label: str
    units_in_stock: str  # regex; group 1 is the number of units
    view: str
    back_to_inspection: str
    items_stated: str  # regex; group 1 is the number of items the page states
    columns: dict[str, dict[str, str]]  # blocker kind -> our field -> the column's header
    funds_fields: dict[str, str]
    continue_to_application: str
    application: str
    reason_label: str
    reasons: list[str]
    default_reason: str
    statement_label: str
    contact_email_label: str
    freeze_consent: str
    submit_application: str
    application_submitted: str
    store_status_frozen: str  # the result page's status line
    frozen_notice: str  # fragment: "Your exit service application was submitted on"


def seller_words_for(lang: str = "en") -> SellerWords:
    """The seller center's words of one language (English is the only one so far)."""
    from automation.pages.words.en import SELLER_WORDS as EN_SELLER

    known = {"en": EN_SELLER}
    return known.get(lang.split("-")[0].lower(), EN_SELLER)
