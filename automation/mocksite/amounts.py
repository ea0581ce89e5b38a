"""How the mock writes an amount of money, in each variant's style.

- ``code``: ``17.89 USD`` (the language's number format, then the currency code);
- ``symbol``: ``US $6.45`` for a unit price and ``$17.89`` otherwise; other currencies as
  ``EUR 17.89``;
- ``bare``: ``17.89``, the page stating the currency once (`currency_note`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .i18n import Translator


@dataclass(frozen=True)
class Money:
    """The amount writer of one request: ``money(value, currency, unit=False)``."""

    t: Translator
    style: str

    def __call__(self, value: str, currency: str, *, unit: bool = False) -> str:
        """``value`` (``"17.89"``) in ``currency``; ``unit`` for a price per item."""
        number = self.t.amount(value)
        if self.style == "bare":
            return number
        if self.style == "symbol":
            if currency == "USD":
                return ("US $" if unit else "$") + number
            return f"{currency} {number}"
        return f"{number} {currency}"

    def price_tag(self, value: str) -> str:
        """A shop window's price in US dollars: ``US $12.99`` (as written), or bare."""
        if self.style == "bare":
            return self.t.amount(value)
        if self.style == "symbol":
            return "US $" + self.t.amount(value)
        return f"US ${value}"

    def note(self, currencies: Iterable[str]) -> str | None:
        """With bare amounts, the sentence saying their currency; None otherwise.

        One currency: "All amounts in USD."; several: the amounts carry their currency
        beside them (the page shows a Currency column or fact), and the sentence says so.
        """
        if self.style != "bare":
            return None
        found = sorted(set(currencies))
        if not found:
            return None
        if len(found) == 1:
            return self.t("amounts.all_in", currency=found[0])
        return self.t("amounts.mixed")

    def per_record(self, currencies: Iterable[str]) -> bool:
        """Whether each record must state its own currency (bare amounts, several currencies)."""
        return self.style == "bare" and len(set(currencies)) > 1
