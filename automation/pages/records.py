"""Lists of records (orders, disputes, coupons) read the way a person reads them.

A list is either a table whose header names the record's label ("Order ID" as a column),
cards: the largest parts of the page that each hold one such label ("Order No. 8190 …" on
a card, "Order number" as a `dt`), or list items that run a record's parts together on one
line, separated by "·", "•" or "|". A card is read as its visible lines (and any table in it);
`record_text` turns lines into fields. Only the page's words and HTML semantics are used,
never a site's ids or classes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Page

from automation.pages.record_text import (
    header_field,
    labelled_values,
    parse_items,
    status_key,
    status_line,
    table_items,
    unused_lines,
)
from automation.pages.words import Words, fold

# Reads every record of `root` (default: the main region) whose label is one of `ids`
# (folded words). Returns {mode: "rows"|"cards"|"none", rows|cards, text, count}.
READ_RECORDS = r"""(args) => {
  const [given, ids] = args;
  const root = given || document.querySelector('main,[role=main]') || document.body;
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const fold = (s) => norm(s).toLowerCase().replace(/\u2019/g, "'")
    .replace(/[:\uff1a]\s*$/, '').trim();
  const shown = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const lines = (e) => (e.innerText || '').split('\n').map(norm).filter(Boolean);
  const boundary = (t, w) => t === w
    || (t.startsWith(w) && !/[\p{L}\p{N}]/u.test(t.charAt(w.length)));
  const startsWithId = (t) => ids.some((w) => boundary(t, w));
  const cellsOf = (row) => [...row.children].filter((c) =>
    c.matches('td,th,[role=cell],[role=gridcell],[role=columnheader],[role=rowheader]'));
  const tableOf = (table) => {
    const rows = [...table.querySelectorAll('tr,[role=row]')].filter((r) =>
      r.closest('table,[role=table],[role=grid]') === table && shown(r));
    const head = rows.find((r) => cellsOf(r).some((c) => c.matches('th,[role=columnheader]'))
      && !cellsOf(r).some((c) => c.matches('td,[role=cell],[role=gridcell]')));
    const headers = head ? cellsOf(head).map((c) => norm(c.innerText)) : [];
    const body = rows.filter((r) => r !== head).map((r) => cellsOf(r).map(lines));
    const caption = table.querySelector('caption');
    return {caption: caption ? norm(caption.innerText) : '', headers, rows: body};
  };
  const text = (root.innerText || '');
  const tables = [...root.querySelectorAll('table,[role=table],[role=grid]')].filter(shown);
  const rows = [];
  for (const table of tables) {
    const read = tableOf(table);
    if (read.headers.some((h) => ids.includes(fold(h)))) rows.push(read);
  }
  if (rows.length) {
    const first = rows[0].rows[0] || [];
    return {mode: 'rows', rows, text, count: rows.reduce((n, t) => n + t.rows.length, 0),
            signature: JSON.stringify(first.map((c) => c[0] || ''))};
  }
  const labels = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let e = walker.nextNode(); e; e = walker.nextNode()) {
    if (!startsWithId(fold(e.textContent)) || !shown(e)) continue;
    if ([...e.children].some((c) => startsWithId(fold(c.textContent)) && shown(c))) continue;
    labels.push(e);
  }
  const stops = 'h1,[role=heading][aria-level="1"],nav,[role=navigation],[role=tablist],' +
    '[role=search],form';
  const cards = [];
  for (const label of labels) {
    let card = label;
    while (card.parentElement && card.parentElement !== root) {
      const parent = card.parentElement;
      if (labels.some((l) => l !== label && parent.contains(l))) break;
      if ([...parent.querySelectorAll(stops)].some((s) => !card.contains(s))) break;
      card = parent;
    }
    if (cards.some((c) => c.node === card)) continue;
    const inner = [...card.querySelectorAll('table,[role=table]')].filter(shown).map(tableOf);
    let own = lines(card);
    for (const table of card.querySelectorAll('table,[role=table]')) {
      for (const line of lines(table)) {
        const at = own.indexOf(line);
        if (at >= 0) own.splice(at, 1);
      }
    }
    const links = [...card.querySelectorAll('a[href]')].map((a) => norm(a.innerText))
      .filter(Boolean);
    cards.push({node: card, lines: own, tables: inner, links});
  }
  if (!cards.length) {
    // List items that run a record's parts together on one line ("Title · 5% off · valid
    // until 31 Jan · Unused"): each item one record, its parts as lines.
    const parts = (e) => lines(e).flatMap((l) => l.split(/\s+[\u00b7\u2022|]\s+/))
      .map(norm).filter(Boolean);
    const items = [...root.querySelectorAll('li,[role=listitem]')].filter((li) => shown(li)
      && !li.closest('nav,[role=navigation]') && !li.querySelector('li,[role=listitem]'));
    for (const item of items) {
      const own = parts(item);
      if (!own.some((p) => startsWithId(fold(p)))) continue;
      const links = [...item.querySelectorAll('a[href]')].map((a) => norm(a.innerText))
        .filter(Boolean);
      cards.push({node: item, lines: own, tables: [], links});
    }
  }
  return {mode: cards.length ? 'cards' : 'none', cards: cards.map(({node, ...rest}) => rest),
          text, count: cards.length,
          signature: cards.length ? JSON.stringify(cards[0].lines.slice(0, 3)) : ''};
}"""
MAIN_LINES = r"""() => {
  const lines = (e) => (e.innerText || '').split('\n').map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const root = document.querySelector('main,[role=main]') || document.body;
  const own = lines(root);
  for (const menu of root.querySelectorAll('nav,[role=navigation]')) {
    for (const line of lines(menu)) {
      const at = own.indexOf(line);
      if (at >= 0) own.splice(at, 1);
    }
  }
  return own;
}"""


STATUS = "__status"  # the key of a record's status label among its labels
ITEMS = "__items"  # the key of an order's items column


@dataclass(frozen=True)
class RecordSpec:
    """How a kind of record reads: the label that starts each one, its fields (our field ->
    concept), the family of its statuses, and whether it lists items (orders)."""

    ids: tuple[str, ...]  # concepts of the label that starts a record, tried in order
    fields: Mapping[str, str]
    status_family: str | None = None
    status_label: str | None = None
    items: str | None = None  # concept of the items label / column


@dataclass
class Record:
    """One record: our fields as the page words them, its status key, items, and lines."""

    fields: dict[str, str | None] = field(default_factory=dict)
    heading: str | None = None  # the record's first line (a card's title)
    id_concept: str | None = None  # the concept of the label that started it
    cells: dict[str, str] = field(default_factory=dict)  # a table row: header -> its text
    status: str | None = None
    status_label: str | None = None
    items: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@dataclass
class RecordsView:
    """Every record the page shows now, how they are laid out, and the page's text."""

    records: list[Record]
    mode: str
    text: str
    count: int = 0
    signature: str = ""


def _labels(words: Words, spec: RecordSpec, id_concept: str) -> dict[str, Sequence[str]]:
    labels: dict[str, Sequence[str]] = {"id": words[id_concept]}
    labels.update(
        {name: words[concept] for name, concept in spec.fields.items() if concept != id_concept}
    )
    if spec.status_label:
        labels[STATUS] = words[spec.status_label]
    return labels


def _item_columns(words: Words) -> dict[str, Sequence[str]]:
    return {
        "name": words["item_name"],
        "quantity": words["item_quantity"],
        "unit_price": words["item_unit_price"],
    }


def _from_row(
    headers: list[str], cells: list[list[str]], labels: dict[str, Sequence[str]],
    statuses: dict[str, Sequence[str]], items_words: Sequence[str] | None, stated: str | None,
) -> Record:  # fmt: skip
    columns = header_field(headers, {**labels, **({ITEMS: items_words} if items_words else {})})
    text = {name: " ".join(cells[i]) if i < len(cells) else None for name, i in columns.items()}
    record = Record(fields={k: v for k, v in text.items() if k not in (ITEMS, STATUS)})
    record.lines = [line for cell in cells for line in cell]
    record.heading = record.lines[0] if record.lines else None
    record.cells = {h: " ".join(c) for h, c in zip(headers, cells, strict=False) if h}
    label = text.get(STATUS)
    if label is None:
        _, label, _ = status_line(record.lines, statuses, set())
    record.status, record.status_label = status_key(label, statuses), label
    if items_words and ITEMS in columns and columns[ITEMS] < len(cells):
        record.items = parse_items(cells[columns[ITEMS]], stated)
    return record


def _from_card(
    card: dict[str, Any], labels: dict[str, Sequence[str]], statuses: dict[str, Sequence[str]],
    item_columns: dict[str, Sequence[str]] | None, stated: str | None,
) -> Record:  # fmt: skip
    lines = card["lines"]
    values, used = labelled_values(lines, labels, starts_with="id")
    record = Record(fields={k: v for k, v in values.items() if k != STATUS}, lines=lines)
    record.links = card["links"]
    record.heading = lines[0] if lines else None
    label = values.get(STATUS)
    if label is None and statuses:
        _, label, at = status_line(lines, statuses, used)
        if at is not None:
            used.add(at)
    record.status, record.status_label = status_key(label, statuses), label
    if item_columns is not None:
        for table in card["tables"]:
            record.items += table_items(table, item_columns, stated)
        if not record.items:
            record.items = parse_items(unused_lines(lines, used), stated)
    return record


async def read_records(
    page: Page, words: Words, spec: RecordSpec, stated: str | None = None
) -> RecordsView:
    """Every record of `spec` the page's main region shows, in page order."""
    for id_concept in spec.ids:
        ids = [fold(w) for w in words[id_concept]]
        raw = await page.evaluate(READ_RECORDS, [None, ids])
        if raw["mode"] != "none":
            break
    labels = _labels(words, spec, id_concept)
    statuses = dict(words.keyed(spec.status_family)) if spec.status_family else {}
    items_words = words[spec.items] if spec.items else None
    records = []
    if raw["mode"] == "rows":
        for table in raw["rows"]:
            for cells in table["rows"]:
                records.append(
                    _from_row(table["headers"], cells, labels, statuses, items_words, stated)
                )
    elif raw["mode"] == "cards":
        columns = _item_columns(words) if spec.items else None
        records = [_from_card(c, labels, statuses, columns, stated) for c in raw["cards"]]
    kept = [r for r in records if r.fields.get("id")]
    for record in kept:  # a field read by the record's own label
        record.id_concept = id_concept
        for name, concept in spec.fields.items():
            if concept == id_concept:
                record.fields[name] = record.fields["id"]
    return RecordsView(kept, raw["mode"], raw["text"], raw["count"], raw.get("signature", ""))


def id_wordings(words: Words, spec: RecordSpec) -> list[list[str]]:
    """The folded wordings of each label that may start a record, in order (for `READ_RECORDS`
    run in the page, as by `wait_for_function`)."""
    return [[fold(w) for w in words[concept]] for concept in spec.ids]


async def main_lines(page: Page) -> list[str]:
    """The visible lines of the page's main region (the whole page when it has none), its
    menus left out."""
    return await page.evaluate(MAIN_LINES)
