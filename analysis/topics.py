"""Topics of a mention: keyphrases (noun groups, lemmatised), named entities, taxonomy categories.

Keyphrases are runs of content words between stop words, punctuation and named entities
(RAKE-style; entities are reported on their own),
joined across one `de` (`prix de l'abonnement` → `prix abonnement`), kept when they hold a
noun. Part-of-speech tags of `fr_core_news_sm` are too noisy on social text to drive the
chunking alone (`le service client` tags `client` as ADV), and the dependency parser,
whose noun chunks would be the textbook way, is the slowest pipe: it is not loaded.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from analysis.brands import fold
from analysis.lexicons import feel
from analysis.rules import INTENSIFIERS, NEGATORS
from analysis.taxonomy import STRONG_CUES, WEAK_CUES

MAX_KEYPHRASES = 6
MAX_WORDS = 3
ENTITY_KINDS = {"ORG": "ORG", "PER": "PER", "LOC": "LOC", "MISC": "MISC"}
# Nouns too vague to be a topic, and social-media noise.
VAGUE = frozenset(fold(w) for w in (
    "chose", "truc", "fois", "jour", "an", "année", "mois", "semaine", "heure", "minute", "moment", "temps", "gens",
    "personne", "monde", "cas", "façon", "manière", "rien", "tout", "part", "fin", "début", "coup", "peu", "bout",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin", "soir", "h", "mdr", "lol",
    "ptdr", "rt", "via", "http", "https", "merci", "bonjour", "svp", "stp", "euro", "%", "franchement", "vraiment",
    "encore", "aujourd'hui", "hier", "demain", "ça", "ca", "c'est", "oui", "non", "bref", "top", "super",
))
LINKS = frozenset({"de", "d'", "d’", "du", "des"})
NOUNISH = frozenset({"NOUN", "PROPN"})
NOT_CONTENT = frozenset({"AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "NUM", "SYM", "SPACE", "PART"})


def _content(token: Token, skip: set[str], nouns: frozenset[str] = frozenset()) -> bool:
    text = token.lower_
    if token.pos_ == "ADV" and nouns and text not in nouns:  # `client` tagged ADV is kept, `régulièrement` not
        return False
    return (token.is_alpha and len(text) > 1 and not token.is_stop and token.pos_ not in NOT_CONTENT
            and not token.ent_type_ and text not in NEGATORS and text not in INTENSIFIERS
            and fold(text) not in VAGUE and fold(token.lemma_) not in VAGUE and fold(text) not in skip)


def _word(token: Token) -> str:
    # Lemmas only for nouns: the lemmatiser follows the POS tag, and a mis-tagged noun gets a verb lemma.
    return token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_


def keyphrases(doc: Doc, skip: Iterable[str] = (), nouns: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
    """Up to MAX_KEYPHRASES (phrase, score in (0, 1]); `skip` holds folded brand names to leave out,
    `nouns` the lemmatiser's common nouns (they rescue nouns the tagger calls adverbs)."""
    skip = set(skip)
    toks = list(doc)  # one pass: every doc[i] would build a new Token object
    content = [_content(t, skip, nouns) for t in toks]
    runs: list[list[Token]] = []
    current: list[Token] = []
    linked = False
    for i, tok in enumerate(toks):
        if content[i] and len(current) < MAX_WORDS:
            current.append(tok)
            continue
        if current and not linked and tok.lower_ in LINKS and i + 1 < len(toks):
            j = i + 2 if (toks[i + 1].pos_ == "DET" or toks[i + 1].lower_ in ("l'", "l’")) and i + 2 < len(toks) else i + 1
            if content[j] and len(current) < MAX_WORDS:
                linked = True
                continue
        if linked and i > 0 and toks[i - 1].lower_ in LINKS and not content[i]:
            continue  # the determiner after `de`
        if current:
            runs.append(current)
        current, linked = [], False
        if content[i]:
            current = [tok]
    if current:
        runs.append(current)
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    for run in runs:
        while run and run[-1].pos_ == "VERB" and run[-1].lower_ not in nouns:  # "qualité service revient"
            run = run[:-1]
        while run and run[0].pos_ == "VERB" and run[0].lower_ not in nouns:
            run = run[1:]
        if not any(t.pos_ in NOUNISH for t in run):
            continue
        phrase = " ".join(_word(t) for t in run)
        counts[phrase] = counts.get(phrase, 0) + 1
        order.setdefault(phrase, len(order))
    if not counts:
        return []
    top = max(counts.values())
    ranked = sorted(counts, key=lambda p: (-counts[p], -len(p.split()), order[p]))[:MAX_KEYPHRASES]
    return [(p, round(min(1.0, 0.3 + 0.15 * len(p.split()) + 0.4 * counts[p] / top), 3)) for p in ranked]


def entities(doc: Doc, brands: Iterable[str] = (), common_words: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(kind, text) of the named entities: ORG, PER, LOC, MISC; handles and URLs dropped.

    The mention's own brands are organisations whatever spaCy guessed (`Kelvo` as PER). A lone
    capitalised common word (`Livraison en retard`, `Bilan :`) is not a name: `common_words` are the
    lemmatiser's nouns, adjectives and verbs.
    """
    folded_brands = {fold(b) for b in brands}
    out: dict[tuple[str, str], None] = {}
    for ent in doc.ents:
        kind = ENTITY_KINDS.get(ent.label_)
        text = " ".join(ent.text.split()).strip(" .,;:!?\"'«»()[]")
        if not kind or len(text) < 2 or text.startswith(("@", "http", "#")) or "://" in text:
            continue
        if fold(text) in folded_brands:
            kind = "ORG"
        elif len(ent) == 1 and (ent[0].lower_ in common_words or ent[0].lower_ in feel() or ent[0].is_stop):
            continue
        out[(kind, text)] = None
    return list(out)


STRONG, WEAK = 1.0, 0.5  # evidence of one cue (taxonomy.py)
MIN_EVIDENCE = 0.5  # one cue is enough; a weak one gives a lower score and ranks after strong ones
MAX_CATEGORIES = 3


def _cue_index() -> dict[str, list[tuple[str, tuple[str, ...], float]]]:
    index: dict[str, list[tuple[str, tuple[str, ...], float]]] = {}
    for weight, table in ((STRONG, STRONG_CUES), (WEAK, WEAK_CUES)):
        for category, cues in table.items():
            for cue in cues:
                words = tuple(fold(cue).replace("'", "' ").split())
                index.setdefault(words[0], []).append((category, words, weight))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[1]))  # "service client" before "service"
    return index


_CUES = _cue_index()


def categories(doc: Doc, scope: list[tuple[int, int]] | None = None) -> list[tuple[str, float]]:
    """(category, score) of the e-reputation taxonomy, at most MAX_CATEGORIES, strongest first.

    Only the tokens in `scope` count (the brands' own context, see `brands.brand_contexts`; None: the
    whole text), and each distinct cue once: "livraison … livraison" is one piece of evidence. score =
    1 − 0.5^evidence.
    """
    forms, lemmas = [], []
    for t in doc:
        forms.append(fold(t.text))
        lemmas.append(fold(t.lemma_))
    evidence: dict[str, dict[tuple[str, ...], float]] = {}
    for start, end in scope if scope is not None else [(0, len(forms))]:
        for i in range(start, end):
            for seq in (forms, lemmas):
                hit = next(((c, w, weight) for c, w, weight in _CUES.get(seq[i], ())
                            if tuple(seq[i:min(i + len(w), end)]) == w), None)
                if hit:
                    evidence.setdefault(hit[0], {})[hit[1]] = hit[2]
                    break
    totals = {c: sum(cues.values()) for c, cues in evidence.items()}
    kept = sorted((c for c, total in totals.items() if total >= MIN_EVIDENCE), key=lambda c: -totals[c])
    return [(c, round(1 - 0.5 ** totals[c], 3)) for c in kept[:MAX_CATEGORIES]]
