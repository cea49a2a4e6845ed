"""Which part of a mention is about which brand: "Free c'est top, Orange c'est nul".

The text is cut into clauses (sentence punctuation, commas, `mais`, `alors que`, …). A
brand owns the clause where it is named and the following clauses up to the next brand;
clauses before the first brand go to that first brand. A clause that compares two brands
("Free est bien mieux qu'Orange", "je préfère Free à Orange") belongs to both, but the
compared one reads it the other way round. When one brand is not named in the text (its
query matched a synonym) or all brands share one clause without comparing them, the
mention's own sentiment is theirs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

CLAUSE_PUNCT = frozenset({".", "!", "?", ";", ",", ":", "…", "...", "!!", "?!", "!!!", "\n"})
CLAUSE_WORDS = frozenset({"mais", "tandis", "contrairement", "alors", "cependant", "pourtant", "revanche", "contre",
                          "quant", "sinon", "vs", "versus"})
COMPARATIVES = frozenset({"mieux", "meilleur", "meilleure", "meilleurs", "meilleures", "pire", "pires", "plus", "moins"})
THAN = frozenset({"que", "qu'", "qu’", "qu"})
PREFER = re.compile(r"^prefer")  # préfère, préférer, préféré… (folded)
_HANDLE_TAIL = re.compile(r"[_\-.]?(sav|fr|france|officiel|off|help|support|service|client|care|info|news)$")


@lru_cache(maxsize=65_536)  # bounded: a stream of new words must not grow it forever
def fold(text: str) -> str:
    """Lower-case without accents, for matching brand names."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def clause_bounds(words: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) token ranges of the clauses; separators belong to the clause they close."""
    bounds, start = [], 0
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in CLAUSE_WORDS and i > start:
            bounds.append((start, i))
            start = i
        elif lw in CLAUSE_PUNCT or "\n" in w:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(words):
        bounds.append((start, len(words)))
    return [b for b in bounds if b[1] > b[0]]


def brand_positions(words: Sequence[str], brands: Sequence[str]) -> dict[str, list[int]]:
    """Token indices where each brand is named (`Orange`, `@Orange_SAV`, `#Orange`, multi-word names)."""
    folded = [fold(w).lstrip("@#") for w in words]
    found: dict[str, list[int]] = {}
    for brand in brands:
        parts = fold(brand).split()
        if not parts:
            continue
        hits = []
        for i in range(len(folded) - len(parts) + 1):
            first = folded[i]
            if first != parts[0] and _HANDLE_TAIL.sub("", first.replace(" ", "")) != parts[0].replace(" ", ""):
                continue
            if folded[i + 1:i + len(parts)] == parts[1:]:
                hits.append(i)
        if hits:
            found[brand] = hits
    return found


class Span(NamedTuple):
    """A token range about a brand; `reversed`: the brand is the compared one, judged the other way round."""

    start: int
    end: int
    reversed: bool = False


def comparison(words: Sequence[str], start: int, end: int, positions: dict[str, list[int]]) -> tuple[str, str] | None:
    """(subject, compared brand) when the clause [start, end) compares exactly two brands.

    "Free est bien mieux qu'Orange", "Orange est plus cher que Free", "Sosh moins cher que Free" (a
    comparative before `que`), "je préfère Free à Orange". "aussi bien que" compares nothing.
    """
    first = sorted((p, b) for b, pos in positions.items() for p in pos if start <= p < end)
    order = list(dict.fromkeys(b for _, b in first))
    if len(order) != 2:
        return None
    a = min(p for p, b in first if b == order[0])
    z = min(p for p, b in first if b == order[1])
    between = [fold(w) for w in words[a + 1:z]]
    than = next((i for i, w in enumerate(between) if w in THAN), None)
    if than is not None and any(w in COMPARATIVES and (i == 0 or between[i - 1] not in ("ne", "n'", "n’"))
                                for i, w in enumerate(between[:than])):
        return order[0], order[1]
    if any(PREFER.match(fold(w)) for w in words[start:a]) and any(w in ("a", "au", "aux") for w in between):
        return order[0], order[1]
    return None


def brand_spans(words: Sequence[str], brands: Sequence[str]) -> dict[str, list[Span]]:
    """Token ranges about each brand; empty when brands cannot be told apart (use the whole text)."""
    positions = brand_positions(words, brands)
    if len(positions) < 2:
        return {}
    clauses = clause_bounds(words)
    owner: list[str | tuple[str, str] | None] = []
    for start, end in clauses:
        named = [b for b, pos in positions.items() if any(start <= p < end for p in pos)]
        compared = comparison(words, start, end, positions) if len(named) == 2 else None
        owner.append(compared or (named[0] if len(named) == 1 else ("*" if named else None)))
    if all(o in (None, "*") for o in owner):
        return {}
    current = next((o if isinstance(o, str) else o[0] for o in owner if o not in (None, "*")), None)
    spans: dict[str, list[Span]] = {}
    for (start, end), o in zip(clauses, owner, strict=True):
        if o == "*":  # several brands in one clause: it is about all of them
            for b in positions:
                spans.setdefault(b, []).append(Span(start, end))
            continue
        if isinstance(o, tuple):  # a comparison: the subject as written, the compared brand reversed
            spans.setdefault(o[0], []).append(Span(start, end))
            spans.setdefault(o[1], []).append(Span(start, end, reversed=True))
            current = o[0]
            continue
        if o is not None:
            current = o
        if current is not None:
            spans.setdefault(current, []).append(Span(start, end))
    return spans
