"""Self-inspection: one entry per check, with its count (or amount) and a "View" link."""

from __future__ import annotations

import re

from playwright.async_api import Locator, Page

from automation.pages._match import exact
from automation.pages.words import SellerWords, same_words

# Every check as {name, fields, text}: an <article> (heading, dt/dd pairs), or a table row
# (first cell is the name, the others keyed by the column headers).
_CHECKS = """(root) => {
  const text = (e) => (e ? e.textContent : '').replace(/\\s+/g, ' ').trim();
  const found = [];
  for (const article of root.querySelectorAll('article')) {
    const fields = {};
    for (const dt of article.querySelectorAll('dt')) {
      let dd = dt.nextElementSibling;
      while (dd && dd.tagName !== 'DD') dd = dd.nextElementSibling;
      fields[text(dt)] = text(dd);
    }
    found.push({name: text(article.querySelector('h1,h2,h3,h4,h5,h6')), fields,
                text: text(article)});
  }
  if (found.length) return found;
  for (const table of root.querySelectorAll('table')) {
    const head = table.querySelector('thead tr') || table.querySelector('tr');
    const headers = [...head.querySelectorAll('th,td')].map(text);
    for (const row of table.querySelectorAll('tr')) {
      if (row === head || row.closest('thead')) continue;
      const cells = [...row.querySelectorAll('th,td')].map(text);
      const fields = {};
      headers.forEach((h, i) => { if (i > 0) fields[h] = cells[i] || ''; });
      found.push({name: cells[0] || '', fields, text: text(row)});
    }
  }
  return found;
}"""


class SelfInspectionPage:
    """The list of checks that come before an exit service application."""

    def __init__(self, page: Page, words: SellerWords) -> None:
        self.page = page
        self.words = words
        self.heading = page.get_by_role("heading", name=exact(words.self_inspection), level=1).first
        self.continue_button = page.get_by_role(
            "button", name=exact(words.continue_to_application)
        ).first

    async def wait_until_shown(self) -> None:
        """Wait for the page's heading."""
        await self.heading.wait_for()

    async def checks(self) -> dict[str, dict[str, str | None]]:
        """Per check name as the page words it: "count", "amount", "currency", "units"."""
        main = self.page.get_by_role("main").first
        await main.get_by_role("link", name=exact(self.words.view)).first.wait_for()
        raw = await main.evaluate(_CHECKS)
        found: dict[str, dict[str, str | None]] = {}
        for check in raw:
            fields = {k.casefold(): v for k, v in check["fields"].items()}
            units = re.search(self.words.units_in_stock, check["text"], re.IGNORECASE)
            found[check["name"]] = {
                "count": fields.get(self.words.count_label.casefold()),
                "amount": fields.get(self.words.amount_label.casefold()),
                "currency": fields.get(self.words.currency_label.casefold()),
                "units": units.group(1) if units else None,
            }
        return found

    def entry(self, name: str) -> Locator:
        """The article (or table row) of the check called `name`."""
        main = self.page.get_by_role("main").first
        article = main.get_by_role("article").filter(
            has=self.page.get_by_role("heading", name=exact(name))
        )
        row = main.get_by_role("row").filter(has=self.page.get_by_text(exact(name)))
        return article.or_(row).first

    async def view(self, name: str) -> None:
        """Follow the "View" link of the check called `name`."""
        await self.entry(name).get_by_role("link", name=exact(self.words.view)).click()

    async def continue_to_application(self) -> None:
        """Press "Continue to application"."""
        await self.continue_button.click()

    @staticmethod
    def lookup(checks: dict[str, dict[str, str | None]], name: str) -> dict[str, str | None]:
        """The entry of `checks` for `name`, however the page spaces or cases it."""
        return next((v for k, v in checks.items() if same_words(k, name)), {})
