"""Whole-site markup variants of the mock: the same words, different HTML.

A variant is chosen, first match wins, by ``?variant=NAME`` (remembered in a cookie),
the ``mock_variant`` cookie, the run's variant (``POST /__mock__/variant``), the site's
default (``aliexit mock-site --variant NAME``), the signed-in persona's ``site_variant``,
else ``standard``. Server-side validation and CSRF are the same in every variant.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

VARIANT_COOKIE = "mock_variant"
CONSENT_COOKIE = "cookie_consent"


@dataclass(frozen=True)
class Variant:
    """How one variant marks up the buyer pages."""

    name: str
    description: str
    reasons: Literal["radio", "select", "listbox"] = "radio"
    # How "Deactivate Account" is offered: a link to the form's page, a button that opens a
    # modal <dialog> holding the form, or not at all (a changed site).
    entry: Literal["link", "dialog", "none"] = "link"
    # A cookie-consent overlay that blocks clicks: never, on every page load until accepted,
    # or at a random moment after a page loads.
    cookie_banner: Literal["none", "on-load", "any-moment"] = "none"
    late_form: bool = False  # the form is rendered by script a while after the page loads
    gated_submit: bool = False  # the submit button is disabled until the form is complete

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
    )
}
SITE_VARIANTS = tuple(VARIANTS)
