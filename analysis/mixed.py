"""Mixed opinions: real praise and real blame about the same thing, with no clear winner.

"Livraison rapide mais produit décevant" is neither a complaint nor praise: counted as negative it
would inflate a brand's negativity (3-star reviews are mostly like this). The text is cut into
clauses (`brands.clause_bounds`); it is mixed when one clause is clearly positive, another clearly
negative, the two sides are about as strong (the weaker has at least `BALANCE` of the stronger's
clauses) and the text as a whole is not clearly one-sided. The thresholds are chosen on real
reviews and tweets (docs/nlp.md, "Avis mitigés"), never learned into weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.brands import clause_bounds
from analysis.sentiment_features import Features, Tok, extract
from analysis.sentiment_model import SentimentModel

CLAUSE_POLAR = 0.8  # P(positive) or P(negative) of a clause that counts as praise or blame
WHOLE_MAX = 0.9  # above this P(positive) or P(negative), the text as a whole is one-sided: not mixed
BALANCE = 0.5  # clauses of the weaker side / clauses of the stronger side
CONTENT = frozenset({"NOUN", "ADJ", "VERB", "ADV", "INTJ", "PROPN"})


def may_be_mixed(features: Features) -> bool:
    """Cheap test first: the lexicons saw both praise and blame (dense features `has_pos`, `has_neg`)."""
    return bool(features.dense[6]) and bool(features.dense[7])


def is_mixed(model: SentimentModel, toks: Sequence[Tok], whole: np.ndarray) -> bool:
    """Whether `toks` (a text, or a brand's context) hold balanced praise and blame; `whole` = its probabilities."""
    if max(whole[0], whole[2]) >= WHOLE_MAX:
        return False
    clauses = [toks[a:b] for a, b in clause_bounds([t.lower for t in toks])]
    clauses = [c for c in clauses if sum(t.pos in CONTENT for t in c) >= 2]
    if len(clauses) < 2:
        return False
    p = model.probabilities([extract(c) for c in clauses])
    praise, blame = int((p[:, 2] >= CLAUSE_POLAR).sum()), int((p[:, 0] >= CLAUSE_POLAR).sum())
    return bool(praise and blame and min(praise, blame) >= BALANCE * max(praise, blame))
