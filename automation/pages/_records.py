"""Read lists of records (orders, disputes, coupons) the way the page presents them.

A record is an `article` with a heading, label/value pairs (`dl`: `dt`/`dd`) and tables
(`table` with a caption and header cells). Only these HTML semantics are used, never a
site's ids or classes; the page's own labels are mapped to our field names by the caller.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import Locator, Page

# Shared by the readers below: an element's words, and the `dt`/`dd` pairs under a node.
_HELPERS = """
  const text = (e) => (e ? e.textContent : '').replace(/\\s+/g, ' ').trim();
  const pairs = (node) => {
    const fields = {};
    for (const dt of node.querySelectorAll('dt')) {
      let dd = dt.nextElementSibling;
      while (dd && dd.tagName !== 'DD') dd = dd.nextElementSibling;
      fields[text(dt)] = text(dd);
    }
    return fields;
  };
"""
_READ = (
    """(root) => {
  root = root || document.querySelector('main') || document.body;"""
    + _HELPERS
    + """
  return [...root.querySelectorAll('article')].map((article) => {
    const fields = pairs(article);
    const tables = [...article.querySelectorAll('table')].map((table) => {
      const headers = [...table.querySelectorAll('th')].map(text);
      const rows = [...table.querySelectorAll('tbody tr, tr')]
        .filter((tr) => tr.querySelector('td'))
        .map((tr) => [...tr.querySelectorAll('td')].map(text));
      return {caption: text(table.querySelector('caption')), headers, rows};
    });
    return {heading: text(article.querySelector('h1,h2,h3,h4')), fields, tables};
  });
}"""
)


_FIELDS = "(root) => {" + _HELPERS + "  return pairs(root);\n}"


async def read_fields(area: Locator) -> dict[str, str]:
    """Every label/value pair (`dt`/`dd`) inside `area`, by the page's own labels."""
    return await area.evaluate(_FIELDS)


async def read_records(area: Locator) -> list[dict[str, Any]]:
    """Every record inside `area` (usually the page's main region), in page order."""
    return await area.evaluate(_READ)


async def read_page(page: Page, next_words: str) -> dict[str, Any]:
    """In one round trip: the records of the page's main region, its text, and the link
    whose visible text is `next_words` (its href, or None when there is no such link)."""
    return await page.evaluate(
        """([read, nextWords]) => {
          const records = (0, eval)(read)(null);
          const main = document.querySelector('main') || document.body;
          const wanted = nextWords.trim().toLowerCase();
          const links = [...document.querySelectorAll('a')].filter(
            (a) => a.textContent.replace(/\\s+/g, ' ').trim().toLowerCase() === wanted);
          const next = links.length ? links[links.length - 1] : null;
          return {records, text: main.innerText,
                  next: next ? {href: next.getAttribute('href')} : null};
        }""",
        [_READ, next_words],
    )


def relabel(fields: dict[str, str], labels: dict[str, str]) -> dict[str, str | None]:
    """Map the page's labels to our field names; a label the page lacks gives None."""
    folded = {k.casefold(): v for k, v in fields.items()}
    return {name: folded.get(label.casefold()) for name, label in labels.items()}


# Each paragraph's words, but none for a paragraph that is only a link ("Back to …").
_PARAGRAPHS = """ps => ps.map(p => {
  const words = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const text = words(p.innerText);
  const links = words([...p.querySelectorAll('a')].map(a => a.innerText).join(' '));
  return text === links ? '' : text;
}).filter(Boolean)"""


async def main_paragraphs(page: Page) -> str:
    """The paragraphs of the page's main content as sentences on one line (menus, footers
    and link-only paragraphs left out); the main content's whole text when it has none."""
    main = page.get_by_role("main")
    where = main.first if await main.count() else page.locator("body")
    texts = await where.get_by_role("paragraph").evaluate_all(_PARAGRAPHS)
    if not texts:
        return " ".join((await where.inner_text()).split())
    return " ".join(t if t[-1] in ".!?:;…" else f"{t}." for t in texts)
