"""Whole-site variants of the mock: different HTML and, in the word variants, other words.

The markup variants say the same words in different HTML. The word variants (``reworded``,
``numbered``, ``stepwise``) also say them differently, within the vocabulary the real site
is known to use (`variant_words`), and change the structure of lists, menus and forms; the
seeds' fixed words stay. A variant is chosen, first match wins, by ``?variant=NAME``
(remembered in a cookie), the ``mock_variant`` cookie, the run's variant
(``POST /__mock__/variant``), the site's default (``aliexit mock-site --variant NAME``),
the signed-in persona's ``site_variant``, else ``standard``. Server-side validation and
CSRF are the same in every variant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from . import variant_words

VARIANT_COOKIE = "mock_variant"
CONSENT_COOKIE = "cookie_consent"
CONSENT_ANSWERS = {"accept": "accepted", "reject": "rejected"}  # answer -> cookie value


@dataclass(frozen=True)
class Variant:
    """How one variant marks up (and, with ``words``, words) the site's pages."""

    name: str
    description: str
    reasons: Literal["radio", "select", "listbox"] = "radio"
    # How "Deactivate Account" is offered: a link to the form's page, a button that opens a
    # modal <dialog> holding the form, or not at all (a changed site).
    entry: Literal["link", "dialog", "none"] = "link"
    # A cookie-consent overlay that blocks clicks: never, on every page load until answered,
    # at a random moment after a page loads, or a fixed moment (0.7 s) after it loads.
    cookie_banner: Literal["none", "on-load", "any-moment", "after-load"] = "none"
    late_form: bool = False  # the form is rendered by script a while after the page loads
    gated_submit: bool = False  # the submit button is disabled until the form is complete
    # --- word variants ---------------------------------------------------------------------
    # English wordings that replace the locale's: key -> text (English pages only).
    words: Mapping[str, Any] = field(default_factory=dict, hash=False)
    cookie_reject: bool = False  # the overlay also offers to reject (remembered, counted)
    landmarks: bool = True  # False: no landmark but <main> (no header, footer, nav, regions)
    # The My AliExpress menu: a <nav> landmark; a plain list of links under a visible
    # heading; or a <nav> whose settings sit in a closed <details> and whose disputes link
    # sits behind a menu button (aria-expanded).
    menu: Literal["nav", "list", "disclosure"] = "nav"
    # My Orders: one <article> per order with facts and an items table, one card per order
    # with lines of text, or one <table> row per order.
    orders_layout: Literal["articles", "cards", "table"] = "articles"
    # How My Orders pages: Previous/Next links, a "Load more" button appending in place,
    # numbered page links, or "<" / ">" links named "Previous page" / "Next page".
    orders_paging: Literal["previous-next", "load-more", "numbered", "arrows"] = "previous-next"
    orders_per_page: int = 20
    orders_total: bool = True  # the number of orders is stated (list and dashboard)
    # Amounts: "17.89 USD"; "US $6.45" (unit prices) and "$17.89"; or bare "17.89" with the
    # page stating the currency once (or per row when they differ).
    amounts: Literal["code", "symbol", "bare"] = "code"
    # A reason is posted as its stable key (the standard English wording) or as its text.
    reason_values: Literal["key", "shown"] = "key"
    sign_in: Literal["page", "iframe"] = "page"  # the sign-in form on the page or in an iframe
    form_steps: Literal[1, 2] = 1  # 2: "Continue" reveals the reason and the submit button
    shadow_fields: bool = False  # the two confirmation fields live in a shadow root
    # The submit button is a <div role="button"> (aria-disabled until a reason is chosen) and
    # the release checkbox a <div role="checkbox">.
    aria_widgets: bool = False

    @property
    def widgets(self) -> bool:
        """Whether the pages need ``widgets.js`` (load more, menus, steps, ARIA controls)."""
        return (
            self.orders_paging == "load-more"
            or self.menu == "disclosure"
            or self.form_steps == 2
            or self.shadow_fields
            or self.aria_widgets
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return asdict(self)


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("standard", "Reasons as radio buttons; Deactivate Account is a link."),
        Variant(
            "no-deactivate-control",
            "A changed site: Edit Member Profile has no Deactivate Account control.",
            entry="none",
        ),
        Variant(
            "select-dialog",
            "Reasons in a native <select>; Deactivate Account is a button opening a modal "
            "dialog with the form; a cookie banner on load; submit disabled until complete.",
            reasons="select",
            entry="dialog",
            cookie_banner="on-load",
            gated_submit=True,
        ),
        Variant(
            "listbox-late",
            "Reasons in a custom ARIA combobox/listbox; the form is rendered late by script; "
            "submit disabled until complete; a cookie banner at a random moment.",
            reasons="listbox",
            cookie_banner="any-moment",
            late_form=True,
            gated_submit=True,
        ),
        Variant(
            "listbox-dialog",
            "A custom listbox inside a modal dialog rendered late by script; a cookie banner "
            "at a random moment, over the dialog too.",
            reasons="listbox",
            entry="dialog",
            cookie_banner="any-moment",
            late_form=True,
        ),
        Variant(
            "reworded",
            "Other words from the vocabulary ('Log in', 'Account', 'Orders', 'Returns & refunds', "
            "'My Wallet', reasons and results reworded, 'Seller Centre'); a cookie overlay on "
            "load with 'Accept all' / 'Reject optional cookies'; the menu a plain list; orders "
            "as cards, ten at a time with 'Load more' in place, no total stated; '$17.89'.",
            cookie_banner="on-load",
            words=variant_words.REWORDED,
            cookie_reject=True,
            menu="list",
            orders_layout="cards",
            orders_paging="load-more",
            orders_per_page=10,
            orders_total=False,
            amounts="symbol",
            reason_values="shown",
        ),
        Variant(
            "numbered",
            "No landmark but <main>; 'Sign In'; a cookie overlay on load with 'Got it' / "
            "'Decline'; orders in one table, numbered page links only, 'Showing 1-20 of 1,050'; "
            "bare amounts with the currency stated once on the page.",
            cookie_banner="on-load",
            words=variant_words.NUMBERED,
            cookie_reject=True,
            landmarks=False,
            menu="list",
            orders_layout="table",
            orders_paging="numbered",
            amounts="bare",
            reason_values="shown",
        ),
        Variant(
            "stepwise",
            "Sign-in form in an iframe; Edit Member Profile in a closed <details>, disputes "
            "behind a menu button; a two-step deactivation form (fields in a shadow root, a "
            "role=button submit, a role=checkbox release); '<' / '>' paging, '137 orders'; a "
            "cookie overlay a moment after load with 'Allow all' / 'Reject all'.",
            cookie_banner="after-load",
            words=variant_words.STEPWISE,
            cookie_reject=True,
            menu="disclosure",
            orders_paging="arrows",
            reason_values="shown",
            sign_in="iframe",
            form_steps=2,
            shadow_fields=True,
            aria_widgets=True,
        ),
    )
}
SITE_VARIANTS = tuple(VARIANTS)
