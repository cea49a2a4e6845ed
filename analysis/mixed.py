"""Mixed opinions: real praise and real blame about the same thing, with no clear winner.

"Livraison rapide mais produit décevant" is neither a complaint nor praise: counted as negative it
would inflate a brand's negativity (3-star reviews are mostly like this). The text is cut into
clauses (`brands.clause_bounds`); it is mixed when it has clearly positive and clearly negative clauses,
the weaker side at least half the stronger (`BALANCE`), and the text as a whole is not clearly one-sided
(`WHOLE_MAX`). Chosen on real text (docs/nlp.md, "Mitigé"): equal sides only (`BALANCE` 1.0) found 1 of the
18 mixed pairs of the real development set; half finds 4 (F1 9.1 → 26.7) and lifts Trustpilot's neutral
recall from 28 to 31.5 %, at the price of Allociné, whose film reviews are labelled positive or negative
even when they weigh pros and cons (accuracy 83.2 → 77.6 %). Looser clause or whole-text thresholds cost
DEFT its 70 % negative recall. A short text turned by `mais` is also mixed when its two sides disagree
(`_turned`): real dev set mixed F1 25.0 → 40.0, Trustpilot neutral recall 33.2 → 35.0 %, DEFT unchanged,
Allociné F1 unchanged (accuracy 78.4 → 78.1). Nothing here is learned.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.brands import clause_bounds
from analysis.sentiment_features import Features, Tok, extract
from analysis.sentiment_model import SentimentModel
from storage.records import Sentiment

CLAUSE_POLAR = 0.8  # P(positive) or P(negative) of a clause that counts as praise or blame
WHOLE_MAX = 0.8  # from this P(positive) or P(negative), the text as a whole is one-sided: not mixed
BALANCE = 0.5  # clauses of the weaker side / clauses of the stronger side
TURN_WORDS = frozenset({"mais", "cependant", "pourtant", "revanche", "toutefois", "néanmoins", "neanmoins"})
TURN_POLAR = 0.7  # P(positive) of one side and P(negative) of the other, around the turn
TURN_MAX_CLAUSES = 3  # clauses with a content word: a short review or post (6 cost Allociné, docs/nlp.md)
CONTENT = frozenset({"NOUN", "ADJ", "VERB", "ADV", "INTJ", "PROPN"})


def may_be_mixed(features: Features) -> bool:
    """Cheap test first: the lexicons saw both praise and blame."""
    return all(features.lexicon_sides())


def is_mixed(model: SentimentModel, toks: Sequence[Tok], whole: np.ndarray) -> bool:
    """Whether `toks` (a text, or a brand's context) hold balanced praise and blame, or are a short text turned from
    one to the other by `mais`; `whole` = its probabilities."""
    lowers = [t.lower for t in toks]
    bounds = clause_bounds(lowers)
    return _balanced(model, toks, bounds, whole) or _turned(model, toks, lowers, bounds)


def _balanced(model: SentimentModel, toks: Sequence[Tok], bounds: list[tuple[int, int]], whole: np.ndarray) -> bool:
    """Clearly positive and clearly negative clauses, the weaker side at least BALANCE of the other, in a text that
    does not lean clearly one way."""
    if max(whole[0], whole[2]) >= WHOLE_MAX:
        return False
    clauses = [toks[a:b] for a, b in bounds]
    clauses = [c for c in clauses if sum(t.pos in CONTENT for t in c) >= 2]
    if len(clauses) < 2:
        return False
    praise = blame = 0
    for n, clause in enumerate(clauses):  # one at a time: stop as soon as the rest cannot make it mixed
        p = model.probabilities([extract(clause)])[0]
        praise, blame = praise + int(p[2] >= CLAUSE_POLAR), blame + int(p[0] >= CLAUSE_POLAR)
        left = len(clauses) - n - 1
        if (not praise) + (not blame) > left or min(praise, blame) + left < BALANCE * max(praise, blame):
            return False
    return bool(praise and blame and min(praise, blame) >= BALANCE * max(praise, blame))


def _turned(model: SentimentModel, toks: Sequence[Tok], lowers: list[str], bounds: list[tuple[int, int]]) -> bool:
    """A short text turned by `mais` (`cependant`, `en revanche`, `par contre`…) from praise to blame or back:
    "Produit de qualité mais malheureusement trop cher". The model reads the whole as the side after the turn
    (P(negative) 0.97 here), so `_balanced` never sees it; the reader hears both. A turn word counts where it
    opens a clause (`brands.clause_bounds`): `toutefois`, `néanmoins` after punctuation only."""
    turns = [a for a, _ in bounds[1:] if lowers[a] in TURN_WORDS or (lowers[a] == "contre" and lowers[a - 1] == "par")]
    if not turns or sum(any(t.pos in CONTENT for t in toks[a:b]) for a, b in bounds) > TURN_MAX_CLAUSES:
        return False  # clauses with a content word: `!!!` or the `par` of `par contre` do not make a text longer
    for a in turns:
        before, after = model.probabilities([extract(toks[:a]), extract(toks[a:])])
        if min(before[2], after[0]) >= TURN_POLAR or min(before[0], after[2]) >= TURN_POLAR:
            return True
    return False


def judge(model: SentimentModel, toks: Sequence[Tok], features: Features, p: np.ndarray) -> Sentiment:
    """The label rule, then the mixed-opinion test (`is_mixed`): a mixed text is neutral, with the `mixed` flag."""
    label, score = model.decide(p)
    if may_be_mixed(features) and is_mixed(model, toks, p):
        return Sentiment("neutral", score, True)
    return Sentiment(label, score)


def verdicts(model: SentimentModel, texts_toks: Sequence[Sequence[Tok]]) -> list[Sentiment]:
    """What the tagger says of whole texts (evaluation, `veille eval sentiment`): rule and mixed test."""
    features = [extract(toks) for toks in texts_toks]
    return [judge(model, toks, f, p) for toks, f, p in zip(texts_toks, features, model.probabilities(features),
                                                            strict=True)]
