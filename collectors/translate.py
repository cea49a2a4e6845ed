"""Brand queries (`storage.query` AST) in each platform's search syntax.

Every translation asks the platform for a SUPERSET of what the query means: the runner
re-checks each fetched item with the local matcher, so a constraint a platform cannot
express is dropped where dropping only widens the search (a NEAR becomes an AND, an
unsupported NOT or prefix inside an AND is left out), and refused with a clear message
where dropping would lose mentions (an unsupported term inside an OR).

- Searches ignore case: `{Total}` is sent as `Total`, the local matcher keeps the right case.
- X and Reddit get the full boolean expression. X matches accents exactly, so a word
  typed with accents is sent in both spellings (`(société OR societe)`); Reddit too.
- Bluesky and Mastodon full-text search have no documented OR: the query is expanded
  into its alternatives (disjunctive form), each an AND of words and phrases, one
  request each.
- Mastodon hashtag timelines get the hashtags of every positive term.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable

from storage.query import And, Near, Node, Not, Or, Term, fold, parse_query, tokenize

MAX_ALTERNATIVES = 8
MAX_HASHTAGS = 5  # one tag in the path + `any[]`: Mastodon accepts at most 4 extra tags
_SURFACE = re.compile(r'"([^"]*)"\*?|\{"?([^}"]*)"?\}|[^\s(){}"]+')  # a phrase, a `{Total}`, a word
_OPERATOR = re.compile(r"(AND|OR|NOT|NEAR(/\S*)?)\Z")
_CASED = re.compile(r'\{\s*"?([^{}"]*?)"?\s*\}')


class TranslationError(Exception):
    """The query cannot be sent to this platform; the message says what to change."""


def surfaces(text: str) -> dict[tuple[str, ...], str]:
    """Folded words of each term → how the user typed it (lower-case, accents and apostrophes kept)."""
    found: dict[tuple[str, ...], str] = {}
    for match in _SURFACE.finditer(text):
        quoted = next((g for g in match.groups() if g is not None), None)
        raw = quoted if quoted is not None else match.group(0)
        if quoted is None and _OPERATOR.match(raw):
            continue
        raw = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", raw).lower()).strip().rstrip("*")
        words = tuple(tokenize(raw))
        if words and words not in found:
            found[words] = raw
    return found


def without_case(text: str) -> str:
    """The query as typed, its `{Total}` terms as plain words (`{Crédit Agricole}` as a phrase): what the search
    engine behind an RSS `{query}` URL understands."""
    return _CASED.sub(lambda m: f'"{m.group(1)}"' if " " in m.group(1) else m.group(1), text)


def _spellings(term: Term, typed: dict[tuple[str, ...], str]) -> list[str]:
    """The typed form and, if it differs, the accent-free form of a term."""
    surface = typed.get(term.words, " ".join(term.words))
    plain = fold(surface)
    return [surface] if plain == surface else [surface, plain]


def _quoted(text: str) -> str:
    return f'"{text}"' if re.search(r"[^\w]", text) else text


# --- Full boolean translation (X, Reddit) ---


class _Boolean:
    """Render an AST with a platform's operators; `None` means "cannot be expressed"."""

    def __init__(self, typed: dict[tuple[str, ...], str], and_sep: str, negate: Callable[[str, str], str],
                 platform: str):
        self.typed, self.and_sep, self.negate, self.platform = typed, and_sep, negate, platform

    def render(self, node: Node) -> str | None:
        if isinstance(node, Term):
            if node.prefix:
                return None
            forms = [_quoted(s) for s in _spellings(node, self.typed)]
            return forms[0] if len(forms) == 1 else f"({' OR '.join(forms)})"
        if isinstance(node, Near):  # no proximity operator: both sides must appear
            return self.render(And((node.left, node.right)))
        if isinstance(node, Or):
            parts = [self.render(item) for item in node.items]
            if any(p is None for p in parts):
                raise TranslationError(f"{self.platform} ne gère pas les préfixes (mot*) dans un OR : remplacez-les "
                                       "par les mots complets, ex. (banque OR banques)")
            return " OR ".join(self._group(p, item) for p, item in zip(parts, node.items, strict=True))
        if isinstance(node, And):
            positive = [p for item in node.items if not isinstance(item, Not)
                        if (p := self._grouped(item)) is not None]
            if not positive:
                return None
            expr = self.and_sep.join(positive)
            for item in node.items:
                if isinstance(item, Not) and (neg := self._grouped(item.item)) is not None:
                    expr = self.negate(expr, neg)
            return expr
        raise TranslationError("NOT sans terme positif")  # the parser never builds a bare NOT

    def _grouped(self, node: Node) -> str | None:
        rendered = self.render(node)
        return None if rendered is None else self._group(rendered, node)

    @staticmethod
    def _group(rendered: str, node: Node) -> str:
        return rendered if isinstance(node, Term) else f"({rendered})"


def _top(rendered: str | None, platform: str) -> str:
    if rendered is None:
        raise TranslationError(f"{platform} ne gère pas les préfixes (mot*) : ajoutez au moins un mot complet "
                               "à la requête de la marque")
    return rendered


def _check_length(query: str, max_length: int, platform: str) -> str:
    if len(query) > max_length:
        raise TranslationError(f"requête {platform} trop longue ({len(query)} caractères, maximum {max_length}) : "
                               "simplifiez la requête de la marque ou déclarez deux marques")
    return query


def to_x(text: str, lang: str | None = None, exclude_retweets: bool = True, max_length: int = 512) -> str:
    """X API v2 search syntax: space = AND, `OR`, `-` negation, quotes, parentheses; plus `lang:` / `-is:retweet`."""
    root = parse_query(text).root
    query = _top(_Boolean(surfaces(text), " ", lambda expr, neg: f"{expr} -{neg}", "X").render(root), "X")
    if (lang or exclude_retweets) and isinstance(root, Or):
        query = f"({query})"
    if lang:
        query += f" lang:{lang}"
    if exclude_retweets:
        query += " -is:retweet"
    return _check_length(query, max_length, "X")


def to_reddit(text: str, max_length: int = 512) -> str:
    """Reddit search syntax: `AND`, `OR`, `NOT`, quotes, parentheses."""
    query = _Boolean(surfaces(text), " AND ", lambda expr, neg: f"({expr}) NOT {neg}" if " " in expr else f"{expr} NOT {neg}", "Reddit")
    return _check_length(_top(query.render(parse_query(text).root), "Reddit"), max_length, "Reddit")


# --- Alternatives (Bluesky, Mastodon search) ---


def _dnf(node: Node) -> list[list[Term]]:
    """Disjunctive form over positive terms only: dropping NOTs widens the search, never narrows it."""
    if isinstance(node, Term):
        return [[node]]
    if isinstance(node, Or):
        return [conj for item in node.items for conj in _dnf(item)]
    if isinstance(node, Near):
        return _dnf(And((node.left, node.right)))
    if isinstance(node, And):
        parts = [_dnf(item) for item in node.items if not isinstance(item, Not)]
        combos: list[list[Term]] = [[]]
        for part in parts:
            combos = [a + b for a, b in itertools.product(combos, part)]
            if len(combos) > MAX_ALTERNATIVES:
                raise TranslationError(f"la requête se développe en plus de {MAX_ALTERNATIVES} recherches "
                                       "distinctes : simplifiez les OR imbriqués dans des AND")
        return combos
    return [[]]


def alternatives(text: str, platform: str) -> list[str]:
    """One AND-only search string per alternative of the query (words and "phrases"; prefixes left out)."""
    typed = surfaces(text)
    out: list[str] = []
    for conj in _dnf(parse_query(text).root):
        words = [_quoted(typed.get(t.words, " ".join(t.words))) for t in conj if not t.prefix]
        if not words:
            raise TranslationError(f"{platform} ne gère pas les préfixes (mot*) : chaque alternative de la requête "
                                   "doit contenir au moins un mot complet")
        query = " ".join(dict.fromkeys(words))
        if query not in out:
            out.append(query)
    if len(out) > MAX_ALTERNATIVES:
        raise TranslationError(f"la requête donne {len(out)} recherches {platform} distinctes (maximum "
                               f"{MAX_ALTERNATIVES}) : simplifiez les OR imbriqués")
    return out


def hashtags(text: str) -> list[str]:
    """Mastodon hashtags (words joined, accents and case folded as Mastodon does) of the positive terms."""
    tags: list[str] = []
    for conj in _dnf(parse_query(text).root):
        for term in conj:
            tag = "".join(term.words)
            if not term.prefix and tag not in tags:
                tags.append(tag)
    if not tags:
        raise TranslationError("aucun mot-dièse possible : la requête ne contient que des préfixes (mot*)")
    if len(tags) > MAX_HASHTAGS:
        raise TranslationError(f"{len(tags)} mots-dièse ({', '.join('#' + t for t in tags)}) ; Mastodon en "
                               f"accepte {MAX_HASHTAGS} par fil : simplifiez la requête ou déclarez deux marques")
    return tags
