"""The brand query language: one boolean syntax for the config, the local matcher, FTS5 and the social APIs.

Syntax: words, `"exact phrase"`, `AND`, `OR`, `NOT`, parentheses, `a NEAR/5 b` (at most 5 words
between a and b, either order), trailing `*` for a prefix (`banqu*`), implicit AND between adjacent
terms, `{Total}` for words matched with their case (a brand named after a common word: `Au total`,
`total 36` in a terminal listing are not Total). Precedence: NOT > NEAR > AND > OR. Operators are
upper-case keywords only.

Matching works on folded word tokens (lower-case, accents removed, NFKC), split like SQLite's
`unicode61` tokenizer (letters and digits; apostrophes, hyphens and everything else separate
words), so the local matcher and `mentions_fts` agree; FTS5 and the platforms' searches cannot tell case, so
they find a `{Total}` as `total` and the collectors' local matcher keeps the right ones. Stdlib only: the
dashboard uses it too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")
# Combining diacritical mark blocks: what SQLite's `remove_diacritics 2` strips from Latin letters.
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NEAR = re.compile(r"NEAR(?:/(\S*))?\Z")
FTS5_NEAR_DEFAULT = 10  # what FTS5 uses for a bare NEAR, so a bare `NEAR` means the same everywhere


MAX_DEPTH = 32  # nested parentheses: far beyond any real query, far below Python's recursion limit


class QuerySyntaxError(Exception):
    """A query that does not parse; `position` is the 0-based offset, the message counts from 1 like people do."""

    def __init__(self, position: int, expected: str):
        super().__init__(f"position {position + 1} : {expected}")
        self.position = position


class _DropCombining(dict):
    """`str.translate` table that deletes combining marks, filled as characters are met (C-speed lookups after);
    it stops growing at `LIMIT` characters (a text of every code point must not fill it)."""

    LIMIT = 20_000

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if unicodedata.combining(char) else char
        if len(self) < self.LIMIT:
            self[code] = value
        return value


_NO_COMBINING = _DropCombining()


def fold(text: str, *, loose: bool = False) -> str:
    """Lower-case, NFKC-normalised, accents removed: `Société` and `SOCIETE` compare equal.

    The project's one folding. By default it agrees with SQLite's `unicode61 remove_diacritics 2`
    (Latin diacritics only, result recomposed), so the query language matches what FTS5 finds.
    `loose=True` is the analysis' folding of names and cues (and the fake APIs' search): full case
    folding (`ß` → `ss`) and every combining mark dropped, left decomposed; its tags depend on it.
    """
    if text.isascii():  # every normal form leaves ASCII as it is, and casefold() is lower() there
        return text.lower()
    if loose:
        return unicodedata.normalize("NFKD", text.casefold()).translate(_NO_COMBINING)
    return _unaccented(unicodedata.normalize("NFKC", text).lower())


def _unaccented(text: str) -> str:
    return unicodedata.normalize("NFC", _DIACRITICS.sub("", unicodedata.normalize("NFD", text)))


def cased_tokenize(text: str) -> list[str]:
    """`tokenize` with the case kept (accents still removed): what a `{Total}` term is matched against."""
    return _WORD.findall(text if text.isascii() else _unaccented(unicodedata.normalize("NFKC", text)))


def spelling_key(name: str) -> str:
    """Where the spellings of one name meet: case, accents, spaces, hyphens and `#` aside (`Édouard Philippe` and
    `Edouard Philippe`, `Hong-Kong` and `Hong Kong`, `PanneOrbelle` and `#PanneOrbelle`); the name itself when it
    has no letter or digit."""
    return "".join(c for c in fold(name, loose=True) if c.isalnum()) or name


# Words an acronym may leave out (`UE`: Union européenne; `LFI` keeps the article of La France insoumise).
SMALL_WORDS = frozenset({"de", "des", "du", "d", "la", "le", "les", "l", "et", "pour", "en", "a", "au", "aux", "of",
                         "the", "and", "for"})
NAME_KINDS = ("ORG", "PER", "LOC", "MISC")  # entity kinds that have short forms (not HASHTAG)


def full_name_keys(kind: str, name: str) -> frozenset[str]:
    """The short forms a full name answers to (`short_form_key`): every ending of a person's name (`macron` for
    `Emmanuel Macron`; `lepen` and `pen` for `Marine Le Pen`), the initials of another name of words, with and
    without its small words (`ue` for `Union européenne`; `lfi` and `fi` for `La France insoumise`). Shared by the
    tagger (within a mention) and the dashboard (across mentions), so that a mention never counts a name twice."""
    words = name.split()
    if kind not in NAME_KINDS or len(words) < 2:
        return frozenset()
    if kind == "PER":
        return frozenset("surname:" + spelling_key(" ".join(words[n:])) for n in range(1, len(words)))
    parts = fold(name, loose=True).replace("'", " ").replace("’", " ").replace("-", " ").split()
    if not all(w.isalpha() for w in parts):
        return frozenset()  # `Synology DS215j` is not what `SD` stands for
    return frozenset("acronym:" + "".join(w[0] for w in kept)
                     for kept in (parts, [w for w in parts if w not in SMALL_WORDS]) if len(kept) >= 2)


def short_form_key(kind: str, name: str) -> str | None:
    """What a name would be the short form of: a person's name (`Macron`), or an acronym of 2 to 6 capitals (`UE`)
    of any other kind; None for anything else (keyphrases, hashtags, `Covid-19`)."""
    if kind == "PER":
        return "surname:" + spelling_key(name)
    if kind in NAME_KINDS and name.isalpha() and name.isupper() and 2 <= len(name) <= 6:
        return "acronym:" + fold(name, loose=True)
    return None


def tokenize(text: str) -> list[str]:
    """Folded word tokens; apostrophes, hyphens and punctuation split words (`l'Orange` → l, orange)."""
    return _WORD.findall(fold(text))


# --- AST (public: the social collectors translate it to each platform's search syntax) ---


@dataclass(frozen=True)
class Term:
    """A word or an exact phrase (consecutive folded words); `prefix` makes the last word a prefix; `written`,
    the same words with their case (`{Total}`), which the local matcher requires."""

    words: tuple[str, ...]
    prefix: bool = False
    written: tuple[str, ...] | None = None


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Only ever a conjunct of an `And` with a positive sibling (`orange NOT jus`)."""

    item: Node


@dataclass(frozen=True)
class Near:
    """`left` and `right` (terms, or ORs of terms) with at most `distance` words between them, either order."""

    left: Node
    right: Node
    distance: int


Node = Term | And | Or | Not | Near


# --- Matching ---


def _positions(word: str, prefix: bool, tokens: list[str]) -> list[int]:
    """Indexes of the tokens equal to `word` (or starting with it, for a prefix)."""
    if prefix:
        return [i for i, token in enumerate(tokens) if token.startswith(word)]
    found, i = [], -1
    try:
        while True:
            i = tokens.index(word, i + 1)  # a C-speed scan: matching runs for every mention and brand
            found.append(i)
    except ValueError:
        return found


def _spans(node: Node, tokens: list[str], cased: list[str] | None) -> list[tuple[int, int]]:
    """Token ranges [start, end) where a term (or an OR of terms) occurs."""
    if isinstance(node, Or):
        return [span for item in node.items for span in _spans(item, tokens, cased)]
    assert isinstance(node, Term)
    words, n = node.words, len(node.words)
    if node.written is not None and cased is not None:
        words, tokens = node.written, cased
    if n == 1:
        return [(i, i + 1) for i in _positions(words[0], node.prefix, tokens)]
    head, last = list(words[:-1]), words[-1]
    found = []
    for i in _positions(words[0], False, tokens):
        if i + n <= len(tokens) and tokens[i:i + n - 1] == head:
            token = tokens[i + n - 1]
            if token == last or (node.prefix and token.startswith(last)):
                found.append((i, i + n))
    return found


def _present(term: Term, tokens: list[str], cased: list[str] | None) -> bool:
    if len(term.words) == 1 and not term.prefix:
        return term.words[0] in tokens if term.written is None or cased is None else term.written[0] in cased
    return bool(_spans(term, tokens, cased))


def _near(left: list[tuple[int, int]], right: list[tuple[int, int]], distance: int) -> bool:
    for a_start, a_end in left:
        for b_start, b_end in right:
            gap = b_start - a_end if a_start < b_start else a_start - b_end
            if 0 <= gap <= distance:
                return True
    return False


def _eval(node: Node, tokens: list[str], cased: list[str] | None) -> bool:
    if isinstance(node, Term):
        return _present(node, tokens, cased)
    if isinstance(node, And):
        return all(_eval(item, tokens, cased) for item in node.items)
    if isinstance(node, Or):
        return any(_eval(item, tokens, cased) for item in node.items)
    if isinstance(node, Not):
        return not _eval(node.item, tokens, cased)
    return _near(_spans(node.left, tokens, cased), _spans(node.right, tokens, cased), node.distance)


def _has_written(node: Node) -> bool:
    if isinstance(node, Term):
        return node.written is not None
    if isinstance(node, Not):
        return _has_written(node.item)
    if isinstance(node, Near):
        return _has_written(node.left) or _has_written(node.right)
    return any(_has_written(item) for item in node.items)


# --- FTS5 translation ---


def _fts_term(term: Term) -> str:
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def _alternatives(node: Node) -> list[Term]:
    """The terms of a NEAR operand (a term or an OR of terms), for distributing NEAR over OR."""
    if isinstance(node, Or):
        return [t for item in node.items for t in _alternatives(item)]
    assert isinstance(node, Term)
    return [node]


def _group(node: Node) -> str:
    """An operand of AND/OR/NOT, parenthesised unless it is a single term."""
    return _fts(node) if isinstance(node, Term) else f"({_fts(node)})"


def _fts(node: Node) -> str:
    if isinstance(node, Term):
        return _fts_term(node)
    if isinstance(node, Or):
        return " OR ".join(_group(item) for item in node.items)
    if isinstance(node, Near):
        nears = [f"NEAR({_fts_term(a)} {_fts_term(b)}, {node.distance})"
                 for a in _alternatives(node.left) for b in _alternatives(node.right)]
        return " OR ".join(nears)
    if isinstance(node, And):
        positive = [i for i in node.items if not isinstance(i, Not)]
        expr = " AND ".join(_group(item) for item in positive)
        for item in node.items:
            # FTS5's NOT is binary (`a NOT b`) and binds tighter than AND. `NOT {Total}` is left to `veille_match`:
            # FTS5 would drop « au total » too.
            if isinstance(item, Not) and not _has_written(item):
                expr = f"({expr}) NOT {_group(item.item)}"
        return expr
    raise ValueError("NOT sans terme positif : impossible en FTS5")  # the parser never builds this


# --- Parsing ---


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD, PHRASE, CASED, AND, OR, NOT, NEAR, LPAREN, RPAREN, END
    pos: int
    text: str = ""
    prefix: bool = False
    distance: int = 0


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(_Token("LPAREN" if c == "(" else "RPAREN", i))
            i += 1
        elif c == '"':
            close = text.find('"', i + 1)
            if close == -1:
                raise QuerySyntaxError(i, "guillemet fermant manquant pour cette phrase exacte")
            body = text[i + 1:close].strip()
            if "{" in body or "}" in body:
                written = " ".join(body.replace("{", " ").replace("}", " ").split())
                raise QuerySyntaxError(i, f"pas d'accolades dans une phrase entre guillemets : écrivez {{{written}}} "
                                          "pour une phrase dont la casse compte")
            prefix = body.endswith("*")
            end = close + 1
            if end < n and text[end] == "*":
                prefix, end = True, end + 1
            tokens.append(_Token("PHRASE", i, body.rstrip("*"), prefix))
            i = end
        elif c == "{":
            tokens.append(_cased(text, i))
            i = text.index("}", i) + 1
        elif c == "}":
            raise QuerySyntaxError(i, "accolade fermante sans accolade ouvrante : écrivez {Total} pour respecter la casse")
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"{}':
                i += 1
            word = text[start:i]
            near = _NEAR.match(word)
            if word in ("AND", "OR", "NOT"):
                tokens.append(_Token(word, start))
            elif near:
                distance = near.group(1)
                if distance is not None and not distance.isdigit():
                    raise QuerySyntaxError(start + 5, "distance attendue après NEAR/ (un nombre de mots, ex. NEAR/5)")
                tokens.append(_Token("NEAR", start, distance=int(distance) if distance else FTS5_NEAR_DEFAULT))
            else:
                tokens.append(_Token("WORD", start, word.rstrip("*"), word.endswith("*")))
    tokens.append(_Token("END", n))
    return tokens


def _cased(text: str, i: int) -> _Token:
    """The `{Total}` opening at `i`: words only, set apart by spaces or parentheses (`foo{Bar}` is a typo)."""
    close = text.find("}", i + 1)
    if close == -1:
        raise QuerySyntaxError(i, "accolade fermante manquante : écrivez {Total} pour respecter la casse")
    if i > 0 and not text[i - 1].isspace() and text[i - 1] != "(":
        glued = text[:i].split()[-1] if text[:i].split() else ""
        raise QuerySyntaxError(i, f"espace attendue avant l'accolade ouvrante : écrivez « {glued} {text[i:close + 1]} »")
    if close + 1 < len(text) and not text[close + 1].isspace() and text[close + 1] != ")":
        raise QuerySyntaxError(close + 1, "espace attendue après l'accolade fermante (pas de * entre accolades)")
    body = text[i + 1:close].strip()
    if len(body) > 1 and body[0] == body[-1] == '"':
        body = body[1:-1]  # `{"Crédit Agricole"}` is `{Crédit Agricole}`
    if any(c in body for c in '(){"*') or any(w in ("AND", "OR", "NOT") or _NEAR.match(w) for w in body.split()):
        raise QuerySyntaxError(i, "entre accolades, des mots seulement : ni opérateur, ni parenthèse, ni *")
    return _Token("CASED", i, body)


_STARTS_OPERAND = ("WORD", "PHRASE", "CASED", "LPAREN", "NOT")
_NOT_HINT = "NOT exclut un terme d'une recherche positive : écrivez par ex. « orange NOT jus »"


class _Parser:
    def __init__(self, text: str):
        self.tokens = _lex(text)
        self.i = 0
        self.depth = 0  # open parentheses around the current token: the parser recurses once per level

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def parse(self) -> Node:
        if self.tok.kind == "END":
            raise QuerySyntaxError(0, "requête vide : écrivez au moins un mot ou une \"phrase exacte\"")
        node = self.or_expr()
        if self.tok.kind == "RPAREN":
            raise QuerySyntaxError(self.tok.pos, "parenthèse fermante sans parenthèse ouvrante")
        if self.tok.kind != "END":  # unreachable in practice: every other token starts or joins an operand
            raise QuerySyntaxError(self.tok.pos, "opérateur inattendu")
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.tok.kind == "OR":
            self.i += 1
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        start = self.tok.pos
        items = [self.near_expr()]
        while self.tok.kind == "AND" or self.tok.kind in _STARTS_OPERAND:
            if self.tok.kind == "AND":
                self.i += 1
            items.append(self.near_expr())
        if all(isinstance(item, Not) for item in items):
            raise QuerySyntaxError(start, _NOT_HINT)
        return items[0] if len(items) == 1 else And(tuple(items))

    def near_expr(self) -> Node:
        start = self.tok.pos
        left = self.unary()
        if self.tok.kind != "NEAR":
            return left
        distance = self.tok.distance
        self.i += 1
        right_start = self.tok.pos
        right = self.unary()
        for node, pos in ((left, start), (right, right_start)):
            if not _is_near_operand(node):
                raise QuerySyntaxError(pos, "NEAR relie deux mots ou phrases (ou des OR de mots entre parenthèses)")
        if self.tok.kind == "NEAR":
            raise QuerySyntaxError(self.tok.pos, "NEAR ne s'enchaîne pas : écrivez (a NEAR/5 b) AND (b NEAR/5 c)")
        return Near(left, right, distance)

    def unary(self) -> Node:
        tok = self.tok
        if tok.kind == "NOT":
            self.i += 1
            if self.tok.kind == "NOT":
                raise QuerySyntaxError(self.tok.pos, "NOT NOT : un seul NOT suffit")
            return Not(self.unary())
        return self.primary()

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind in ("WORD", "PHRASE"):
            self.i += 1
            words = tuple(tokenize(tok.text))
            if not words:
                what = "phrase vide" if tok.kind == "PHRASE" else f"« {tok.text or '*'} » ne contient ni lettre ni chiffre"
                raise QuerySyntaxError(tok.pos, what)
            return Term(words, tok.prefix)
        if tok.kind == "CASED":
            self.i += 1
            words, written = tuple(tokenize(tok.text)), tuple(cased_tokenize(tok.text))
            if not words:  # `cased_tokenize` gives the same words, the same count
                raise QuerySyntaxError(tok.pos, "accolades vides : écrivez le mot avec sa casse, par ex. {Total}")
            return Term(words, written=written)
        if tok.kind == "LPAREN":
            if self.depth == MAX_DEPTH:
                raise QuerySyntaxError(tok.pos, f"plus de {MAX_DEPTH} parenthèses imbriquées : simplifiez la requête "
                                                "(les parenthèses inutiles peuvent être retirées)")
            self.i += 1
            self.depth += 1
            node = self.or_expr()
            self.depth -= 1
            if self.tok.kind != "RPAREN":
                raise QuerySyntaxError(self.tok.pos,
                                       f"parenthèse fermante manquante (ouverte en position {tok.pos + 1})")
            self.i += 1
            return node
        if tok.kind == "END":
            previous = self.tokens[self.i - 1] if self.i else None
            after = f" après {_name(previous)}" if previous else ""
            raise QuerySyntaxError(tok.pos, f"mot ou phrase attendu{after} : la requête est incomplète")
        if tok.kind == "RPAREN":
            raise QuerySyntaxError(tok.pos, "mot ou phrase attendu avant la parenthèse fermante")
        raise QuerySyntaxError(tok.pos, f"mot ou phrase attendu avant {_name(tok)}")


def _name(tok: _Token) -> str:
    return {"LPAREN": "« ( »", "RPAREN": "« ) »", "WORD": f"« {tok.text} »", "PHRASE": "la phrase",
            "CASED": f"« {{{tok.text}}} »",
            "NEAR": "NEAR"}.get(tok.kind, tok.kind)


def _is_near_operand(node: Node) -> bool:
    return isinstance(node, Term) or (isinstance(node, Or) and all(_is_near_operand(i) for i in node.items))


class Query:
    """A parsed brand query: match texts locally, or translate to FTS5 / a platform's syntax via `root`."""

    def __init__(self, text: str, root: Node):
        self.text = text
        self.root = root
        self.cased = _has_written(root)  # holds a `{Total}`: matching needs `cased_tokenize` of the text

    def __repr__(self) -> str:
        return f"Query({self.text!r})"

    def matches_tokens(self, tokens: list[str], cased: list[str] | None = None) -> bool:
        """Match pre-tokenized text (`tokenize`, and `cased_tokenize` when `self.cased`: the same words, the same
        count), so a mention is tokenized once for every brand. Without `cased`, `{Total}` matches `total` too."""
        return _eval(self.root, tokens, cased)

    def matches(self, text: str) -> bool:
        return self.matches_tokens(tokenize(text), cased_tokenize(text) if self.cased else None)

    def to_fts5(self) -> str:
        """An FTS5 MATCH expression for `mentions_fts` (unicode61, diacritics removed)."""
        return _fts(self.root)


def parse_query(text: str) -> Query:
    """Parse a brand query; raises `QuerySyntaxError` naming the position and what was expected."""
    return Query(text, _Parser(text).parse())
