"""Topics of a mention: taxonomy categories (keyphrases: `keyphrases.py`; entities: `entities.py`)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from analysis.brands import fold_apostrophes
from analysis.taxonomy import NOT_CUES, STRONG_CUES, WEAK_CUES

STRONG, WEAK = 1.0, 0.5  # evidence of one cue (taxonomy.py)
MIN_EVIDENCE = 0.5  # in a short text one cue is enough; a weak one gives a lower score and ranks after strong ones
# A long text holds cues of every category by chance (a sysadmin's blog post: `commande`, `version`, `réponse`): the
# evidence needed grows with the tokens read, one cue per TOKENS_PER_CUE, up to three strong cues. Chosen on the real
# development set (docs/nlp.md, « Catégories ») : macro-F1 53.1 → 57.8, flat from 150 to 300 tokens per cue.
TOKENS_PER_CUE = 300
MAX_EVIDENCE_NEEDED = 3 * STRONG
MAX_CATEGORIES = 3


def _cue_index() -> dict[str, list[tuple[str | None, tuple[str, ...], float]]]:
    index: dict[str, list[tuple[str | None, tuple[str, ...], float]]] = {}
    for weight, table in ((STRONG, STRONG_CUES), (WEAK, WEAK_CUES), (0.0, {None: NOT_CUES})):
        for category, cues in table.items():
            for cue in cues:
                words = tuple(fold_apostrophes(cue).replace("'", "' ").split())
                index.setdefault(words[0], []).append((category, words, weight))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[1]))  # "service client" before "service"
    return index


_CUES = _cue_index()


def categories(toks: Sequence[Token], scope: list[tuple[int, int]] | None = None) -> list[tuple[str, float]]:
    """(category, score) of the e-reputation taxonomy, at most MAX_CATEGORIES, strongest first.

    Only the tokens in `scope` count (the brands' own context, see `brands.brand_contexts`; None: the
    whole text), and each distinct cue once: "livraison … livraison" is one piece of evidence; a category needs
    `evidence_needed` of it. score = 1 − 0.5^evidence. `toks`: the Doc's tokens (`list(doc)`, built once by the
    caller).
    """
    forms = [fold_apostrophes(t.text) for t in toks]
    lemmas = [fold_apostrophes(t.lemma_) for t in toks]
    evidence: dict[str, dict[tuple[str, ...], float]] = {}
    ranges = scope if scope is not None else [(0, len(forms))]
    for start, end in ranges:
        for i in range(start, end):
            for seq in (forms, lemmas):
                cues = _CUES.get(seq[i])
                if cues is None:  # most words: no cue starts with them
                    continue
                hit = next(((c, w, weight) for c, w, weight in cues if tuple(seq[i:min(i + len(w), end)]) == w), None)
                if hit:
                    if hit[0] is not None:  # not a NOT_CUE
                        evidence.setdefault(hit[0], {})[hit[1]] = hit[2]
                    break
    totals = {c: sum(cues.values()) for c, cues in evidence.items()}
    needed = evidence_needed(sum(end - start for start, end in ranges))
    kept = sorted((c for c, total in totals.items() if total >= needed), key=lambda c: -totals[c])
    return [(c, round(1 - 0.5 ** totals[c], 3)) for c in kept[:MAX_CATEGORIES]]


def evidence_needed(tokens: int) -> float:
    """The evidence a category needs in a text (or brand context) of `tokens` tokens: one cue, even a weak one, up
    to TOKENS_PER_CUE / 2 tokens; beyond, one strong cue per TOKENS_PER_CUE, at most MAX_EVIDENCE_NEEDED."""
    return min(MAX_EVIDENCE_NEEDED, max(MIN_EVIDENCE, tokens / TOKENS_PER_CUE))
