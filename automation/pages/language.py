"""The language a page says it is in (`<html lang>`)."""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page


async def declared_language(page: Page) -> str | None:
    """The page's `lang` ("es", "pt-BR" …), or None when it declares none or is loading."""
    try:
        lang = await page.evaluate("() => document.documentElement.lang || null")
    except PlaywrightError:  # navigating: the next reading will tell
        return None
    return (lang.strip() or None) if isinstance(lang, str) else None
