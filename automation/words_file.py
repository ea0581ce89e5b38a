"""A user's `--words FILE`: more wordings for any concept, without touching code.

The file is TOML, one table per language mapping concept names to lists of wordings:

    [en]
    submit_deactivation = ["Deactivate now"]
    "reason.privacy" = ["My privacy"]      # or, as a table: [en.reason] privacy = [...]

Its wordings are tried before the built-in ones. A file that cannot be read, is not TOML,
or names an unknown language or concept is refused (`UsageError`, exit 2) naming the line
or key.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from automation.errors import UsageError
from automation.pages.words import SUPPORTED_LANGUAGES, compile_template
from automation.pages.words.concepts import CONCEPTS, TEMPLATES


@dataclass(frozen=True)
class WordsFile:
    """What a `--words` file adds, per language, and the file's identity for the record."""

    path: Path
    sha256: str
    additions: dict[str, dict[str, list[str]]]

    def evidence(self) -> dict[str, Any]:
        """What the manifest records about it."""
        return {
            "path": str(self.path),
            "sha256": self.sha256,
            "concepts": sorted({c for table in self.additions.values() for c in table}),
        }


def _line_of(text: str, key: str) -> str:
    """ " (line N)" of the line that names `key` (as a key or a table), or ""."""
    last = re.escape(key.rsplit(".", 1)[-1])
    named = rf'^\s*(?:"{re.escape(key)}"|{last}|"{last}")\s*=|^\s*\[\s*{re.escape(key)}\s*\]'
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(named, line):
            return f" (line {number})"
    return ""


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def load_words_file(path: Path) -> WordsFile:
    """Read and check a `--words` file; `UsageError` naming what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"Cannot read --words {path} ({exc.strerror or exc}); give a readable TOML file."
        ) from None
    try:
        text = data.decode("utf-8")
        parsed = tomllib.loads(text)
    except UnicodeDecodeError:
        raise UsageError(f"--words {path} is not UTF-8 text; save it as UTF-8 TOML.") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"--words {path} is not valid TOML ({exc}); write one table per language, such "
            'as [en] with lines like submit_deactivation = ["Deactivate now"].'
        ) from None
    additions: dict[str, dict[str, list[str]]] = {}
    for lang, table in parsed.items():
        if lang not in SUPPORTED_LANGUAGES:
            raise UsageError(
                f"--words {path}: [{lang}]{_line_of(text, lang)} is not a language aliexit "
                f"reads; use one of {', '.join(SUPPORTED_LANGUAGES)}."
            )
        if not isinstance(table, dict):
            raise UsageError(
                f"--words {path}: {lang}{_line_of(text, lang)} must be a table ([{lang}]) of "
                "concepts and their wordings."
            )
        for concept, value in _flatten(table).items():
            where = f"[{lang}] {concept}{_line_of(text, concept)}"
            if concept not in CONCEPTS:
                close = difflib.get_close_matches(concept, CONCEPTS, n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                raise UsageError(
                    f"--words {path}: {where} is not a concept aliexit knows{hint}; "
                    "`aliexit words` lists them."
                )
            wordings = [value] if isinstance(value, str) else value
            if (
                not isinstance(wordings, list)
                or not wordings
                or not all(isinstance(w, str) and w.strip() for w in wordings)
            ):
                raise UsageError(
                    f"--words {path}: {where} must be a list of wordings, such as "
                    f'{concept} = ["…"].'
                )
            if concept in TEMPLATES:
                for wording in wordings:
                    try:
                        compile_template(wording)
                    except KeyError as exc:
                        raise UsageError(
                            f"--words {path}: {where} uses the unknown placeholder "
                            f"{{{exc.args[0]}}}; use {{total}}, {{from}}, {{to}}, {{page}}, "
                            "{pages}, {n} or {code}."
                        ) from None
            additions.setdefault(lang, {})[concept] = [w.strip() for w in wordings]
    return WordsFile(path, hashlib.sha256(data).hexdigest(), additions)
