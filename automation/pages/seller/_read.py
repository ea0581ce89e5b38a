"""Read what a seller-center page states: its tables, and its text outside them."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Locator

# Header cells, then one list of cell texts per body row (row header cells included).
_TABLE = """(table) => {
  const text = (e) => (e ? e.textContent : '').replace(/\\s+/g, ' ').trim();
  const rows = [...table.querySelectorAll('tr')];
  const headRow = table.querySelector('thead tr') || rows.find((r) => !r.querySelector('td'));
  const headers = headRow ? [...headRow.querySelectorAll('th,td')].map(text) : [];
  const body = rows.filter((r) => r !== headRow && r.closest('thead') === null)
    .map((r) => [...r.querySelectorAll('th,td')].map(text));
  return {caption: text(table.querySelector('caption')), headers, rows: body};
}"""

# The words of an area with its tables left out (where "N items" and such lines are).
_TEXT_BESIDE_TABLES = """(root) => {
  const copy = root.cloneNode(true);
  for (const t of copy.querySelectorAll('table')) t.remove();
  return (copy.innerText || copy.textContent || '').replace(/\\s+/g, ' ').trim();
}"""


async def read_table(table: Locator) -> dict[str, Any]:
    """A table's caption, header texts and body rows (lists of cell texts), in page order."""
    return await table.evaluate(_TABLE)


def rows_as_records(table: dict[str, Any], columns: dict[str, str]) -> list[dict[str, str | None]]:
    """The rows keyed by our field names (`columns`: field -> the page's header text)."""
    index = {h.casefold(): i for i, h in enumerate(table["headers"])}
    records = []
    for row in table["rows"]:
        record: dict[str, str | None] = {}
        for name, header in columns.items():
            at = index.get(header.casefold())
            record[name] = row[at] if at is not None and at < len(row) else None
        records.append(record)
    return records


async def text_beside_tables(area: Locator) -> str:
    """The visible words of `area` without its tables, spaces collapsed."""
    return await area.evaluate(_TEXT_BESIDE_TABLES)
