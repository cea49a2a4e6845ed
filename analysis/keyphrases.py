"""Keyphrases of a mention: the noun groups it talks about, as short well-formed French noun phrases.

A keyphrase is a run of content words between stop words, punctuation and named entities
(RAKE-style; entities are reported on their own), joined across one `de` that stays in the phrase
(`prix de l'abonnement`, `longueur d'avance`, `port du masque`), kept when it holds a noun.
Part-of-speech tags of `fr_core_news_sm` are too noisy on social text to drive the chunking alone
(`le service client` tags `client` as ADV), and the dependency parser, whose noun chunks would be
the textbook way, is the slowest pipe: it is not loaded.

The head (the words before `de`) is put in the singular when every plural word of it can be
(`investissements massifs` → `investissement massif`, `missions aériennes` → `mission aérienne`),
so that one theme is counted once whatever the number; otherwise it stays as written, in
agreement. The complement after `de` stays as written (`base de données`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from analysis import word_vectors
from analysis.brands import fold
from analysis.rules import INTENSIFIERS, NEGATORS
from analysis.words import PARTICIPLE_ENDINGS, Lexicon

MAX_KEYPHRASES = 6
MAX_WORDS = 3
RARER = 5  # a singular this many times rarer (in frequency rank) than its plural is not its singular
# Nouns too vague to be a topic, and social-media noise.
VAGUE = frozenset(fold(w) for w in (
    "chose", "truc", "fois", "jour", "an", "année", "mois", "semaine", "heure", "minute", "moment", "temps", "gens",
    "personne", "monde", "cas", "façon", "manière", "rien", "tout", "part", "fin", "début", "coup", "peu", "bout",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin", "soir", "h", "mdr", "lol",
    "ptdr", "rt", "via", "http", "https", "merci", "bonjour", "svp", "stp", "euro", "%", "franchement", "vraiment",
    "encore", "aujourd'hui", "hier", "demain", "ça", "ca", "c'est", "oui", "non", "bref", "top", "super",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre", "week-end", "weekend", "lendemain", "veille", "suite", "lieu", "sorte", "genre", "type", "côté",
    # quantities: `3 millions de clients` is about clients
    "million", "milliard", "millier", "centaine", "dizaine", "douzaine", "nombre", "plupart", "majorité", "partie",
    "moitié", "tiers", "quart", "total", "ensemble", "série", "foule", "tas",
))
LINKS = frozenset({"de", "d'", "d’", "du", "des"})
ARTICLES = frozenset({"l'", "l’", "la", "le", "les"})
NOUNISH = frozenset({"NOUN", "PROPN"})
NOT_CONTENT = frozenset({"AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "NUM", "SYM", "SPACE", "PART"})


@dataclass(slots=True)
class Word:
    """A content word of the text: a token, or tokens joined by hyphens without spaces (`week-end`)."""

    tokens: list[Token]
    text: str
    pos: str


def _content(token: Token, text: str, pos: str, skip: set[str], nouns: frozenset[str]) -> bool:
    if pos == "ADV" and nouns and text not in nouns:  # `client` tagged ADV is kept, `régulièrement` not
        return False
    return (pos not in NOT_CONTENT and len(text) > 1 and token.is_alpha and not token.is_stop
            and not token.ent_type_ and text not in NEGATORS and text not in INTENSIFIERS
            and fold(text) not in VAGUE and fold(token.lemma_) not in VAGUE and fold(text) not in skip)


def _words(toks: list[Token], lowers: list[str], skip: set[str], nouns: frozenset[str]) -> list[Word | str]:
    """Content words as `Word`s, every other token as its lower-case text (stop words, `de`, punctuation)."""
    words: list[Word | str] = []
    i, n = 0, len(toks)
    while i < n:
        tok, text = toks[i], lowers[i]
        if i + 2 < n and lowers[i + 1] == "-" and not tok.whitespace_ and not toks[i + 1].whitespace_:
            j = i  # `week-end`, `start-up`, `Covid-19`
            while j + 2 < n and lowers[j + 1] == "-" and not toks[j].whitespace_ and not toks[j + 1].whitespace_:
                j += 2
            group = toks[i:j + 1]
            text = "".join(lowers[i:j + 1])
            if (all(t.is_alpha for t in group[::2]) and not any(t.ent_type_ for t in group)
                    and fold(text) not in VAGUE and fold(text) not in skip):
                words.append(Word(group, text, "NOUN" if any(t.pos_ == "NOUN" for t in group) else tok.pos_))
            else:
                words.append(text)
            i = j + 1
            continue
        pos = tok.pos_
        words.append(Word([tok], text, pos) if _content(tok, text, pos, skip, nouns) else text)
        i += 1
    return words


def _runs(words: list[Word | str]) -> list[tuple[list[Word], list[str], list[Word]]]:
    """(head, link, complement): content words, then optionally `de` (+ article) and more content words."""
    runs = []
    i, n = 0, len(words)
    while i < n:
        if isinstance(words[i], str):
            i += 1
            continue
        head: list[Word] = []
        while i < n and not isinstance(words[i], str) and len(head) < MAX_WORDS:
            head.append(words[i])
            i += 1
        link: list[str] = []
        tail: list[Word] = []
        if i < n and len(head) < MAX_WORDS and isinstance(words[i], str) and words[i] in LINKS:
            j = i + 1
            if j < n and isinstance(words[j], str) and words[j] in ARTICLES and words[i] in ("de", "d'", "d’"):
                j += 1
            k = j
            while k < n and not isinstance(words[k], str) and len(head) + len(tail) < MAX_WORDS:
                tail.append(words[k])
                k += 1
            if k < n and not isinstance(words[k], str):
                tail = []  # `établissement scolaire du second [degré]`: a cut complement says nothing
            if tail:
                link = words[i:j]
                i = k
        runs.append((head, link, tail))
    return runs


def _noun_group(words: list[Word], nouns: frozenset[str], is_verb: Callable[[str], bool]) -> list[Word]:
    """Cut what a noun group cannot hold: a noun after a postposed adjective (`marché français compte`), verbs
    at either end (`maladie progresse`; the tagger's VERB and ADV are kept when they are nouns: `client`)."""
    def adjective(w: Word) -> bool:
        return w.pos == "ADJ" or (w.pos == "VERB" and w.text.endswith(PARTICIPLE_ENDINGS))

    for n in range(2, len(words)):  # after a noun and its adjective, only another adjective
        if not adjective(words[n]) and adjective(words[n - 1]) and words[n - 2].pos in NOUNISH:
            words = words[:n]
            break

    def verb(w: Word) -> bool:
        if w.pos == "VERB" and w.text.endswith(PARTICIPLE_ENDINGS):
            return False  # `personnel soignant`, `colis perdu`
        return (w.pos in ("VERB", "ADV") and w.text not in nouns) or is_verb(w.text)

    while words and verb(words[-1]):
        words = words[:-1]
    while words and verb(words[0]):
        words = words[1:]
    return words


def _singular(word: Word) -> str | None:
    """The singular of a plural noun or adjective, None when it cannot be told (then the group stays plural)."""
    form = word.text
    if not form.endswith(("s", "x")):
        return form
    if word.pos == "VERB" and form.endswith(("és", "ées", "is", "ies", "us", "ues", "ts", "tes")):
        return form[:-1]  # a participle: `véhicules équipés` → `véhicule équipé`
    tok = word.tokens[0]
    if len(word.tokens) > 1 or word.pos not in ("NOUN", "ADJ") or "Plur" not in tok.morph.get("Number"):
        return form
    lemma = tok.lemma_.lower()
    if form == lemma:
        return form  # `prix`
    if form[:-1] == lemma:
        singular = lemma  # `investissements` → `investissement`
    elif form.endswith("es") and form[:-1].startswith(lemma):
        singular = form[:-1]  # `aériennes` → `aérienne`, `sociales` → `sociale`
    elif form.endswith("aux") and lemma.endswith(("al", "ail")):
        singular = lemma  # `sociaux` → `social`
    else:
        return None
    return singular if _written(singular, form) else None


def _written(singular: str, form: str) -> bool:
    """The singular is a word people write, not the lemmatizer's guess at a word that ends in -s
    (`nounours` → `nounour`, `temps` → `temp`): it has a vector and is not far rarer than the form."""
    rank, form_rank = word_vectors.frequency_rank(singular), word_vectors.frequency_rank(form)
    return rank is not None and (form_rank is None or rank < RARER * (form_rank + 1))


def _noun(word: Word, nouns: frozenset[str]) -> bool:
    """Tagged a noun, or a known noun the tagger called something else (`l'abonnement` as VERB)."""
    return word.pos in NOUNISH or (word.pos != "ADJ" and word.text in nouns)


def _alone_noun(word: Word, nouns: frozenset[str], adjectives: frozenset[str]) -> bool:
    """A one-word keyphrase must be a noun: `temporaire` is not; `commun`, `simple` (nouns and adjectives) only
    after a determiner (`le commun des mortels`)."""
    if not nouns:
        return True
    tok = word.tokens[0]
    lemma = tok.lemma_.lower()
    if word.text not in nouns and lemma not in nouns:
        return False
    if word.text in adjectives or lemma in adjectives:
        return tok.i > 0 and tok.doc[tok.i - 1].pos_ == "DET"
    return True


def _phrase(head: list[Word], link: list[str], tail: list[Word]) -> str:
    singular = [_singular(w) for w in head]
    text = " ".join(s for s in singular) if all(s is not None for s in singular) else " ".join(w.text for w in head)
    if link:
        joint = " ".join(w.replace("’", "'") for w in link)
        text += f" {joint}{'' if joint.endswith(chr(39)) else ' '}{' '.join(w.text for w in tail)}"
    return text


def keyphrases(toks: list[Token], lowers: list[str], skip: Iterable[str] = (),
               lexicon: Lexicon | None = None) -> list[tuple[str, float]]:
    """Up to MAX_KEYPHRASES (phrase, score in (0, 1]) of the tokens of a Doc (`list(doc)`: every doc[i] would
    build a new Token object) and their lower-case texts; `skip` holds folded brand names to leave out. The
    lexicon's nouns rescue words the tagger calls adverbs, and a phrase of one word must be a noun."""
    lexicon = lexicon or Lexicon()
    nouns = lexicon.nouns
    words = _words(toks, lowers, set(skip), nouns)
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for run, link, tail in _runs(words):
        head = _noun_group(run, nouns, lexicon.is_verb)
        tail = _noun_group(tail, nouns, lexicon.is_verb) if head and head[-1] is run[-1] else []  # `de` on a gone word
        if not tail:
            link = []
        if tail and not any(_noun(w, nouns) for w in tail):
            link, tail = [], []
        content = head + tail
        if not any(_noun(w, nouns) for w in head):
            continue  # `menacée de fermeture`
        if len(content) == 1 and not _alone_noun(content[0], nouns, lexicon.adjectives):
            continue
        phrase = _phrase(head, link, tail)
        counts[phrase] = counts.get(phrase, 0) + 1
        order.setdefault(phrase, len(order))
        sizes[phrase] = len(content)
    if not counts:
        return []
    top = max(counts.values())
    ranked = sorted(counts, key=lambda p: (-counts[p], -sizes[p], order[p]))[:MAX_KEYPHRASES]
    return [(p, round(min(1.0, 0.3 + 0.15 * sizes[p] + 0.4 * counts[p] / top), 3)) for p in ranked]
