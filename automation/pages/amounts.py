"""Amounts as people write them: "US $23.45", "$23.45", "23.45 USD", "USD 23.45", "1.234,50 €".

An amount is read into an exact decimal string and a currency code. The decimal separator
is the last "." or "," followed by one or two digits at the end; every other dot, comma,
apostrophe or space groups thousands. A symbol names its currency ("$" alone is the page's
stated dollar currency, else USD); an amount with no currency at all takes the currency the
page states, when it states one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Symbols and prefixes, longest first where one begins another.
SYMBOLS = {
    "US $": "USD",
    "US$": "USD",
    "CA $": "CAD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU $": "AUD",
    "AU$": "AUD",
    "A$": "AUD",
    "MX$": "MXN",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₽": "RUB",
    "руб.": "RUB",
    "руб": "RUB",
    "¥": "CNY",
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "zł": "PLN",
}
DOLLARS = {"USD", "CAD", "AUD", "MXN", "NZD", "SGD", "HKD"}
# Symbols written after the number ("12,00 €", "450 ₽"); "$" and the others come before it.
AFTER = ("€", "₽", "руб.", "руб", "zł", "£")
_CODES_TEXT = (
    "USD EUR GBP RUB BRL CAD AUD MXN CNY JPY KRW INR TRY PLN CHF SEK NOK DKK CZK HUF UAH "
    "KZT ILS AED SAR NZD SGD HKD ZAR CLP COP PEN ARS THB VND IDR MYR PHP BYN RON BGN"
)
CODES = _CODES_TEXT.split()
_SYMBOL = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_AFTER = "|".join(re.escape(s) for s in sorted(AFTER, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CODE = "|".join(CODES)
# Somewhere in a text: a currency before or after a number, or a number with cents.
AMOUNT = re.compile(
    rf"(?:(?P<pre>{_SYMBOL})\s?|(?<![A-Za-z])(?P<precode>{_CODE})\s?)?"
    rf"(?<![\d.,])(?P<number>{_NUMBER})(?![\d])"
    rf"(?:\s?(?P<post>{_AFTER})|\s?(?P<postcode>{_CODE})(?![A-Za-z]))?"
)
_GROUPING = re.compile(r"[\s'\u00a0\u202f]")


class AmountError(ValueError):
    """A text that is not an amount."""


@dataclass(frozen=True)
class Amount:
    """An exact decimal string ("1234.50") and its currency code (None when unknown)."""

    value: str
    currency: str | None


def decimal_string(number: str) -> str:
    """ "1,024.50", "1.024,50", "1 024,50" -> "1024.50"; `AmountError` otherwise."""
    digits = _GROUPING.sub("", number)
    decimal = re.fullmatch(r"([\d.,]*?)(?:[.,](\d{1,2}))?", digits)
    whole = re.sub(r"[.,]", "", decimal.group(1)) if decimal else ""
    if not decimal or not whole.isdigit():
        raise AmountError(f"{number!r} is not a number")
    cents = decimal.group(2)
    return f"{whole}.{cents}" if cents else whole


def _currency(found: re.Match[str], stated: str | None) -> str | None:
    code = found.group("precode") or found.group("postcode")
    if code:
        return code
    symbol = found.group("pre") or found.group("post")
    if symbol is None:
        return stated
    if symbol.strip() == "$" and stated in DOLLARS:
        return stated
    return SYMBOLS[symbol]


def parse_amount(text: str | None, stated: str | None = None) -> Amount:
    """The one amount `text` is ("US $23.45" -> 23.45 USD); `stated` is the currency the
    page states for amounts written without one. `AmountError` when `text` is not one."""
    clean = " ".join((text or "").split())
    found = AMOUNT.fullmatch(clean)
    if found is None:
        raise AmountError(f"{text!r} is not an amount")
    return Amount(decimal_string(found.group("number")), _currency(found, stated))


def amounts_in(text: str, stated: str | None = None) -> list[tuple[re.Match[str], Amount]]:
    """Every amount in a longer text: numbers with a currency, or with cents."""
    found = []
    for match in AMOUNT.finditer(text):
        has_currency = any(match.group(g) for g in ("pre", "precode", "post", "postcode"))
        has_cents = re.search(r"[.,]\d{2}$", match.group("number")) is not None
        if not (has_currency or has_cents):
            continue
        try:
            value = decimal_string(match.group("number"))
            found.append((match, Amount(value, _currency(match, stated))))
        except AmountError:
            continue
    return found
