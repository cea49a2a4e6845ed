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
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from storage.query import fold as storage_fold

CLAUSE_PUNCT = frozenset({".", "!", "?", ";", ",", ":", "…", "...", "!!", "?!", "!!!", "\n"})
CLAUSE_WORDS = frozenset({"mais", "tandis", "contrairement", "alors", "cependant", "pourtant", "revanche", "contre",
                          "quant", "sinon", "vs", "versus"})
COMPARATIVES = frozenset({"mieux", "meilleur", "meilleure", "meilleurs", "meilleures", "pire", "pires", "plus", "moins"})
THAN = frozenset({"que", "qu'", "qu’", "qu"})
PREFER = re.compile(r"^prefer")  # préfère, préférer, préféré… (folded)
_HANDLE_TAIL = re.compile(r"[_\-.]?(sav|fr|france|officiel|off|help|support|service|client|care|info|news)$")


def fold_text(text: str) -> str:
    """Lower-case without accents, for matching brand names and cues. Not cached: for whole texts, seen once."""
    return storage_fold(text, loose=True)


fold = lru_cache(maxsize=65_536)(fold_text)  # for words and names; bounded: a stream of new words must not grow it
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


@lru_cache(maxsize=65_536)  # every token goes through it; bounded like `fold`
def fold_apostrophes(text: str) -> str:
    """`fold`, every apostrophe made straight: names and cues are written with `'`, texts mostly print `’`."""
    return fold(text).translate(APOSTROPHES)


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


APOSTROPHE_CUT = re.compile(r"'(?=\w)")  # the tokenizer cuts `L'`+`Oréal`, `McDonald'`+`s`


@lru_cache(maxsize=65_536)  # every word of every text goes through it; bounded like `fold`
def name_pieces(text: str) -> tuple[str, ...]:
    """Folded pieces of a name or a word, cut as the tokenizer may cut them: after an apostrophe (`L’Oréal` →
    `l'`, `oreal`) and at hyphens (it keeps `Saint-Gobain` whole but cuts `France-KLM`), so both sides agree."""
    return tuple(APOSTROPHE_CUT.sub("' ", fold_apostrophes(text)).replace("-", " ").split())


def brand_occurrences(words: Sequence[str], brands: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    """[start, end) token ranges where each brand is named (`Orange`, `@Orange_SAV`, `#Orange`, `L'Oréal`,
    `McDonald's`, `Air France-KLM`, multi-word names)."""
    pieces = [(part, i) for i, w in enumerate(words) for part in name_pieces(w.lstrip("@#"))]
    found: dict[str, list[tuple[int, int]]] = {}
    for brand in brands:
        parts = name_pieces(brand.lstrip("@#"))
        if not parts:
            continue
        hits = []
        for k in range(len(pieces) - len(parts) + 1):
            first, start = pieces[k]
            if first != parts[0] and _HANDLE_TAIL.sub("", first) != parts[0]:
                continue
            last = k + len(parts) - 1
            whole_words = ((k == 0 or pieces[k - 1][1] != start)  # not `Gobain` within the token `Saint-Gobain`
                           and (last + 1 == len(pieces) or pieces[last + 1][1] != pieces[last][1]))
            if whole_words and tuple(p for p, _ in pieces[k + 1:last + 1]) == parts[1:]:
                hits.append((start, pieces[last][1] + 1))
        if hits:
            found[brand] = hits
    return found


def brand_positions(words: Sequence[str], brands: Sequence[str]) -> dict[str, list[int]]:
    """Token indices where each brand is named (see `brand_occurrences`)."""
    return {b: [start for start, _ in hits] for b, hits in brand_occurrences(words, brands).items()}


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


# --- long texts: which sentences are about a brand (title, sentences naming it, cheap coreference) ---

SENTENCE_END = frozenset({".", "!", "?", "…", "...", "!!", "?!", "!!!", "?!!", "!?"})
SUBJECT_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "celui-ci", "celle-ci", "ceux-ci", "celles-ci"})
# `le constructeur`, `l'opérateur`, `son PDG`: a role noun after a definite determiner or a possessive
# points back at the brand named just before (a sentence naming no other brand).
ROLE_NOUNS = frozenset(fold(w) for w in (
    "constructeur", "opérateur", "groupe", "entreprise", "société", "enseigne", "marque", "distributeur",
    "assureur", "mutuelle", "banque", "fabricant", "géant", "firme", "compagnie", "transporteur", "fournisseur",
    "club", "parti", "syndicat", "établissement", "laboratoire", "industriel", "spécialiste", "leader", "éditeur",
    "plateforme", "application", "appli", "chaîne", "équipementier", "énergéticien", "constructeur automobile",
    "pdg", "patron", "patronne", "dirigeant", "dirigeante", "direction", "président", "présidente", "ministre",
    "salariés", "employés", "filiale", "usine", "magasin", "magasins", "agence", "service client", "sav",
))
ROLE_DETERMINERS = frozenset({"le", "la", "l'", "l’", "les", "ce", "cette", "son", "sa", "ses", "leur", "leurs"})
# Verbs of saying (lemmas): a brand that says something is not judged by what it says.
SPEECH_LEMMAS = frozenset(fold(w) for w in (
    "dire", "déclarer", "affirmer", "estimer", "expliquer", "assurer", "souligner", "indiquer", "préciser",
    "rappeler", "ajouter", "demander", "réclamer", "juger", "prévenir", "avertir", "plaider", "appeler",
    "confier", "raconter", "répondre", "insister", "marteler", "commenter", "témoigner", "réagir", "interroger",
    "écrire", "tweeter", "espérer", "craindre", "considérer", "penser", "croire", "analyser", "souhaiter",
    "prédire", "démentir", "réaffirmer",
))
# spaCy's small model often leaves a headline's verb of saying unlemmatised (`demande`, `estime`, `indique`,
# `réclame` keep their form; `analyse` is read as a noun): its inflected forms stand for its lemma, unless a
# determiner makes them the noun (`la demande de X`, `l'estime de ses clients`).
_IRREGULAR_SPEECH = {"dire": "dit disent disait", "ecrire": "ecrit ecrivent ecrivait", "croire": "croient croyait",
                     "repondre": "repond repondent repondait", "prevenir": "previent previennent prevenait",
                     "avertir": "avertit avertissent", "craindre": "craint craignent craignait",
                     "reagir": "reagit reagissent reagi", "appeler": "appelle appellent appelait appela appele",
                     "rappeler": "rappelle rappellent rappelait rappela rappele",
                     "predire": "predit predisent predisait", "dementir": "dement dementent dementait dementi"}
_NOT_SPEECH = frozenset({"juge", "juges"})  # `…, juge Renault` is mostly the magistrate: the court speaks


def _regular_speech_forms(lemma: str) -> list[str]:
    """Present, imperfect, simple past and participles of a regular -er verb (`juger` → `jugeait`)."""
    stem = lemma[:-2]
    soft = stem + "e" if stem.endswith("g") else stem  # before a and ai: `jugeait`, `interrogea`
    return [stem + e for e in ("e", "es", "ent", "ee", "ees")] + [soft + e for e in ("ait", "aient", "a")]


SPEECH_FORMS = {form: lemma for lemma in SPEECH_LEMMAS if lemma.endswith("er") and lemma not in _IRREGULAR_SPEECH
                for form in _regular_speech_forms(lemma) if form not in _NOT_SPEECH}
SPEECH_FORMS |= {form: lemma for lemma, forms in _IRREGULAR_SPEECH.items() for form in forms.split()}
DETERMINERS = frozenset({"le", "la", "l'", "l’", "les", "un", "une", "des", "du", "de", "d'", "d’", "au", "aux", "ce",
                         "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "mon", "ma", "mes", "notre",
                         "nos", "votre", "vos"})


def speech_lemmas(folded: Sequence[str], lemmas: Sequence[str]) -> list[str]:
    """Folded lemmas, where a form of a verb of saying not after a determiner counts as that verb."""
    return [SPEECH_FORMS[f] if f in SPEECH_FORMS and (i == 0 or folded[i - 1] not in DETERMINERS) else fold(x)
            for i, (f, x) in enumerate(zip(folded, lemmas, strict=True))]


ACCORDING_TO = frozenset({"selon", "d'après", "d’après"})
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "‹": "›"}  # opening mark → closing mark
QUOTE_OPEN = frozenset(QUOTE_PAIRS)


def sentence_bounds(words: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) token ranges of sentences: end punctuation and line breaks (a title is its own line)."""
    bounds, start = [], 0
    for i, w in enumerate(words):
        if w in SENTENCE_END or "\n" in w:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(words):
        bounds.append((start, len(words)))
    return [b for b in bounds if any(not w.isspace() for w in words[b[0]:b[1]])]


def _refers_back(folded: Sequence[str]) -> bool:
    """A subject pronoun among the first words, or a determiner + role noun anywhere (`le constructeur`)."""
    head = [w for w in folded[:4] if w not in (",", ":", "-", "«", "»", '"')]
    if any(w in SUBJECT_PRONOUNS for w in head[:2]):
        return True
    for i in range(len(folded) - 1):
        if folded[i] in ROLE_DETERMINERS and (folded[i + 1] in ROLE_NOUNS
                                              or " ".join(folded[i + 1:i + 3]) in ROLE_NOUNS):
            return True
    return False


NEGATIONS = frozenset({"ne", "n'", "n’"})
DENIALS = frozenset({"pas", "plus", "jamais", "rien"})  # `répond jamais`, spoken French drops the `ne`
NOT_SAID_AFTER = frozenset({"sans", "de", "d'", "d’", "pour"})  # `sans prévenir`, `impossible d'appeler`
CONTENT = frozenset({"que", "qu'", "qu’", ":", "«", '"', "“"})  # what the verb says follows: it says it
SUBJECTS = frozenset({"je", "j'", "j’", "tu", "il", "elle", "on", "ils", "elles"})  # not `nous`, `vous`: objects too


def says(folded: Sequence[str], lemmas: Sequence[str], j: int, s0: int) -> bool:
    """Whether the word at j is a verb of saying that says something. Not when nothing said follows (no `que`,
    `:`, `«`) and it is denied (`X ne répond plus`, `répond jamais`) or an infinitive after a preposition (`sans
    prévenir`, `impossible d'appeler`): the brand is blamed for its silence. `X vient de déclarer que…`, `ne fait
    que rappeler que…`, `n'a pas dit que…` still report speech."""
    if lemmas[j] not in SPEECH_LEMMAS:
        return False
    if any(w in CONTENT for w in folded[j + 1:j + 5]):
        return True
    denied = (any(folded[k] in NEGATIONS for k in range(max(s0, j - 3), j))
              or any(w in DENIALS for w in folded[j + 1:j + 3]))
    return not denied and not (j > s0 and folded[j - 1] in NOT_SAID_AFTER)


def is_speaker(folded: Sequence[str], lemmas: Sequence[str], start: int, end: int, s0: int, s1: int) -> bool:
    """Whether the brand at [start, end) speaks in the sentence [s0, s1): `selon X`, `X estime que`,
    `…, demande le PDG de X`, or a title `X : « … »`."""
    if any(folded[j] in ACCORDING_TO for j in range(max(s0, start - 2), start)):
        return True
    after = end
    while after < min(s1, end + 4) and folded[after] not in SUBJECTS:  # `X, je dis stop`: someone else speaks
        if says(folded, lemmas, after, end):
            return True
        after += 1
    if end < s1 and folded[end] == ":" and any(folded[j] in QUOTE_OPEN for j in range(end + 1, min(s1, end + 3))):
        return True
    before = range(max(s0, start - 6), start)  # "…», a déclaré le PDG de X", ", estime X"
    return any(says(folded, lemmas, j, s0) for j in before) and any(folded[j] in (",", "»", '"', "”")
                                                                   for j in range(max(s0, start - 8), start))


def brand_contexts(words: Sequence[str], lemmas: Sequence[str], brands: Sequence[str]) -> dict[str, list[Span]]:
    """Token ranges about each brand NAMED in the text: the sentences (title included) that name it, the
    following ones that refer back to it (`il`, `le constructeur`), minus those where it only speaks.
    Several brands in one sentence share it, clause by clause (`brand_spans`). A named brand may get no
    range at all (it only speaks, or is named in passing in a quote): its context judges nothing."""
    occurrences = brand_occurrences(words, brands)
    if not occurrences:
        return {}
    positions = {b: [start for start, _ in hits] for b, hits in occurrences.items()}
    ends = {(b, start): end for b, hits in occurrences.items() for start, end in hits}
    folded = [fold(w) for w in words]
    lem = speech_lemmas(folded, lemmas)
    out: dict[str, list[Span]] = {b: [] for b in positions}
    previous: list[str] = []  # the brands the last sentence was about, for coreference
    for s0, s1 in sentence_bounds(words):
        named = {b: [p for p in pos if s0 <= p < s1] for b, pos in positions.items()}
        named = {b: p for b, p in named.items() if p}
        if not named:
            previous = previous if len(previous) == 1 and _refers_back(folded[s0:s1]) else []
            speaks = any(says(folded, lem, j, s0) for j in range(s0, min(s1, s0 + 4)))  # "Il estime que …"
            for b in previous if not speaks else ():
                out[b].append(Span(s0, s1))
            continue
        judged = [b for b, pos in named.items()
                  if not all(is_speaker(folded, lem, p, ends[b, p], s0, s1) for p in pos)]
        previous = list(named)
        if len(judged) > 1:
            spans = brand_spans(words[s0:s1], judged)
            for b in judged:
                out[b] += [Span(s0 + a, s0 + z, r) for a, z, r in spans.get(b, [Span(0, s1 - s0)])]
        elif judged:
            out[judged[0]].append(Span(s0, s1))
    return out
