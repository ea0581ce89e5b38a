"""Self-inspection: one entry per check, with its count (or amount) and a "View" link.

A check is found by its name's wordings at the start of a line (a heading, a table's row
header); what follows it, up to the next check, is its entry: a count, an amount, "Units in
stock: N". The page may be a page of its own or a dialog on Store Management.
"""

from __future__ import annotations

import re

from playwright.async_api import Locator, Page

from automation.pages.amounts import amounts_in
from automation.pages.find import Finder, look, name_pattern
from automation.pages.record_text import labelled_values
from automation.pages.words import Words, fold

HEADING = look("self_inspection", "heading")
VIEW = look("view", "link", "button")
CONTINUE = look("continue_to_application", "button", "link")
EXIT_SERVICE = look("exit_service", "link", "button")
KINDS = ("orders", "fines", "violations", "returns", "inventory", "funds")
# The lines of the region a dialog draws the inspection in, else of the main region (else the
# page), without the lines of menus inside it.
_REGION = """() => {
  const lines = (e) => (e.innerText || '').split('\\n').map((s) => s.replace(/\\s+/g, ' ').trim())
    .filter(Boolean);
  const open = [...document.querySelectorAll('dialog[open],[role=dialog]')]
    .filter((d) => d.getClientRects().length);
  const root = open[open.length - 1] || document.querySelector('main,[role=main]') || document.body;
  const own = lines(root);
  for (const menu of root.querySelectorAll('nav,[role=navigation]')) {
    for (const line of lines(menu)) {
      const at = own.indexOf(line);
      if (at >= 0) own.splice(at, 1);
    }
  }
  return own;
}"""
# Of the "View" controls, the one that shares the closest container with the label `target`.
_NEAREST = """(controls, target) => {
  const depth = (n) => { let d = 0; for (; n; n = n.parentElement) d++; return d; };
  let best = -1, score = -1;
  controls.forEach((c, i) => {
    let a = c;
    while (a && !a.contains(target)) a = a.parentElement;
    const d = a ? depth(a) : 0;
    if (d > score) { score = d; best = i; }
  });
  return best;
}"""


class SelfInspectionPage:
    """The list of checks that come before an exit service application."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words
        self.find = Finder(page, words)

    async def wait_until_shown(self) -> None:
        """Wait for the heading and the first check's name."""
        await self.find.find(HEADING)
        await self.find.find(look("check.orders", "text", match="starts"))

    async def shown_or_exit_service(self) -> str:
        """After coming back from a check: "inspection" when Self-inspection shows, "exit
        service" when the page offers "Exit service" instead (the inspection was a dialog
        that leaving closed)."""
        found = await self.find.find(HEADING, EXIT_SERVICE)
        return "inspection" if found.look is HEADING else "exit service"

    async def checks(self) -> dict[str, dict[str, str | None]]:
        """Per check (blocker kind): the name as the page words it, "count", "amount",
        "currency", "units"; a check the page lacks is left out."""
        lines = await self.page.evaluate(_REGION)
        starts = {kind: self._starts(kind, lines) for kind in KINDS}
        at = sorted((i, kind) for kind, (i, _) in starts.items() if i is not None)
        found: dict[str, dict[str, str | None]] = {}
        for position, (index, kind) in enumerate(at):
            end = at[position + 1][0] if position + 1 < len(at) else len(lines)
            name = starts[kind][1]
            first = lines[index][len(name) :].strip(" :\t") if name else ""
            segment = [first, *lines[index + 1 : end]] if first else lines[index + 1 : end]
            found[kind] = self._entry(name or kind, segment)
        return found

    def _starts(self, kind: str, lines: list[str]) -> tuple[int | None, str | None]:
        """The first line that begins with the check's name (its longest wording first)."""
        wordings = sorted(self.words[f"check.{kind}"], key=len, reverse=True)
        for wording in wordings:
            name = fold(wording)
            for index, line in enumerate(lines):
                folded = fold(line)
                if folded == name or (folded.startswith(name) and not folded[len(name)].isalnum()):
                    return index, line[: len(wording)]
        return None, None

    def _entry(self, name: str, segment: list[str]) -> dict[str, str | None]:
        text = " ".join(segment)
        labels = {
            "count": self.words["count_label"],
            "amount": self.words["amount_label"],
            "currency": self.words["currency_label"],
        }
        values, _ = labelled_values(segment, labels)
        money = amounts_in(text)
        if values["amount"] is None and money:
            values["amount"] = money[0][0].group("number")
            values["currency"] = values["currency"] or money[0][1].currency
        if values["count"] is None:
            rest = text
            for match, _ in money:
                rest = rest.replace(match.group(0), " ")
            number = re.search(r"(?<![\d.,])\d[\d,]*(?![\d.,]*\d)", rest)
            values["count"] = number.group(0) if number else None
        units = self.words.read("units_in_stock", text)
        return {"name": name, **values, "units": units["n"] if units else None}

    async def view(self, kind: str, name: str) -> None:
        """Follow the "View" control of the check called `name`."""
        label = self.page.get_by_text(name_pattern([name], "starts")).filter(visible=True).first
        views = self.find.locator(VIEW)
        index = await views.evaluate_all(_NEAREST, await label.element_handle())
        target: Locator = views.nth(max(index, 0))
        await target.click()

    async def continue_to_application(self) -> None:
        """Press "Continue to application"."""
        control = await self.find.find(CONTINUE)
        await control.locator.click()
