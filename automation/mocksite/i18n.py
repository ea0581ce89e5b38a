"""The mock's languages: its words live in ``fixtures/site/locales/<lang>.json``.

The language of a request is, first match wins: ``?lang=xx`` (remembered in a cookie),
the ``site_lang`` cookie, the signed-in persona's saved language, the browser's
``Accept-Language``, else English. Amounts are written the way each language writes them.
A site variant may reword English pages (see ``variants.Variant.words``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "es", "fr", "ru", "pt")
DEFAULT_LANGUAGE = "en"
LANG_COOKIE = "site_lang"


@cache
def load_locale(locales_dir: Path, lang: str) -> dict[str, Any]:
    """The words of one language, read once (English fills any key a language lacks)."""
    words = json.loads((locales_dir / f"{lang}.json").read_text(encoding="utf-8"))
    if lang != DEFAULT_LANGUAGE:
        return {**load_locale(locales_dir, DEFAULT_LANGUAGE), **words}
    return words


def supported(value: str | None) -> str | None:
    """``value``'s language if the mock speaks it (``pt-BR`` -> ``pt``), else None."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip().lower())[0]
    return primary if primary in LANGUAGES else None


def best_accepted(header: str | None) -> str | None:
    """The supported language the Accept-Language header prefers most, or None."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        found = re.search(r"q=([0-9.]+)", params)
        if found:
            try:
                quality = float(found.group(1))
            except ValueError:
                quality = 0.0
        lang = supported(tag)
        if lang and quality > 0:
            ranked.append((-quality, index, lang))
    return min(ranked)[2] if ranked else None


class Translator:
    """`t(key, **values)` and number formats for one language."""

    def __init__(
        self, locales_dir: Path, lang: str, english_overrides: Mapping[str, Any] | None = None
    ) -> None:
        self.lang = lang
        self.words = load_locale(locales_dir, lang)
        if english_overrides and lang == DEFAULT_LANGUAGE:
            self.words = {**self.words, **english_overrides}

    def has(self, key: str) -> bool:
        """Whether this language has words for ``key``."""
        return key in self.words

    def __call__(self, key: str, **values: Any) -> Any:
        """The words for ``key``, with ``{name}`` placeholders filled in."""
        text = self.words[key]
        return text.format(**values) if values and isinstance(text, str) else text

    def integer(self, value: int) -> str:
        """``1050`` -> ``1,050`` / ``1.050`` / ``1 050`` as the language groups digits."""
        return f"{value:,}".replace(",", self.words["number.group"])

    def amount(self, value: str) -> str:
        """``"1234.50"`` -> ``1234.50`` (en) / ``1.234,50`` (es) / ``1 234,50`` (ru)."""
        whole, _, cents = f"{Decimal(value):.2f}".partition(".")
        grouped = f"{int(whole):,}".replace(",", self.words["number.amount_group"])
        return grouped + self.words["number.decimal"] + cents
