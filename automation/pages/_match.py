"""Case-insensitive text patterns for Playwright's role, label and text locators."""

import re


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
