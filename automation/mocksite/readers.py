"""The readers of the fixture records: each checks one field of a JSON entry and returns it.

One set for every record of a persona: the buyer's orders, disputes, wallet and coupons
(`records`) and the seller's store, its orders, fines, products… (`stores`). A malformed field
raises :class:`RecordError` naming it, after the reader's ``where`` (``"store: 'price' …"``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

AMOUNT_RE = re.compile(r"\d+\.\d{2}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
ORDER_NUMBER_RE = re.compile(r"\d{16}")


class RecordError(ValueError):
    """A malformed record of a persona (order, dispute, wallet, coupon, fault or store entry)."""


@dataclass(frozen=True)
class Reader:
    """Reads the fields of fixture entries; ``where`` opens its error messages (``"store"``)."""

    where: str = ""

    def error(self, message: str) -> RecordError:
        """A :class:`RecordError` saying ``message`` where this reader reads."""
        return RecordError(f"{self.where}: {message}" if self.where else message)

    def text(self, entry: dict[str, Any], key: str, pattern: re.Pattern[str] | None = None) -> str:
        """``entry[key]`` as a string that is not blank, optionally matching ``pattern`` in full."""
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{key!r} must be a non-empty string, got {value!r}")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.error(f"{key!r} is malformed: {value!r}")
        return value

    def choice(self, entry: dict[str, Any], key: str, allowed: Collection[str]) -> str:
        """``entry[key]``, which must be one of ``allowed`` (a status, a currency, a type…)."""
        value = self.text(entry, key)
        if value not in allowed:
            raise self.error(f"{key!r} must be one of {', '.join(allowed)}, got {value!r}")
        return value

    def amount(self, entry: dict[str, Any], key: str) -> str:
        """``entry[key]`` as an amount with two decimals: ``"17.89"``."""
        return self.text(entry, key, AMOUNT_RE)

    def date(self, entry: dict[str, Any], key: str) -> str:
        """``entry[key]`` as a day: ``"2025-03-14"``."""
        return self.text(entry, key, DATE_RE)

    def timestamp(self, entry: dict[str, Any], key: str) -> str:
        """``entry[key]`` as a UTC instant: ``"2025-03-14T09:30:00Z"``."""
        return self.text(entry, key, TIMESTAMP_RE)

    def count(self, entry: dict[str, Any], key: str, minimum: int = 0) -> int:
        """``entry[key]`` as an integer of ``minimum`` (0 or 1) or more."""
        value = entry.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            wanted = "a positive integer" if minimum == 1 else f"an integer of {minimum} or more"
            raise self.error(f"{key!r} must be {wanted}, got {value!r}")
        return value

    def entries(self, entry: dict[str, Any], key: str) -> list[dict[str, Any]]:
        """``entry[key]`` as a list of objects (none when absent)."""
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(f"{key!r} must be a list of objects")
        return value

    def optional_object(self, entry: dict[str, Any], key: str) -> dict[str, Any] | None:
        """``entry[key]`` as an object, or None when absent."""
        value = entry.get(key)
        if value is not None and not isinstance(value, dict):
            raise self.error(f"{key!r} must be an object")
        return value
