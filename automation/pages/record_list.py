"""A list page (My Orders, disputes, coupons): its records, what it states, and its paging.

However the site pages a list, `advance` moves it on the way a person would: "Load more"
(or "View more", "Show more"…) that appends in place, a Next link or button (a ">" arrow
named "Next page" included), or the next numbered page; None at the end. What the page
states is read with the vocabulary's sentence shapes: the total ("137 orders", "Showing
1-20 of 137"), the position ("Page 2 of 7"), the currency of bare amounts ("All amounts in
USD"), or the empty state ("You have no orders yet").
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, Response

from automation.pages.find import MAIN, ConceptMissing, Finder, Look, look, name_pattern
from automation.pages.records import READ_RECORDS, Record, RecordSpec, id_wordings, read_records
from automation.pages.words import Words, read_number, says_any

LOAD_MORE = look("load_more", "button", "link")
NEXT = look("next_page", "link", "button")
# Whether the list changed: more records than before ("more"), or other ones ("other").
_CHANGED = """([read, idsList, how, before]) => {
  const fn = (0, eval)(read);
  for (const ids of idsList) {
    const r = fn([null, ids]);
    if (r.mode === 'none') continue;
    return how === 'more' ? r.count > before : r.signature !== before;
  }
  return false;
}"""
_CURRENT_NUMBER = """() => {
  const marked = [...document.querySelectorAll('[aria-current]')]
    .filter((e) => e.getAttribute('aria-current') !== 'false')
    .map((e) => (e.innerText || '').trim()).find((t) => /^\\d+$/.test(t));
  return marked ? Number(marked) : null;
}"""


class PageFailed(Exception):
    """The next part of the list did not load (an HTTP error or no answer). `navigated`:
    the browser left the list's page for it (reload to try again)."""

    def __init__(self, reason: str, *, navigated: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.navigated = navigated


@dataclass
class ListPart:
    """What the list shows now."""

    records: list[Record] = field(default_factory=list)
    stated_total: int | None = None
    position: tuple[int, int] | None = None
    empty: str | None = None  # the empty-state wording the page shows
    currency: str | None = None  # the currency the page states for bare amounts
    signature: str = ""
    count: int = 0


class RecordList:
    """One list page of the site, read with `spec` (see `records`)."""

    def __init__(
        self,
        page: Page,
        words: Words,
        spec: RecordSpec,
        *,
        empty: str,
        total: str | None = None,
        finder: Finder | None = None,
    ) -> None:
        self.page = page
        self.words = words
        self.spec = spec
        self.empty = empty
        self.total = total
        self.finder = finder or Finder(page, words)

    def _shown(self) -> list[Look]:
        """What shows the list: a record's label or the empty state."""
        labels = [look(concept, "text", match="starts") for concept in self.spec.ids]
        return [*labels, look(self.empty, "text", match="contains")]

    async def nothing_read(self) -> ConceptMissing:
        """The error for a page that shows neither a record nor the empty state."""
        return await self.finder.missing(self._shown())

    async def read(self) -> ListPart:
        """The records the list shows and what the page states about it, once the page
        shows a record, a record's label or the empty state; `ConceptMissing` (exit 5) when
        it settles with none of them."""
        await self.finder.until_not_busy()
        part = await self._read_now()
        if part.records:  # labels mid-line are read, not looked for
            return part
        main = self.page.locator(MAIN)
        within = main.first if await main.count() else None  # not the menus around it
        if await self.finder.seek(*self._shown(), within=within) is not None:
            return await self._read_now()
        part = await self._read_now()
        if not part.records:
            raise await self.nothing_read()
        return part

    async def _read_now(self) -> ListPart:
        """The records shown now and what the page states about the list."""
        text = await self.page.evaluate(
            f"() => (document.querySelector('{MAIN}') || document.body).innerText"
        )
        currency = self.words.read("currency_statement", text)
        stated = currency["code"] if currency else None
        view = await read_records(self.page, self.words, self.spec, stated)
        part = ListPart(
            records=view.records,
            currency=stated,
            signature=view.signature,
            count=view.count,
        )
        if self.total:
            total = self.words.read(self.total, view.text)
            part.stated_total = read_number(total["total"]) if total else None
        position = self.words.read("page_position", view.text)
        if position:
            part.position = (int(position["page"]), int(position["pages"]))
        if not view.records:  # empty when it says so, states 0, or is a table with no rows
            part.empty = (
                says_any(view.text, self.words[self.empty])
                or ("a stated total of 0" if part.stated_total == 0 else None)
                or ("a table with no rows" if view.mode == "rows" else None)
            )
        return part

    async def advance(self, part: ListPart, pages_read: int) -> tuple[str, Response | None] | None:
        """Move the list on; how ("load more", "next", "page N") and the response of a
        page load, or None at the end. `PageFailed` when the next part does not load."""
        more = await self.finder.visible(LOAD_MORE)
        if more is not None and await _enabled(more.locator):
            await more.locator.click()
            await self._wait_changed("more", part.count)
            return "load more", None
        following = await self.finder.visible(NEXT)
        if following is not None and await _enabled(following.locator):
            return "next", await self._follow(following.locator, part)
        number = await self._next_number(part, pages_read)
        if number is not None:
            target, label = number
            return f"page {label}", await self._follow(target, part)
        return None

    async def reload(self) -> Response | None:
        """Load the same page again (after a part failed to load)."""
        return await self.page.reload(wait_until="domcontentloaded")

    async def _follow(self, control: Locator, part: ListPart) -> Response | None:
        """Follow a link to its target (one page load, its answer checked), or press a
        control and wait for the list to show other records."""
        href = await control.get_attribute("href")
        if href and not href.startswith(("#", "javascript:")):
            try:
                response = await self.page.goto(
                    urljoin(self.page.url, href), wait_until="domcontentloaded"
                )
            except PlaywrightError as exc:
                raise PageFailed(str(exc).splitlines()[0], navigated=True) from exc
            if response is not None and response.status >= 400:
                raise PageFailed(f"HTTP {response.status}", navigated=True)
            return response
        await control.click()
        await self._wait_changed("other", part.signature)
        return None

    async def _wait_changed(self, how: str, before: int | str) -> None:
        """Wait (the page's timeout) until the list shows more or other records."""
        ids = id_wordings(self.words, self.spec)
        for _ in range(3):  # a navigation destroys the page's context: wait on the new one
            try:
                await self.page.wait_for_function(
                    _CHANGED, arg=[READ_RECORDS, ids, how, before], polling=100
                )
                return
            except PlaywrightError as exc:
                if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                    raise PageFailed(
                        f"the list did not change ({str(exc).splitlines()[0]})"
                    ) from exc
                with contextlib.suppress(PlaywrightError):
                    await self.page.wait_for_load_state("domcontentloaded")
        raise PageFailed("the page kept navigating")

    async def _next_number(self, part: ListPart, pages_read: int) -> tuple[Locator, str] | None:
        """The link (or button) of the next numbered page, when the list has numbered pages."""
        current = await self.page.evaluate(_CURRENT_NUMBER)
        if current is None:
            current = part.position[0] if part.position else pages_read
        label = str(current + 1)
        exact = name_pattern([label])
        target = (
            self.page.get_by_role("link", name=exact)
            .or_(self.page.get_by_role("button", name=exact))
            .filter(visible=True)
        )
        if not await target.count():
            return None
        control = target.last  # pagers sit below the list
        return (control, label) if await _enabled(control) else None


async def _enabled(control: Locator) -> bool:
    try:
        return await control.is_enabled()
    except PlaywrightError:
        return False
