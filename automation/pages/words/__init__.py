"""The site's visible words: every concept's wordings, one module per language.

Page objects find elements only through these words (by role, label and text), so a
reworded button is a wording added to a list (in `<lang>.py`, or a user's `--words FILE`),
never a code change. `Vocabulary` holds every language plus the user's additions;
`Words` is the view of one language that pages use.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
from functools import cache

from automation.pages.words.concepts import CONCEPTS, TEMPLATES

Wordings = tuple[str, ...]
SUPPORTED_LANGUAGES = ("en", "es", "fr", "ru", "pt")
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ru": "Russian",
    "pt": "Portuguese",
}
# What a placeholder of a template reads: a whole number, its thousands grouped or not.
_NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})+|\d+)(?![.,]?\d)"
_PLACEHOLDERS = {
    "total": _NUMBER,
    "from": _NUMBER,
    "to": _NUMBER,
    "n": _NUMBER,
    "page": r"\d+",
    "pages": r"\d+",
    "code": r"[A-Z]{3}",
}


def fold(text: str | None) -> str:
    """`text` as a person compares words: any case, any spacing, either apostrophe, no
    trailing colon."""
    folded = " ".join((text or "").split()).casefold().replace("\u2019", "'")
    return folded.rstrip(":\uff1a").rstrip()


def same_words(text: str | None, words: str) -> bool:
    """Whether `text` is `words` as a person reads them: any case, any spacing."""
    return fold(text) == fold(words)


def says(text: str | None, fragment: str) -> bool:
    """Whether `text` contains `fragment`, any case, any spacing."""
    return fold(fragment) in fold(text)


def says_any(text: str | None, fragments: Sequence[str]) -> str | None:
    """The first of `fragments` that `text` contains, or None."""
    return next((f for f in fragments if says(text, f)), None)


def language_of(locale: str | None) -> str | None:
    """The supported language of a locale or `lang` value ("pt-BR" -> "pt"), or None."""
    primary = re.split(r"[-_]", (locale or "").strip().lower())[0]
    return primary if primary in SUPPORTED_LANGUAGES else None


@cache
def compile_template(template: str) -> re.Pattern[str]:
    """A sentence shape ("Showing {from}-{to} of {total}") as a case-insensitive pattern
    whose named groups read the placeholders; dashes and spaces match any dash or spacing."""
    out = []
    for part in re.split(r"(\{\w+\})", template):
        placeholder = re.fullmatch(r"\{(\w+)\}", part)
        if placeholder:
            name = placeholder.group(1)
            out.append(f"(?P<{name}>{_PLACEHOLDERS[name]})")
            continue
        for piece in re.split(r"(\s+|[-\u2013\u2014])", part):
            if not piece:
                continue
            if piece.isspace():
                out.append(r"[^\S\n]+")  # spaces, not a line break: one sentence
            elif piece in "-\u2013\u2014":
                out.append(r"[^\S\n]*[-\u2013\u2014][^\S\n]*")
            else:
                out.append(re.escape(piece))
    return re.compile(r"(?<!\w)" + "".join(out) + r"(?!\w)", re.IGNORECASE)


def read_number(text: str) -> int:
    """ "1,050", "1.050", "1 050" -> 1050."""
    return int(re.sub(r"\D", "", text))


def _dedupe(*lists: Sequence[str]) -> Wordings:
    seen: set[str] = set()
    out: list[str] = []
    for wording in (w for words in lists for w in words):
        if fold(wording) not in seen:
            seen.add(fold(wording))
            out.append(wording)
    return tuple(out)


@cache
def _builtin(lang: str) -> Mapping[str, Sequence[str]]:
    return importlib.import_module(f"automation.pages.words.{lang}").VOCABULARY


class Words:
    """The wordings of every concept for pages in one language.

    A concept's wordings are, in order: the user's additions for this language, this
    language's own, then English's (sites mix languages; English is tried last).
    """

    def __init__(self, lang: str, extra: Mapping[str, Sequence[str]] | None = None) -> None:
        self.lang = lang
        self._extra = extra or {}
        self._cache: dict[str, Wordings] = {}

    def __getitem__(self, concept: str) -> Wordings:
        if concept not in CONCEPTS:
            raise KeyError(f"unknown concept {concept!r}")
        if concept not in self._cache:
            english = _builtin("en").get(concept, ()) if self.lang != "en" else ()
            own = _builtin(self.lang).get(concept, ())
            self._cache[concept] = _dedupe(self._extra.get(concept, ()), own, english)
        return self._cache[concept]

    def name(self, concept: str) -> str:
        """How this language usually words `concept` (for sentences people read)."""
        own = _builtin(self.lang).get(concept) or _builtin("en").get(concept) or ()
        return own[0] if own else self[concept][0]

    def keyed(self, family: str) -> dict[str, Wordings]:
        """Every key of a family of concepts with its wordings: `keyed("reason")` ->
        {"not-using": (...), "privacy": (...), …} in the registry's order."""
        prefix = f"{family}."
        return {c[len(prefix) :]: self[c] for c in CONCEPTS if c.startswith(prefix)}

    def key_of(self, family: str, text: str | None) -> str | None:
        """The key of `family` that `text` is a wording of ("Finished" -> "completed")."""
        for key, wordings in self.keyed(family).items():
            if any(same_words(text, w) for w in wordings):
                return key
        return None

    def templates(self, concept: str) -> list[re.Pattern[str]]:
        """The concept's sentence shapes as patterns, in order of preference."""
        if concept not in TEMPLATES:
            raise KeyError(f"{concept!r} is not a template concept")
        return [compile_template(t) for t in self[concept]]

    def read(self, concept: str, text: str) -> dict[str, str] | None:
        """What the first matching sentence shape of `concept` reads in `text`, or None."""
        for pattern in self.templates(concept):
            found = pattern.search(text)
            if found:
                return found.groupdict()
        return None


class Vocabulary:
    """Every supported language's words, plus a user's additions (`--words FILE`)."""

    def __init__(self, extra: Mapping[str, Mapping[str, Sequence[str]]] | None = None) -> None:
        self.extra = {lang: dict(concepts) for lang, concepts in (extra or {}).items()}
        self._words: dict[str, Words] = {}

    def words(self, lang: str | None = "en") -> Words:
        """The words of one language ("es", "es-ES", "pt_BR" …); English for one we do not
        know."""
        code = language_of(lang) or "en"
        if code not in self._words:
            self._words[code] = Words(code, self.extra.get(code))
        return self._words[code]

    def all(self) -> list[Words]:
        """Every supported language's words, English first."""
        return [self.words(lang) for lang in SUPPORTED_LANGUAGES]

    def everywhere(self, concept: str) -> Wordings:
        """A concept's wordings in every language (for words a page may show in any)."""
        return _dedupe(*(w[concept] for w in self.all()))

    def keyed_everywhere(self, family: str) -> dict[str, Wordings]:
        """Every key of a family with its wordings in every language."""
        keys = self.words("en").keyed(family)
        return {key: self.everywhere(f"{family}.{key}") for key in keys}

    def any_language(self) -> Words:
        """Words that try every language's wordings (for a page that may switch language,
        as the site does once signed in with an account's saved language)."""
        return _AnyLanguage(self)


class _AnyLanguage(Words):
    def __init__(self, vocabulary: Vocabulary) -> None:
        super().__init__("en")
        self._vocabulary = vocabulary

    def __getitem__(self, concept: str) -> Wordings:
        if concept not in self._cache:
            self._cache[concept] = self._vocabulary.everywhere(concept)
        return self._cache[concept]


DEFAULT_VOCABULARY = Vocabulary()


def words_for(lang: str | None = "en") -> Words:
    """The built-in words of one language (no user additions)."""
    return DEFAULT_VOCABULARY.words(lang)


def all_words() -> list[Words]:
    """The built-in words of every supported language, English first."""
    return DEFAULT_VOCABULARY.all()
