"""Which language's words to use: `--locale`, else each page's declared `lang`.

`--locale` sets the browser's language (so the site answers in it) and the words to start
with. Whatever the flag, a page that declares a language we know is read with that
language's words, detected again after each page change: a signed-in account may have
saved another language than the browser's, and the site then switches to it.
"""

from __future__ import annotations

import re

from playwright.async_api import Page

from automation.errors import UsageError
from automation.log import get_logger
from automation.pages.language import declared_language
from automation.pages.words import (
    DEFAULT_VOCABULARY,
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    Vocabulary,
    Words,
    language_of,
)

_LOCALE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def supported_list() -> str:
    """ "en (English), es (Spanish), …" for messages."""
    return ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in SUPPORTED_LANGUAGES)


def check_locale(locale: str | None) -> None:
    """Refuse a --locale aliexit has no words for (`UsageError`, listing the supported ones)."""
    if locale is None:
        return
    if not _LOCALE.match(locale.strip()) or language_of(locale) is None:
        raise UsageError(
            f'The locale "{locale}" is not supported; rerun with --locale set to one of: '
            f"{supported_list()} (a region may follow, as in es-ES or pt-BR)."
        )


def browser_locale(locale: str | None) -> str:
    """The browser context's locale for --locale ("pt_BR" -> "pt-BR"); en-US without one."""
    return locale.strip().replace("_", "-") if locale else "en-US"


class SiteLanguage:
    """The words for the page in front of us, re-detected whenever the flow asks."""

    def __init__(self, locale: str | None, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> None:
        self.locale = locale
        self.vocabulary = vocabulary
        self.words: Words = vocabulary.words(locale or "en")
        self.anywhere: Words = vocabulary.any_language()
        self.seen: list[str] = []  # every language detected, in order

    async def detect(self, page: Page) -> Words:
        """The words of the language `page` declares, if we know it; else the current ones."""
        lang = language_of(await declared_language(page))
        if lang is not None and lang != self.words.lang:
            get_logger().info(
                "page language", lang=lang, previous=self.words.lang, locale=self.locale
            )
            self.words = self.vocabulary.words(lang)
        if not self.seen or self.seen[-1] != self.words.lang:
            self.seen.append(self.words.lang)
        return self.words
