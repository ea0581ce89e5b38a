"""Find a concept on a page by its wordings: role and accessible name, label, or visible text.

A `Look` says what to look for: a concept (its wordings come from `Words`), the roles it
may have ("link", "button", "field", "checkbox", "heading", "text", …) and how a wording
must match (the whole name, its start, or anywhere in it). `Finder.find` waits for it in
every frame of the page (open shadow roots included), opens a collapsed menu, a closed
`<details>` or a hover menu that hides it, and once the page has settled (loaded, network
idle, nothing `aria-busy`, then a short grace) fails fast with `ConceptMissing`: the
concept, the wordings tried and what the page offers instead.
Which wording matched is kept for the step's notes (`watch_wordings`).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.errors import SiteUnexpected
from automation.pages.words import Words, fold
from automation.pages.words.concepts import CONCEPTS

Match = Literal["exact", "starts", "contains", "loose", "ends"]
Scope = Page | Frame | Locator

# How long a concept gets before the page is asked whether it has settled, and after.
QUICK_MS = 1_500
GRACE_MS = 1_000
SETTLE_MS = 4_000
LISTED = 8  # wordings and offers named in a sentence before "…"
_NOT_BUSY = "() => !document.querySelector('[aria-busy=true]')"
MAIN = "main, [role=main]"  # the page's main region, where a page has one
# An element's name as its page gives it, cheaply (the accessible name's usual sources).
_QUICK_NAME = """(e) => {
  const text = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const root = e.getRootNode();
  const by = (e.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map((id) => root.getElementById ? root.getElementById(id) : null).filter(Boolean);
  if (by.length) return text(by.map((n) => n.innerText || n.textContent).join(' '));
  if (e.getAttribute('aria-label')) return text(e.getAttribute('aria-label'));
  if (e.labels && e.labels.length) return text([...e.labels].map((l) => l.innerText).join(' '));
  if (e.matches('input[type=submit],input[type=button],input[type=reset]')) return text(e.value);
  return text(e.innerText || e.textContent || e.getAttribute('placeholder'));
}"""
# How many elements show, and the first `limit` of their names (their text, for a text look).
_SHOWN_NAMES = f"""(els, [limit, textOnly]) => {{
  const quick = {_QUICK_NAME};
  const text = (e) => (e.innerText || '').replace(/\\s+/g, ' ').trim();
  return [els.length, els.slice(0, limit).map((e) => textOnly ? text(e) : quick(e))];
}}"""
# A line of an accessibility snapshot naming a role and its name (YAML may quote the line).
_OFFER = re.compile(
    r"^\s*- \'?(heading|button|link|textbox|searchbox|combobox|checkbox|radio|switch|tab|"
    r'menuitem|spinbutton|slider) "((?:[^"\\]|\\.)*)"'
)
_GROUPS = {
    "headings": ("heading",),
    "buttons": ("button", "menuitem", "tab", "switch"),
    "links": ("link",),
    "fields": ("textbox", "searchbox", "combobox", "checkbox", "radio", "spinbutton", "slider"),
}
# Of the controls that say they are collapsed, the one that opens the part holding `target`.
_EXPANDER = """(controls, target) => {
  let best = -1, score = -1;
  controls.forEach((c, i) => {
    const ids = (c.getAttribute('aria-controls') || '').split(/\\s+/).filter(Boolean);
    const named = ids.some((id) => { const e = document.getElementById(id);
                                     return e && e.contains(target); });
    const near = c.parentElement && c.parentElement.contains(target) && !c.contains(target);
    if (!named && !near) return;
    let depth = named ? 1000 : 0;
    for (let n = c; n; n = n.parentElement) depth++;
    if (depth > score) { score = depth; best = i; }
  });
  return best;
}"""

_SEEN: ContextVar[dict[str, str] | None] = ContextVar("aliexit_wordings_seen", default=None)


@dataclass(frozen=True)
class Look:
    """What to look for: a concept with the roles it may have and how its wordings match."""

    concept: str
    roles: tuple[str, ...]
    match: Match = "exact"

    def __post_init__(self) -> None:
        if self.concept not in CONCEPTS:
            raise KeyError(f"unknown concept {self.concept!r}")


def look(concept: str, *roles: str, match: Match = "exact") -> Look:
    """`Look(concept, roles, match)`; roles default to a link or a button."""
    return Look(concept, roles or ("link", "button"), match)


@dataclass(frozen=True)
class Found:
    """Where a concept was found, and which of its wordings the page uses."""

    look: Look
    locator: Locator
    wording: str | None
    scope: Scope  # the page, frame or part it was found in (look for its neighbours there)


class ConceptMissing(SiteUnexpected):
    """A concept the flow needs is not on the page once it has settled (exit 5)."""

    def __init__(self, sentence: str, concepts: list[str], offers: dict[str, list[str]]) -> None:
        super().__init__(sentence)
        self.concepts = concepts
        self.offers = offers


@contextlib.contextmanager
def watch_wordings() -> Iterator[dict[str, str]]:
    """Collect, while entered, which wording each concept was found by."""
    seen: dict[str, str] = {}
    token = _SEEN.set(seen)
    try:
        yield seen
    finally:
        _SEEN.reset(token)


def wording_regex(wording: str) -> str:
    """`wording` as a pattern: any spacing, either apostrophe; safe inside a selector."""
    tokens = [re.escape(t).replace("'", "['\u2019]").replace("/", r"\/") for t in wording.split()]
    return r"\s+".join(tokens)


def _gone(exc: PlaywrightError) -> bool:
    """Whether `exc` says the frame or page went away (navigating), not a real error."""
    text = str(exc)
    return any(s in text for s in ("detached", "destroyed", "navigat", "closed", "crashed"))


def name_pattern(wordings: Sequence[str], match: Match = "exact") -> re.Pattern[str]:
    """A case-insensitive pattern for names or texts that are (`exact`), begin with
    (`starts`) or contain (`contains`) one of `wordings`; `loose`: are a one-word wording
    or contain a longer one as whole words; `ends`: end with one, as a word ("Hi, Ann
    Account"). A trailing colon is allowed."""
    ordered = sorted(set(wordings), key=len, reverse=True)
    choices = "|".join(wording_regex(w) for w in ordered) or r"(?!)"
    if match == "ends":
        source = rf"(?:^|[\s,:;·|])(?:{choices})\s*[:\uff1a]?\s*$"
    elif match == "loose":
        longer = "|".join(wording_regex(w) for w in ordered if len(w.split()) > 1) or r"(?!)"
        source = rf"^\s*(?:{choices})\s*[:\uff1a]?\s*$|(?<![\w])(?:{longer})(?![\w])"
    elif match == "exact":
        source = rf"^\s*(?:{choices})\s*[:\uff1a]?\s*$"
    elif match == "starts":
        source = rf"^\s*(?:{choices})"
    else:
        source = rf"(?:{choices})"
    return re.compile(source, re.IGNORECASE)


def _by_role(scope: Scope, role: str, pattern: re.Pattern[str], hidden: bool) -> Locator:
    if role == "field":
        by_label = scope.get_by_label(pattern)
        by_role = scope.get_by_role("textbox", name=pattern, include_hidden=hidden)
        return by_label.or_(by_role).or_(scope.get_by_placeholder(pattern))
    if role == "text":
        return scope.get_by_text(pattern)
    return scope.get_by_role(role, name=pattern, include_hidden=hidden)  # type: ignore[arg-type]


def _name_of(snapshot: str) -> str | None:
    found = re.search(r'^\s*- \'?[\w-]+ "((?:[^"\\]|\\.)*)"', snapshot, re.MULTILINE)
    return found.group(1).replace("''", "'") if found else None


class Finder:
    """Looks for concepts on one page, in the words of `words`."""

    def __init__(
        self,
        page: Page,
        words: Words,
        *,
        quick_ms: float = QUICK_MS,
        grace_ms: float = GRACE_MS,
        settle_ms: float = SETTLE_MS,
    ) -> None:
        self.page = page
        self.words = words
        self.quick_ms = quick_ms
        self.grace_ms = grace_ms
        self.settle_ms = settle_ms

    def pattern(self, look: Look) -> re.Pattern[str]:
        """The pattern a name or text must match to be `look`."""
        return name_pattern(self.words[look.concept], look.match)

    def locator(self, look: Look, within: Scope | None = None, *, hidden: bool = False) -> Locator:
        """Every element of `within` (default: the page's main frame) that is `look`."""
        scope = within if within is not None else self.page
        pattern = self.pattern(look)
        found: Locator | None = None
        for role in look.roles:
            one = _by_role(scope, role, pattern, hidden)
            found = one if found is None else found.or_(one)
        assert found is not None, "a Look needs at least one role"
        return found if hidden else found.filter(visible=True)

    def _any(self, looks: Sequence[Look], within: Scope | None) -> Locator:
        combined: Locator | None = None
        for item in looks:
            one = self.locator(item, within)
            combined = one if combined is None else combined.or_(one)
        assert combined is not None, "find() needs at least one Look"
        return combined

    async def visible(self, *looks: Look, within: Scope | None = None) -> Found | None:
        """The first of `looks` shown right now (no waiting), or None."""
        scopes: list[Scope] = [within] if within is not None else self._frames()
        for scope in scopes:
            for item in looks:
                candidate = self.locator(item, scope)
                try:  # how many show, and the names of the first few, in one round trip
                    count, names = await candidate.evaluate_all(
                        _SHOWN_NAMES, [LISTED, item.roles == ("text",)]
                    )
                except PlaywrightError as exc:
                    if not _gone(exc):
                        raise
                    continue  # a frame navigating away: not there
                if count:
                    at = self._best(item, names)
                    element = candidate.nth(at) if count > 1 else candidate.first
                    return await self._found(item, element, scope, names[at])
        return None

    def _best(self, item: Look, names: Sequence[str]) -> int:
        """Of several matches (their `names`), the one named by the earliest wording (the
        user's own first, then the language's usual one); the first in page order among
        equals."""
        wordings = self.words[item.concept]
        ranked = []
        for index, name in enumerate(names):
            wording = self._matching(item, name)
            ranked.append(
                (wordings.index(wording) if wording in wordings else len(wordings), index)
            )
        return min(ranked)[1]

    async def find(self, *looks: Look, within: Scope | None = None) -> Found:
        """The first of `looks` the page shows, waiting for a late one; `ConceptMissing`
        once the page has settled without any."""
        found = await self.seek(*looks, within=within)
        if found is None:
            raise await self.missing(looks)
        return found

    async def prefer(self, wanted: Sequence[Look], fallback: Look) -> Found:
        """The first of `wanted` the page shows, else `fallback` (what leads to them: a tab,
        a menu group, a settings page) when it shows and none of `wanted` hides behind
        something to open; waits for either, `ConceptMissing` once settled without both."""
        found = await self.find(*wanted, fallback)
        if found.look is fallback and await self._reveal(wanted, None):
            found = await self.visible(*wanted) or found
        return found

    async def seek(
        self, *looks: Look, within: Scope | None = None, settle: bool = True
    ) -> Found | None:
        """The first of `looks` the page shows, waiting for a late one (and, with `settle`,
        until the page has settled); None when none shows."""
        combined = self._any(looks, within)
        with contextlib.suppress(PlaywrightTimeoutError):
            await combined.first.wait_for(state="visible", timeout=self.quick_ms)
        found = await self.visible(*looks, within=within)
        if found is None and await self._reveal(looks, within):
            found = await self.visible(*looks, within=within)
        if found is None and settle:
            await self.settle()
            with contextlib.suppress(PlaywrightTimeoutError):
                await combined.first.wait_for(state="visible", timeout=self.grace_ms)
            found = await self.visible(*looks, within=within)
        return found

    async def settle(self) -> None:
        """Wait (each at most `settle_ms`) for the page to load, its network to go idle and
        nothing on it to say it is busy."""
        waits = (
            self.page.wait_for_load_state("load", timeout=self.settle_ms),
            self.page.wait_for_load_state("networkidle", timeout=self.settle_ms),
        )
        for wait in waits:
            with contextlib.suppress(PlaywrightError):
                await wait
        await self.until_not_busy()

    async def until_not_busy(self) -> None:
        """Wait (at most `settle_ms`) until nothing on the page says it is busy (a list
        drawn late shows "Loading…" in an `aria-busy` region first)."""
        with contextlib.suppress(PlaywrightError):
            await self.page.wait_for_function(_NOT_BUSY, timeout=self.settle_ms)

    async def missing(self, looks: Sequence[Look]) -> ConceptMissing:
        """The error saying that none of `looks` is on the page, and what it offers."""
        offers = await page_offers(self.page)
        wanted = []
        for item in looks:
            wordings = self.words[item.concept]
            shown = ", ".join(f'"{w}"' for w in wordings[:LISTED])
            more = f" and {len(wordings) - LISTED} more" if len(wordings) > LISTED else ""
            wanted.append(f"{CONCEPTS[item.concept]} ({shown}{more})")
        concepts = [item.concept for item in looks]
        sentence = (
            f"The page ({self.page.url}) shows no {' or '.join(wanted)}; it offers "
            f"{describe_offers(offers)}. If the site words it another way, add the wording "
            f"to a --words file ({', '.join(concepts)}); see the screenshot in the bundle."
        )
        return ConceptMissing(sentence, concepts, offers)

    def _frames(self) -> list[Scope]:
        main = self.page.main_frame
        return [self.page, *(f for f in self.page.frames if f is not main)]

    async def _found(self, item: Look, element: Locator, scope: Scope, name: str) -> Found:
        wording = await self._wording(item, element, name)
        seen = _SEEN.get()
        if seen is not None:
            seen[item.concept] = wording or "?"
        return Found(item, element, wording, scope)

    async def _wording(self, item: Look, element: Locator, name: str) -> str | None:
        """Which of the concept's wordings `element` is named (or labelled) by: read from
        its `name` (label, ARIA attributes or text) first, from its accessible name if none
        fits."""
        found = self._matching(item, name)
        if found is None and item.roles != ("text",):
            try:
                name = _name_of(await element.aria_snapshot()) or await element.inner_text()
            except PlaywrightError:
                return None
            found = self._matching(item, name)
        return found

    def _matching(self, item: Look, name: str) -> str | None:
        for wording in self.words[item.concept]:
            if name_pattern([wording], item.match).search(name):
                return wording
        return next((w for w in self.words[item.concept] if fold(w) in fold(name)), None)

    async def _reveal(self, looks: Sequence[Look], within: Scope | None) -> bool:
        """Open what hides a match: a closed `<details>`, a collapsed control (aria-expanded
        false) that holds it, else hover the nearest visible part (menus that open on
        hover). Whether anything was done."""
        scope = within if within is not None else self.page
        for item in looks:
            hidden = self.locator(item, scope, hidden=True)
            try:
                if not await hidden.count():
                    continue
                target = hidden.first
                summary = target.locator("xpath=ancestor::details[not(@open)][1]/summary")
                if await summary.count():
                    await summary.first.click()
                    return True
                controls = scope.locator("[aria-expanded=false]")
                handle = await target.element_handle(timeout=self.quick_ms)
                index = await controls.evaluate_all(_EXPANDER, handle) if handle else -1
                if index >= 0:
                    await controls.nth(index).click()
                    return True
                for level in range(1, 6):
                    ancestor = target.locator(f"xpath=ancestor::*[{level}]")
                    if await ancestor.is_visible():
                        await ancestor.hover()
                        return True
            except PlaywrightError:
                continue
        return False


NOT_BLANK = re.compile(r"\S")


async def first_visible(
    locators: Sequence[Locator], timeout: float | None = None, state: str = "visible"
) -> int:
    """Wait until one of `locators` (which may live in different frames) is visible (or in
    another `state`); its index. Playwright's own error when none is within `timeout` ms."""
    tasks = [
        asyncio.ensure_future(loc.first.wait_for(timeout=timeout, state=state))  # type: ignore[arg-type]
        for loc in locators
    ]
    try:
        pending = set(tasks)
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task.exception() is None:
                    return tasks.index(task)
        raise next(t.exception() for t in tasks if t.exception() is not None)  # type: ignore[misc]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def page_offers(page: Page) -> dict[str, list[str]]:
    """The visible headings, buttons, links and fields of the page's main region and open
    dialogs, in every frame (from the accessibility snapshot)."""
    offers: dict[str, list[str]] = {group: [] for group in _GROUPS}
    for frame in page.frames:
        with contextlib.suppress(PlaywrightError):
            main = frame.get_by_role("main")
            roots = [main.first] if await main.count() else [frame.locator("body")]
            dialogs = frame.get_by_role("dialog").or_(frame.get_by_role("alertdialog"))
            roots += [d for d in await dialogs.all() if await d.is_visible()]
            for root in roots:
                for line in (await root.aria_snapshot()).splitlines():
                    found = _OFFER.match(line)
                    if not found:
                        continue
                    role, name = found.group(1), found.group(2).replace("''", "'")
                    group = next(g for g, roles in _GROUPS.items() if role in roles)
                    if name and name not in offers[group]:
                        offers[group].append(name)
    return offers


def describe_offers(offers: dict[str, list[str]]) -> str:
    """'headings "A", "B"; buttons "C"; …' or "nothing a person could use"."""
    parts = []
    for group, names in offers.items():
        if names:
            shown = ", ".join(f'"{n}"' for n in names[:LISTED])
            more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
            parts.append(f"{group} {shown}{more}")
    return "; ".join(parts) or "nothing a person could use (no heading, button, link or field)"
