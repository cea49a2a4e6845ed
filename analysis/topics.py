"""Topics of a mention: taxonomy categories (keyphrases: `keyphrases.py`; entities: `entities.py`)."""

from __future__ import annotations

from spacy.tokens import Doc

from analysis.brands import fold
from analysis.taxonomy import CATEGORY_CUES


def _cue_index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for category, cues in CATEGORY_CUES.items():
        for cue in cues:
            words = tuple(fold(cue).replace("'", "' ").split())
            index.setdefault(words[0], []).append((category, words))
    return index


_CUES = _cue_index()


def categories(doc: Doc) -> list[tuple[str, float]]:
    """(category, score) of the e-reputation taxonomy; score = 1 − 0.5^cues found."""
    forms, lemmas = [], []
    for t in doc:
        forms.append(fold(t.text))
        lemmas.append(fold(t.lemma_))
    hits: dict[str, int] = {}
    for i in range(len(forms)):
        for seq in (forms, lemmas):
            for category, words in _CUES.get(seq[i], ()):
                if tuple(seq[i:i + len(words)]) == words:
                    hits[category] = hits.get(category, 0) + 1
                    break
            else:
                continue
            break
    return sorted(((c, round(1 - 0.5 ** k, 3)) for c, k in hits.items()), key=lambda x: -x[1])
