"""Cookie-consent overlays: answered whenever one shows up, before the next action.

People who close their accounts care about privacy, so the banner's button that declines
optional cookies is preferred when it offers one; else its accept button is pressed. Only
buttons inside a part of the page that speaks of cookies count (so an unrelated "Accept" or
"Got it" is never pressed), in any language we know.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from playwright.async_api import Locator, Page

from automation.pages.find import name_pattern
from automation.pages.words import Words

# Containers a banner may be drawn in (any element with cookie words, the innermost first).
_CONTAINERS = (
    "div, section, aside, dialog, form, footer, [role=dialog], [role=alertdialog], [role=region]"
)

OnAnswer = Callable[[str, str], Awaitable[None] | None]  # (choice, the button's words)


def consent_buttons(page: Page, words: Words) -> tuple[Locator, Locator]:
    """The banner's decline and accept buttons (`words` should span every language)."""
    cookie_words = name_pattern(words["cookie_banner"], "contains")
    about_cookies = page.locator(_CONTAINERS, has_text=cookie_words)
    reject = about_cookies.get_by_role("button", name=name_pattern(words["cookie_reject"]))
    accept = about_cookies.get_by_role("button", name=name_pattern(words["cookie_accept"]))
    return reject.filter(visible=True), accept.filter(visible=True)


async def answer_cookie_banners(
    page: Page, words: Words, on_answer: OnAnswer | None = None
) -> None:
    """Have Playwright answer a cookie banner whenever one is visible and could block an
    action on `page`: decline optional cookies when it offers that, else accept. Register
    once per page."""
    reject, accept = consent_buttons(page, words)

    async def answer(_: Locator) -> None:
        if await reject.count():
            button, choice = reject.last, "rejected"
        else:
            button, choice = accept.last, "accepted"
        label = " ".join((await button.inner_text()).split()) or (
            await button.get_attribute("value") or ""
        )
        await button.click()
        if on_answer is not None:
            result = on_answer(choice, label)
            if result is not None:
                await result

    await page.add_locator_handler(reject.or_(accept).first, answer)
