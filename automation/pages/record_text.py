"""Read a record's facts out of its visible lines, the way a person reads a card.

A card of an order (or a dispute, a coupon) shows label/value pairs in many shapes: "Order
ID: 8190 …" on one line, "Order number" above "8190 …", a status badge with no label, items
as "Title Qty: 2 × US $2.15", "Title (2 × 3.80 USD)", "Title x2 $3.80" or "US $12.34x1". These
functions take the lines (and tables) the page shows and the concept wordings, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from automation.pages.amounts import amounts_in
from automation.pages.find import wording_regex
from automation.pages.words import fold, same_words

_QUANTITY = (
    re.compile(
        r"\b(?:qty|quantity|menge|cantidad|quantité|количество|quantidade)\s*[:.]?\s*(\d+)", re.I
    ),
    re.compile(r"(?<![\w.,])[x×]\s?(\d+)\b", re.I),
    re.compile(r"(?<![\w.,])(\d+)\s?[x×](?![\w])", re.I),
)
_SEPARATORS = " \t-–—·|:,;"


def _label_match(line: str, wording: str, title: bool = False) -> str | None:
    """The rest of `line` after the label `wording` ("" when the line is the label), or None
    when `line` does not begin with it. On a record's first line (`title`), a one-word label
    must be followed by a colon: "Store coupon - Sunrise" is a title, not a store."""
    found = re.match(
        rf"^\s*{wording_regex(wording)}(\s*[:\uff1a#№]\s*|\s+|$)(.*)$", line, re.I | re.S
    )
    if not found:
        return None
    loose = found.group(1).isspace() and found.group(2)
    if title and loose and len(wording.split()) == 1:
        return None
    return found.group(2).strip()


def labelled_values(
    lines: Sequence[str], labels: Mapping[str, Sequence[str]], starts_with: str | None = None
) -> tuple[dict[str, str | None], set[int]]:
    """Each label's value in `lines` (our field -> its wordings), and which lines were used.

    A value is the rest of the label's line, or the next line when the label stands alone.
    Longer wordings are tried first ("Order total" before "Total"); a line is used once.
    `starts_with`: the field whose label begins the record ("Dispute 5012…"), which may
    open its first line without a colon.
    """
    wanted = sorted(
        ((field, w) for field, wordings in labels.items() for w in wordings),
        key=lambda pair: len(pair[1]),
        reverse=True,
    )
    values: dict[str, str | None] = {field: None for field in labels}
    used: set[int] = set()
    for field, wording in wanted:
        if values[field] is not None:
            continue
        for index, line in enumerate(lines):
            if index in used:
                continue
            rest = _label_match(line, wording, title=index == 0 and field != starts_with)
            if rest is None:
                continue
            if rest:
                values[field], taken = rest, {index}
            elif index + 1 < len(lines) and index + 1 not in used:
                values[field], taken = lines[index + 1].strip(), {index, index + 1}
            else:
                continue
            used |= taken
            break
    return values, used


def status_line(
    lines: Sequence[str], statuses: Mapping[str, Sequence[str]], skip: set[int]
) -> tuple[str | None, str | None, int | None]:
    """The status a card shows as a line of its own (a badge with no label): its key, its
    words, and the line's index; (None, None, None) when no line is a status."""
    for index, line in enumerate(lines):
        if index in skip:
            continue
        for key, wordings in statuses.items():
            if any(same_words(line, w) for w in wordings):
                return key, line.strip(), index
    return None, None, None


def status_key(text: str | None, statuses: Mapping[str, Sequence[str]]) -> str | None:
    """The key of a status label ("Finished" -> "completed"), or None when unknown."""
    for key, wordings in statuses.items():
        if any(same_words(text, w) for w in wordings):
            return key
    return None


def _quantity(text: str) -> tuple[int | None, str]:
    for pattern in _QUANTITY:
        found = pattern.search(text)
        if found:
            return int(found.group(1)), text[: found.start()] + " " + text[found.end() :]
    return None, text


def _name(text: str) -> str:
    text = re.sub(r"\(\s*\)|\[\s*\]|(?:^|\s)[x×*](?=\s|$)", " ", text)
    return " ".join(text.split()).strip(_SEPARATORS)


def parse_items(lines: Sequence[str], stated: str | None = None) -> list[dict[str, Any]]:
    """The items of an order from the lines that describe them.

    Each item has a name and a unit price and/or quantity, on one line or spread over
    consecutive lines ("Title" then "x2" then "$3.80"). A line with neither (a variant or
    SKU line) belongs to the item above it. Lines before any name are ignored.
    """
    items: list[dict[str, Any]] = []
    current: dict[str, Any] = {}

    def close() -> None:
        if current.get("name") and ("unit_price" in current or "quantity" in current):
            items.append({
                "name": current["name"],
                "quantity": current.get("quantity"),
                "unit_price": current.get("unit_price"),
                "currency": current.get("currency"),
                **({"variant": current["variant"]} if current.get("variant") else {}),
            })  # fmt: skip
        current.clear()

    for line in lines:
        rest = line
        prices = amounts_in(rest, stated)
        price = prices[0][1] if prices else None
        if prices:
            match = prices[0][0]
            rest = rest[: match.start()] + " " + rest[match.end() :]
        quantity, rest = _quantity(rest)
        name = _name(rest)
        complete = "unit_price" in current or "quantity" in current
        if name and complete and (current.get("name") or price is not None):
            close()
        if name:
            if not current.get("name"):
                current["name"] = name
            elif price is None and quantity is None:
                current["variant"] = name
        if quantity is not None:
            if "quantity" in current:
                close()
            current["quantity"] = quantity
        if price is not None:
            if "unit_price" in current:
                close()
            current["unit_price"], current["currency"] = price.value, price.currency
    close()
    return items


def table_items(
    table: Mapping[str, Any], columns: Mapping[str, Sequence[str]], stated: str | None = None
) -> list[dict[str, Any]]:
    """Items from a table whose headers name the columns (our field -> wordings)."""
    index = {}
    for field, wordings in columns.items():
        for position, header in enumerate(table["headers"]):
            if any(same_words(header, w) for w in wordings):
                index.setdefault(field, position)
    if "name" not in index:
        return []
    items = []
    for row in table["rows"]:
        texts = [" ".join(c) if isinstance(c, list) else c for c in row]
        cell = {f: (texts[i] if i < len(texts) else "") for f, i in index.items()}
        quantity = re.sub(r"\D", "", cell.get("quantity") or "")
        price = amounts_in(cell.get("unit_price") or "", stated)
        items.append({
            "name": cell["name"],
            "quantity": int(quantity) if quantity else None,
            "unit_price": price[0][1].value if price else None,
            "currency": price[0][1].currency if price else None,
        })  # fmt: skip
    return items


def unused_lines(lines: Sequence[str], used: set[int]) -> list[str]:
    """The lines no label or status took."""
    return [line for index, line in enumerate(lines) if index not in used]


def header_field(headers: Sequence[str], labels: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Which column holds each field (our field -> index), by the headers' words."""
    found: dict[str, int] = {}
    ordered = sorted(
        ((field, w) for field, wordings in labels.items() for w in wordings),
        key=lambda pair: len(pair[1]),
        reverse=True,
    )
    taken: set[int] = set()
    for field, wording in ordered:
        if field in found:
            continue
        for position, header in enumerate(headers):
            if position not in taken and fold(header) == fold(wording):
                found[field] = position
                taken.add(position)
                break
    return found
