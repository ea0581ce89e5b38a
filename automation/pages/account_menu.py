"""The menu of every My AliExpress page: its links, followed by their visible names."""

from __future__ import annotations

import contextlib

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from automation.pages.find import Finder, look
from automation.pages.words import Words

# Where a link leads, when it leads to another document (not "#…" or a script).
_TARGET = """a => (a.href && !a.getAttribute('href').startsWith('#')
  && !a.href.startsWith('javascript:')) ? a.href : null"""


class AccountMenu:
    """Follow a menu link (a concept such as "my_orders") and wait for its page."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.find = Finder(page, words)

    async def open(self, concept: str) -> str | None:
        """Follow the link of `concept` and wait for the page's heading (any wording of the
        same concept: the menu may say "My Orders" and the page "Orders"). Returns the
        heading's wording."""
        link = await self.find.find(look(concept, "link"))
        before = self.page.url
        target = await link.locator.evaluate(_TARGET)
        await link.locator.click()
        if target and target != before:
            with contextlib.suppress(PlaywrightError):
                await self.page.wait_for_url(lambda url: url != before)
        main = self.page.get_by_role("main")
        within = main.first if await main.count() else None
        heading = await self.find.find(look(concept, "heading"), within=within)
        return heading.wording
