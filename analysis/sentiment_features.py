"""Sentiment features of a token sequence: negation-marked n-grams + lexicon scores.

One pass over the tokens applies the rules of `rules.py`: social-media spellings are
normalised, fixed expressions (`rien à redire`, `merci pour rien`) are matched first and
never negated, a negator flips the polarity of the next few content words of its clause,
intensifiers and elongations (`nuuul`) strengthen the next polar word, and irony markers
(🙄, `comme d'hab`, …) turn praise into blame when the text also complains.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from analysis import word_vectors
from analysis.lexicons import (
    EMOTIONS_OF_POLARITY,
    FEELING_WORDS,
    OWN_EMOTIONS,
    OWN_WEIGHT,
    FeelEntry,
    feel,
    own_polarity,
    phrase_starts,
    textblob_polarity_lexicon,
)
from analysis.rules import (
    DIMINISHERS,
    GRADES_ONLY,
    INTENSIFIERS,
    INVERTER_REACH,
    INVERTERS,
    IRONY_EMOJI,
    IRONY_HASHTAGS,
    IRONY_WORDS,
    LAUGHS,
    NE,
    NEGATORS,
    NEGATORS_AFTER_NE,
    SCOPE_BREAKERS,
    SCOPE_TOKENS,
    SLANG,
    squeeze,
)

CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV", "INTJ", "X", "PROPN"})
# The words whose vector polarity counts (`word_vectors.row_polarities`): names and grammatical words carry no judgement.
VECTOR_POLARITY_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV", "INTJ", "X"})
VECTOR_POLARITY_SCALE = 2.0  # their weight next to the other dense features (chosen on DEFT's train split)
VECTOR_POLARITY_CLEAR = 0.5  # a word whose vector polarity is beyond ±this counts in the balance
EMOTION_POS = frozenset({"NOUN", "ADJ", "VERB"})  # FEEL's emotions on other words (leur, très…) are noise
DENSE_NAMES = (
    "own_pos", "own_neg", "textblob_pos", "textblob_neg", "feel_pos", "feel_neg", "has_pos", "has_neg",
    "negations", "exclamations", "question", "irony", "laugh", "elongated", "short",
    "vector_polarity_mean", "vector_polarity_max", "vector_polarity_min", "vector_polarity_balance",
)
HAS_POS, HAS_NEG = DENSE_NAMES.index("has_pos"), DENSE_NAMES.index("has_neg")
OWN_POS, TEXTBLOB_POS = DENSE_NAMES.index("own_pos"), DENSE_NAMES.index("textblob_pos")
N_INPUTS = len(DENSE_NAMES) + word_vectors.WIDTH  # dense model inputs per text (see Features.inputs)
MAX_PHRASE = 6
VECTOR_SCALE = 2.0  # the unit-length text vector's weight next to the lexicon features
# The weights of the rules (chosen on written texts in round one; the model learns on top of them).
ELONGATION_BOOST = 1.3  # a stretched word (`nuuul`) counts this much more
NEGATED_POSITIVE = 0.8  # `pas terrible`: a negated positive word is worth this share, as blame
NEGATED_NEGATIVE = 0.5  # `jamais déçu`: a negated negative word is only mildly praise
INVERTED_SHARE = 0.7  # `moins cher`: an inverted polar word is worth this share, flipped
IRONY_SHARE = 0.7  # the share of praise that irony turns into blame
TEXTBLOB_SHARE = 0.5  # textblob-fr's evidence next to ours in `lexicon_score`
FEATURE_CAP = 2.0  # scaled lexicon sums are capped here
SHORT_TEXT = 12  # content words up to which a text is short (dense feature `short`)
N_HASHED = 2**18  # columns of the hashed terms in the models


class Tok(NamedTuple):
    """What the features need from a spaCy token (plain tuples, so slices and tests need no Doc)."""

    lower: str
    lemma: str
    pos: str


class Features(NamedTuple):
    terms: list[str]  # hashed into the sparse part of the model
    dense: np.ndarray  # DENSE_NAMES, scaled to about [-1, 1]
    lexicon_score: float  # signed lexicon evidence (negation, intensity and irony applied)
    emotion_hits: dict[str, int]  # weighted emotions of the words not negated (FEEL 1, ours OWN_WEIGHT)
    emotional_words: int  # weight of the words that carry at least one emotion
    felt_emotion_hits: dict[str, int]  # the part of emotion_hits from words naming a feeling, and emoji
    vector: np.ndarray  # mean word vector of the terms (negated ones subtracted), × VECTOR_SCALE
    hashed: tuple[np.ndarray, np.ndarray]  # `term_vector(terms)`: hashed once, read by the sentiment and motivation models

    def inputs(self) -> np.ndarray:
        """The dense model inputs: lexicon features, then the text vector."""
        return np.concatenate([self.dense, self.vector])

    def lexicon_sides(self) -> tuple[bool, bool]:
        """Whether the lexicons saw praise, and blame (dense features `has_pos`, `has_neg`)."""
        return bool(self.dense[HAS_POS]), bool(self.dense[HAS_NEG])

    def praise_weights(self) -> tuple[float, float]:
        """The praise of our own lexicon, and of textblob-fr's adjectives, each summed over √(words + 1)."""
        return float(self.dense[OWN_POS]), float(self.dense[TEXTBLOB_POS])


@lru_cache(maxsize=65_536)  # bounded: a stream of new words must not grow it forever
def normalise(lower: str) -> tuple[str, bool]:
    """Standard spelling of a lower-cased token, and whether it was elongated (`trooop`)."""
    norm, elongated = squeeze(lower)
    return SLANG.get(norm, norm), elongated


def term_indices(terms: Sequence[str]) -> list[int]:
    """Columns of terms: CRC-32 of their UTF-8 bytes (stdlib, stable across runs and machines; importing
    scikit-learn's hasher would cost ~120 MB per process), computed without a Python call per term."""
    crcs = np.fromiter(map(zlib.crc32, map(str.encode, terms)), dtype=np.int64, count=len(terms))
    return (crcs % N_HASHED).tolist()


def term_vector(terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed columns and L2-normalised counts of a text's terms."""
    counts = Counter(term_indices(terms))  # first-seen order, as the weights are summed in
    vals = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    norm = float(np.sqrt(vals @ vals)) or 1.0
    return np.fromiter(counts, dtype=np.int64, count=len(counts)), vals / norm


@dataclass(slots=True)
class ClauseState:
    """What the words of a clause hand on to the next ones: the remaining reach of a negation (`scope`), whether
    a `ne` was seen, the boost of an intensifier waiting for its polar word, the reach of an inverter."""

    scope: int = 0
    saw_ne: bool = False
    boost: float = 1.0
    inverted: int = 0

    def reset(self) -> None:
        """The clause ends (punctuation, `mais`, a line break): negation and boost stop there, an inverter not."""
        self.scope, self.saw_ne, self.boost = 0, False, 1.0


def _phrase_at(norms: list[str], lemmas: list[str], i: int) -> tuple[int, float]:
    """The longest fixed expression starting at `i` (a word of `phrase_starts()`): its length and value."""
    phrases, starts = own_polarity()[1], phrase_starts()
    by_norm, by_lemma = starts.get(norms[i], ()), starts.get(lemmas[i], ())
    for length in range(min(MAX_PHRASE, len(norms) - i), 1, -1):
        for seq, lengths in ((norms, by_norm), (lemmas, by_lemma)):
            if length in lengths:
                value = phrases.get(tuple(seq[i:i + length]))
                if value is not None:
                    return length, value
    return 0, 0.0


def _is_break(tok: Tok, norm: str, words: dict[str, float]) -> bool:
    """Punctuation (not an emoticon of the lexicon `words`) or a scope breaker ends a negation's reach."""
    return (tok.pos == "PUNCT" and norm not in words) or norm in SCOPE_BREAKERS


def _modifies(toks: Sequence[Tok], norms: list[str], i: int) -> bool:
    """Whether the word before position `i` is an intensifier of the next word (`super lent`), not a
    word of its own (`super service`, `c'est trop`, `beaucoup mieux`: see GRADES_ONLY)."""
    graded = GRADES_ONLY.get(norms[i - 1])
    while i < len(toks) and toks[i].pos == "SPACE":
        i += 1
    words = own_polarity()[0]
    if i >= len(toks) or _is_break(toks[i], norms[i], words) or (graded is not None and norms[i] not in graded):
        return False
    return (toks[i].pos in ("ADJ", "ADV", "VERB") or norms[i] in words or norms[i] in textblob_polarity_lexicon()
            or norms[i] in INTENSIFIERS)


class TokFacts(NamedTuple):
    """What `extract` reads of a token that does not depend on its neighbours, worked out once per distinct token
    (`tok_facts`): the dictionary lookups are most of the cost of a pass over a text, and a stream repeats its words."""

    norm: str  # standard spelling (`normalise`)
    lemma: str  # the lemma, or the standard spelling when it differs from the written form
    elongated: bool
    starts: bool  # may start a fixed expression
    plain: bool  # none of the grammatical words (negators, intensifiers, breaks, irony, `!`, `?`): a content word
    term: str  # its term (the lemma, `<NUM>` for a number)
    vector_pos: bool  # its vector polarity counts
    value: float  # our lexicon
    tb_value: float  # textblob-fr
    feel_entry: FeelEntry | None
    carried: tuple[str, ...] | None  # the emotions it carries when not negated
    weight: int  # their weight (OWN_WEIGHT for ours, 1 for FEEL's)
    feeling: bool  # it names a feeling: its emotions count in `felt_emotion_hits`


# Every word one of `extract`'s grammatical branches reacts to (irony, laughs, negators, intensifiers…)
GRAMMATICAL = frozenset().union(IRONY_EMOJI, IRONY_HASHTAGS, IRONY_WORDS, ("...", "…"), LAUGHS, NE, NEGATORS,
                                NEGATORS_AFTER_NE, INTENSIFIERS, DIMINISHERS, INVERTERS)
# Emotions that our judging words show when exclaimed ("Arnaque !", "Quelle honte !"); praise exclaimed ("Envoi
# rapide et soigné !") is not joy for the annotators of the real development set.
OUTRAGE = frozenset({"anger", "disgust"})
SENTENCE_ENDS = ".?…;"  # first characters of the marks that end a sentence without `!`
_FACTS: dict[Tok, TokFacts] = {}
FACTS_LIMIT = 30_000  # distinct tokens remembered (~20 MB at most); emptied beyond, so new words do not grow it


def tok_facts(tok: Tok) -> TokFacts:
    """`TokFacts` of a token, from the bounded cache."""
    facts = _FACTS.get(tok)
    if facts is None:
        if len(_FACTS) >= FACTS_LIMIT:
            _FACTS.clear()
        facts = _FACTS[tok] = _work_out_facts(tok)
    return facts


def _work_out_facts(tok: Tok) -> TokFacts:
    words, textblob, feel_lex, starts = own_polarity()[0], textblob_polarity_lexicon(), feel(), phrase_starts()
    norm, elongated = normalise(tok.lower)
    lemma = norm if norm != tok.lower else tok.lemma.lower()
    plain = not (norm.startswith("!") or "?" in norm or norm in GRAMMATICAL or _is_break(tok, norm, words))
    feel_entry = feel_lex.get(lemma) or feel_lex.get(norm) if tok.pos in CONTENT_POS else None
    carried, weight = OWN_EMOTIONS.get(norm) or OWN_EMOTIONS.get(lemma), OWN_WEIGHT
    if not carried and feel_entry is not None and tok.pos in EMOTION_POS:
        carried = tuple(e for e in feel_entry.emotions if e in EMOTIONS_OF_POLARITY[feel_entry.polarity])
        weight = 1
    return TokFacts(norm, lemma, elongated, norm in starts or lemma in starts, plain,
                    lemma if not tok.lower.isdigit() else "<NUM>", tok.pos in VECTOR_POLARITY_POS,
                    words.get(norm, words.get(lemma, 0.0)), textblob.get(norm, 0.0), feel_entry, carried, weight,
                    norm in FEELING_WORDS or lemma in FEELING_WORDS)


def extract(toks: Sequence[Tok]) -> Features:
    """Features of one text (or of a clause of it)."""
    words = own_polarity()[0]
    facts = [tok_facts(t) for t in toks]
    norms = [f.norm for f in facts]
    lemmas = [f.lemma for f in facts]

    terms: list[str] = []
    own = [0.0, 0.0]  # positive sum, negative sum (as a positive number)
    tb = [0.0, 0.0]
    fl = [0, 0]
    state = ClauseState()
    negations = exclamations = elongated = 0
    question = laugh = irony_marker = False
    content = emotional = 0
    # The words whose vector polarity counts: their index in `terms`, or −1 − k for the k-th word of `extra` (judged
    # words that are not their term: a number's term is <NUM>); and their signs (−1 when negated).
    judged: list[int] = []
    judged_signs: list[float] = []
    extra: list[str] = []
    emotions: dict[str, int] = {}
    felt: dict[str, int] = {}
    exclaimed: dict[str, int] = {}  # emotions of our words that judge (`scandaleux`), felt if their sentence ends in !
    i = 0
    while i < len(toks):
        tok, f = toks[i], facts[i]
        if tok.pos == "SPACE":
            if "\n" in tok.lower:
                state.reset()
                exclaimed.clear()
            i += 1
            continue
        length, fixed = _phrase_at(norms, lemmas, i) if f.starts else (0, 0.0)
        if length:
            value = fixed * state.boost
            own[0 if value > 0 else 1] += abs(value)
            terms.append("PH_" + "_".join(norms[i:i + length]))
            i, state.scope, state.boost = i + length, 0, 1.0
            continue
        i += 1
        if not f.plain:
            norm = f.norm
            if norm.startswith("!"):
                exclamations += norm.count("!")
            if "?" in norm:
                question = True
            if norm in IRONY_EMOJI or norm in IRONY_HASHTAGS or norm in IRONY_WORDS or norm in ("...", "…"):
                irony_marker = True
            if norm in LAUGHS:
                laugh = True
            if _is_break(tok, norm, words):
                state.reset()
                if exclaimed and "!" in norm:  # "Arnaque, colis jamais reçu !": the author shows the feeling
                    for e, w in exclaimed.items():
                        felt[e] = felt.get(e, 0) + w
                    exclaimed.clear()
                elif exclaimed and norm[:1] in SENTENCE_ENDS:  # a sentence that does not exclaim
                    exclaimed.clear()
                if norm in ("!", "?"):
                    terms.append(norm)
                continue
            if norm in NE:
                state.saw_ne, state.scope = True, SCOPE_TOKENS
                continue
            if norm in NEGATORS or (state.saw_ne and norm in NEGATORS_AFTER_NE):
                state.scope, negations = SCOPE_TOKENS, negations + 1
                terms.append("NEG")
                continue
            if norm in INTENSIFIERS and _modifies(toks, norms, i):
                state.boost = INTENSIFIERS[norm]
                continue
            if norm in DIMINISHERS:
                state.boost = DIMINISHERS[norm]
                continue
            if norm in INVERTERS:
                state.inverted = INVERTER_REACH
                terms.append(norm)
                continue
        content += 1
        negated = state.scope > 0
        term = f.term
        terms.append(("NOT_" + term) if negated else term)
        if f.vector_pos:
            judged.append(len(terms) - 1 if term == f.lemma else -1 - len(extra))
            if term != f.lemma:
                extra.append(f.lemma)
            judged_signs.append(-1.0 if negated else 1.0)

        value, tb_value, feel_entry = f.value, f.tb_value, f.feel_entry
        strength = state.boost * (ELONGATION_BOOST if f.elongated else 1.0)
        elongated += f.elongated
        if negated:  # "pas terrible" is mildly negative, "jamais déçu" mildly positive
            value, tb_value = (-v * (NEGATED_POSITIVE if v > 0 else NEGATED_NEGATIVE) for v in (value, tb_value))
        if state.inverted and (value or tb_value):  # "moins cher"
            value, tb_value, state.inverted = -INVERTED_SHARE * value, -INVERTED_SHARE * tb_value, 0
        elif state.inverted:
            state.inverted -= 1
        if value:
            own[0 if value > 0 else 1] += abs(value) * strength
        if tb_value:
            tb[0 if tb_value > 0 else 1] += abs(tb_value) * strength
        if feel_entry is not None:
            fl[0 if (feel_entry.polarity > 0) != negated else 1] += 1
        if not negated and f.carried:
            weight = f.weight
            emotional += weight
            for e in f.carried:
                emotions[e] = emotions.get(e, 0) + weight
                if weight == OWN_WEIGHT and f.feeling:
                    felt[e] = felt.get(e, 0) + weight
                elif weight == OWN_WEIGHT and e in OUTRAGE:
                    exclaimed[e] = exclaimed.get(e, 0) + weight
        if value or tb_value or feel_entry is not None:
            state.boost = 1.0
        if state.scope:
            state.scope -= 1

    irony = irony_marker and own[0] > 0 and (own[1] > 0 or fl[1] > 0)
    if irony:  # "Génial, encore une panne 🙄": the praise is blame
        own = [0.0, own[1] + IRONY_SHARE * own[0]]
    n = len(terms)
    found, rows = word_vectors.lookup([t.removeprefix("NOT_") for t in terms] + extra)  # one search for both
    vector = VECTOR_SCALE * word_vectors.mean_vector(found[:n], rows[:int(found[:n].sum())],
                                                     [-1.0 if t.startswith("NOT_") else 1.0 for t in terms])
    row_of = np.full(len(found), -1, np.int64)
    row_of[found] = rows
    judged_rows = row_of[[j if j >= 0 else n - 1 - j for j in judged]]
    judged_found = judged_rows >= 0
    polarity = vector_polarity(judged_found, word_vectors.row_polarities(judged_rows[judged_found]), judged_signs)
    if len(terms) > 1:
        terms += [f"{a}|{b}" for a, b in zip(terms, terms[1:], strict=False)]
    scale = 1.0 / math.sqrt(content + 1)
    cap = FEATURE_CAP
    dense = np.array([
        min(own[0] * scale, cap), min(own[1] * scale, cap), min(tb[0] * scale, cap), min(tb[1] * scale, cap),
        min(fl[0] * scale, cap), min(fl[1] * scale, cap), float(own[0] > 0 or tb[0] > 0), float(own[1] > 0 or tb[1] > 0),
        min(negations, 3) / 3, min(exclamations, 3) / 3, float(question), float(irony), float(laugh),
        float(elongated > 0), float(content <= SHORT_TEXT), *polarity,
    ], dtype=np.float32)
    return Features(terms, dense, own[0] - own[1] + TEXTBLOB_SHARE * (tb[0] - tb[1]), emotions, emotional, felt, vector,
                    term_vector(terms))


def vector_polarity(found: np.ndarray, scores: np.ndarray, signs: Sequence[float]) -> tuple[float, float, float, float]:
    """Mean, highest, lowest vector polarity of the words (negated ones flipped) and the balance of the clearly
    polar ones over √n, × VECTOR_POLARITY_SCALE; zeros when no word has a vector. `found`: which words have a
    vector, `scores`: their polarities (`word_vectors.row_polarities`), `signs`: −1 for a negated word."""
    if not found.any():
        return 0.0, 0.0, 0.0, 0.0
    signed = scores * np.asarray(signs, dtype=np.float32)[found]
    clear = np.sign(signed[np.abs(signed) > VECTOR_POLARITY_CLEAR]).sum() / math.sqrt(len(signed))
    return tuple(VECTOR_POLARITY_SCALE * float(x) for x in (signed.mean(), signed.max(), signed.min(), clear))


def doc_toks(tokens) -> list[Tok]:
    """spaCy tokens (a Doc or a Span) → `Tok`s, one per token (indices stay aligned); URLs and @handles masked."""
    return words_and_toks(tokens)[1]


def words_and_toks(tokens) -> tuple[list[str], list[Tok]]:
    """The tokens' texts, and their `Tok`s (`doc_toks`), in one pass: building spaCy's Token objects is the cost."""
    words, out = [], []
    for t in tokens:
        text = t.text
        words.append(text)
        if t.is_space:
            out.append(Tok(text, text, "SPACE"))
        elif t.like_url:
            out.append(Tok("<url>", "<url>", "X"))
        elif text.startswith("@") and len(text) > 1:
            out.append(Tok("<user>", "<user>", "X"))
        else:
            out.append(Tok(t.lower_, t.lemma_, t.pos_))
    return words, out
