"""Which offered option answers a single-choice question (a reason to leave, to close a store).

The person asks for an answer by its key ("privacy"), by any wording of it in any language
we know ("I no longer use AliExpress"), or by the page's own text; last, the option that
shares the most meaningful words with what was asked wins, when exactly one does. Anything
else is a `UsageError` (exit 2) listing what the page offers and the keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from automation.errors import UsageError
from automation.pages.words import same_words

# Words that say nothing about which answer is meant, in the languages we read.
_STOPWORDS_TEXT = (
    "i a an the to of or and with my me no not for on in at is are am it this that these "
    "don't dont do does any anymore more another by from be been "
    "el la los las un una de del y o con mi por para en es ya otra otro "
    "le les une des du et ou avec mon ma mes ne pas pour sur dans je plus autre "
    "и в на с не я мой моя по для от к у за о больше другой другую "
    "os as um uma do da com meu minha não em mais outra"
)
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_SUFFIXES = ("ing", "ed", "es", "s", "e")


@dataclass(frozen=True)
class Pick:
    """The option chosen, the key it answers (when known), and how it was matched."""

    text: str
    key: str | None
    how: str  # "key", "wording", "text" or "shared words"


def _stem(token: str) -> str:
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 2:
            return token[: -len(suffix)]
    return token


def meaningful(text: str) -> set[str]:
    """The words of `text` that tell one answer from another, stemmed roughly."""
    tokens = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.casefold().replace("\u2019", "'"))
    return {_stem(t) for t in tokens if t not in _STOPWORDS}


def _key_of(option: str, keyed: Mapping[str, Sequence[str]]) -> str | None:
    return next((k for k, ws in keyed.items() if any(same_words(option, w) for w in ws)), None)


def pick_option(
    requested: str | None,
    offered: Sequence[str],
    keyed: Mapping[str, Sequence[str]],
    default_key: str,
    *,
    flag: str = "--reason",
    question: str = "reason",
) -> Pick:
    """The offered option that answers `requested` (default: `default_key`). `keyed`: each
    answer's wordings in every language."""
    wanted = (requested if requested is not None else default_key).strip()
    key = wanted.lower() if wanted.lower() in keyed else _key_of(wanted, keyed)
    how = "key" if key is not None and wanted.lower() == key else "wording"
    if key is not None:
        for option in offered:
            if any(same_words(option, w) for w in keyed[key]):
                return Pick(option, key, how)
    for option in offered:
        if same_words(option, wanted):
            return Pick(option, _key_of(option, keyed), "text")
    asked = [wanted, *(keyed[key] if key else ())]
    scores = [max(len(meaningful(a) & meaningful(option)) for a in asked) for option in offered]
    best = max(scores, default=0)
    if best > 0 and scores.count(best) == 1:
        option = offered[scores.index(best)]
        return Pick(option, _key_of(option, keyed) or key, "shared words")
    listed = ", ".join(f'"{o}"' for o in offered) or "none"
    keys = ", ".join(keyed)
    problem = (
        f"matches several offered {question}s equally well"
        if best > 0
        else "is not offered by the page"
    )
    raise UsageError(
        f'The {question} "{wanted}" {problem}; rerun with {flag} set to a key ({keys}) or '
        f"to one of the offered {question}s: {listed}."
    )
