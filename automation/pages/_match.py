"""Case-insensitive text patterns for Playwright's role, label and text locators."""

import re
from collections.abc import Iterable


def exact(text: str) -> re.Pattern[str]:
    """The whole accessible name or label is `text`, ignoring case and outer spaces."""
    return re.compile(rf"^\s*{re.escape(text)}\s*$", re.IGNORECASE)


def starts(text: str) -> re.Pattern[str]:
    """The name or label begins with `text`, ignoring case."""
    return re.compile(rf"^\s*{re.escape(text)}", re.IGNORECASE)


def contains(text: str) -> re.Pattern[str]:
    """`text` appears anywhere, ignoring case."""
    return re.compile(re.escape(text), re.IGNORECASE)


NOT_BLANK = re.compile(r"\S")


def any_of(texts: Iterable[str]) -> re.Pattern[str]:
    """The whole name is any one of `texts` (e.g. one word in every language we know)."""
    choices = "|".join(re.escape(t) for t in sorted(set(texts), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{choices})\s*$", re.IGNORECASE)


def contains_any(texts: Iterable[str]) -> re.Pattern[str]:
    """Any one of `texts` appears anywhere, ignoring case."""
    choices = "|".join(re.escape(t) for t in sorted(set(texts), key=len, reverse=True))
    return re.compile(choices, re.IGNORECASE)
