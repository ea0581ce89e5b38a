"""Cookie-consent overlays: dismissed whenever one shows up, before the next action."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from playwright.async_api import Locator, Page

from automation.pages._match import any_of
from automation.pages.words import all_words


async def dismiss_cookie_banners(
    page: Page, on_dismiss: Callable[[], Awaitable[None] | None] | None = None
) -> None:
    """Have Playwright press "Accept cookies" (in any language we know) whenever a banner
    with that button is visible and could block an action on `page`. Register once per page.
    """
    accept = page.get_by_role("button", name=any_of(w.accept_cookies for w in all_words()))

    async def press(button: Locator) -> None:
        await button.first.click()
        if on_dismiss is not None:
            result = on_dismiss()
            if result is not None:
                await result

    await page.add_locator_handler(accept.first, press)
