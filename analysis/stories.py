"""A customer's own story of a brand: « Bonjour à tous, abonné Orbelle ici. Débit divisé par dix le soir, c'est une
honte. » The customer names the provider once, then tells what went wrong without naming it again, so the
sentences that name the brand (`brands.brand_contexts`) miss the story. Such a short text is read as a review of
the brand, like a review that does not name the company it is about: the brand gets the whole text's sentiment.

Precision first: the story must say that its author is the brand's customer now (`abonné X`, `je suis chez X`,
`ma connexion X`, `mes achats chez X`, `mon expérience avec X`), outside quotes and not as someone who only speaks
(`selon X`), and it must name no other provider. In a review, `je resterai chez X` or `acheté chez X` is another
shop than the one reviewed; `ancien abonné X`, `mon nouveau fournisseur`, `chez Free` or a company spaCy finds
are a story of two providers, left to the sentences that name each.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.brands import (
    PREFER,
    SENTENCE_END,
    brand_occurrences,
    fold,
    is_speaker,
    sentence_bounds,
    speech_lemmas,
)

MAX_TOKENS = 200  # words and punctuation: a post or a review, not an article
CUE_WINDOW = 4  # words before a naming, within its sentence, where the cue is looked for
CUSTOMERS = frozenset({"abonne", "abonnee", "client", "cliente"})  # one: the author (`les abonnés de X`: press)
# `service client X`, `relation client`: a department of the brand, not its customer
NOT_A_CUSTOMER_AFTER = frozenset({"service", "relation", "espace", "experience", "environnement", "satisfaction",
                                  "parcours", "directeur", "directrice", "conseiller", "conseillere", "fichier"})
POSSESSIVES = frozenset({"mon", "ma", "mes"})
SERVICES = frozenset({"box", "forfait", "abonnement", "connexion", "ligne", "fibre", "compte", "contrat", "carte",
                      "appli", "application", "operateur", "fournisseur", "banque", "assureur", "mutuelle", "commande",
                      "commandes", "achat", "achats"})
NOW_WITH = frozenset({"suis", "sommes", "passe", "passee", "passes"})  # `je suis chez X`, `passé chez X`
PAST = frozenset({"ancien", "ancienne", "ex", "etais", "etait", "etions", "resilie", "resiliee", "quitte", "pars",
                  "parti", "partie"})  # `ancien abonné X`, `j'étais chez X`, `je pars de chez X`
# Another provider of the author: `mon nouveau fournisseur`, `ma banque`, `mon ancien FAI`.
PROVIDERS = frozenset({"operateur", "fournisseur", "fai", "banque", "assureur", "mutuelle", "enseigne", "site"})
PROVIDER_MARKS = POSSESSIVES | {"nouveau", "nouvel", "nouvelle", "ancien", "ancienne", "autre"}
BETTER = frozenset({"mieux", "meilleur", "meilleure", "meilleurs", "meilleures"})  # than whom? another provider
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "‹": "›"}
COMPANY_LABELS = ("ORG",)


def story_of(words: Sequence[str], lemmas: Sequence[str], brands: Sequence[str],
             companies: Sequence[tuple[int, int]] = ()) -> str | None:
    """The brand a short text is its customer's story of, or None. `companies`: the token ranges of the
    organisations spaCy finds (`COMPANY_LABELS`); one that is not the brand is another provider, unless it opens
    a sentence (on informal text spaCy takes `Abonné`, `Passé`, `Débit` there for organisations).

    Several configured names of one brand (`Orbelle`, `Orbelle Pro`) count as one: the longest names it."""
    if len(words) > MAX_TOKENS:
        return None
    occurrences = _outer(brand_occurrences(words, brands))
    if len(occurrences) != 1:
        return None
    [(brand, hits)] = occurrences.items()
    folded = [fold(w) for w in words]
    quoted = _quoted(folded)
    lem = speech_lemmas(folded, lemmas)
    sentences = sentence_bounds(words)
    cued = [(s, e) for s, e in hits if s not in quoted and _customer_cue(_same_sentence(folded[max(0, s - CUE_WINDOW):s]))
            and not any(is_speaker(folded, lem, s, e, s0, s1) for s0, s1 in sentences if s0 <= s < s1)]
    firsts = {s0 for s0, _ in sentences}
    if not cued or _other_provider(words, folded, hits, [(s, e) for s, e in companies if s not in firsts]):
        return None
    return brand


def _outer(occurrences: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """Without the names found only inside a longer one (`Orbelle` within `Orbelle Pro`)."""
    spans = [(s, e, b) for b, hits in occurrences.items() for s, e in hits]
    return {b: hits for b, hits in occurrences.items()
            if not all(any(s0 <= s and e <= e0 and (s0, e0) != (s, e) for s0, e0, _ in spans) for s, e in hits)}


def _customer_cue(before: Sequence[str]) -> bool:
    """The words before a naming (same sentence) say that its author is its customer now."""
    if any(w in PAST for w in before):
        return False
    pairs = list(zip(["", *before], before, strict=False))  # (word before, word)
    last = before[-1] if before else ""
    return (any(w in CUSTOMERS and p not in NOT_A_CUSTOMER_AFTER for p, w in pairs)
            or any(w == "experience" and (p in POSSESSIVES or p in ("d'", "d’")) for p, w in pairs)
            or any(p in POSSESSIVES and w in SERVICES and last in (w, "chez") for p, w in pairs)
            or (last == "chez" and len(before) >= 2 and before[-2] in NOW_WITH))


def _other_provider(words: Sequence[str], folded: Sequence[str], hits: Sequence[tuple[int, int]],
                    companies: Sequence[tuple[int, int]]) -> bool:
    """Whether the story names another provider: a company that is not the brand, `chez` + a name that is not
    the brand, `mon nouveau fournisseur`, `ma banque` not followed by the brand; or compares (`Free est bien
    meilleur`, `je préfère Free`: spaCy often misses a company in a post)."""
    if any(w in BETTER or PREFER.match(w) for w in folded):
        return True
    starts = {s for s, _ in hits}
    if any(not any(s < e0 and s0 < e for s0, e0 in hits) for s, e in companies):
        return True
    for i, w in enumerate(folded[:-1]):
        if w == "chez" and i + 1 not in starts and words[i + 1][:1].isupper():
            return True
        if w in PROVIDERS and i > 0 and folded[i - 1] in PROVIDER_MARKS and i + 1 not in starts:
            return True
    return False


def _quoted(folded: Sequence[str]) -> set[int]:
    """Indices of the words between quotes (« … », “ … ”, " … "): someone else speaks there."""
    quoted, closing = set(), None
    for i, w in enumerate(folded):
        if closing is not None:
            quoted.add(i)
            closing = None if w == closing else closing
        elif w in QUOTE_PAIRS:
            closing = QUOTE_PAIRS[w]
    return quoted


def _same_sentence(before: Sequence[str]) -> Sequence[str]:
    """The words of `before` after its last sentence end: a cue of the sentence before does not count."""
    ends = [i for i, w in enumerate(before) if w in SENTENCE_END or "\n" in w]
    return before[ends[-1] + 1:] if ends else before
