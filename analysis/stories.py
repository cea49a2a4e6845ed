"""A customer's own story of a brand: « Bonjour à tous, abonné Orbelle ici. Débit divisé par dix le soir, c'est une
honte. » The customer names the provider once, then tells what went wrong without naming it again, so the
sentences that name the brand (`brands.brand_contexts`) miss the story. Such a short text is read as a review of
the brand, like a review that does not name the company it is about: the brand gets the whole text's sentiment.

Precision first: the story must say that its author is the brand's customer now (`abonné X`, `je suis chez X`,
`ma connexion X`, `mes achats chez X`, `mon expérience avec X`), outside quotes and not as someone who only speaks
(`selon X`); it must name no other provider and its author must not work there. In a review, `je resterai chez
X` or `acheté chez X` is another shop than the one reviewed; `ancien abonné X`, `je ne suis plus chez X`, `mon
nouveau fournisseur`, `chez free`, `la concurrence` or a company spaCy finds make a story of two providers, left
to the sentences that name each. Two reviews trapped it with written texts (docs/nlp.md, « Sentiment par marque »).
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.brands import (
    DETERMINERS,
    NEGATIONS,
    PREFER,
    QUOTE_PAIRS,
    SENTENCE_END,
    THAN,
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
                                  "parcours", "directeur", "directrice", "conseiller", "conseillere", "fichier",
                                  "donnees"}) | DETERMINERS  # `un client X braque une agence`: someone else
POSSESSIVES = frozenset({"mon", "ma", "mes"})
SERVICES = frozenset({"box", "forfait", "abonnement", "connexion", "ligne", "fibre", "compte", "contrat", "carte",
                      "appli", "application", "operateur", "fournisseur", "banque", "assureur", "mutuelle", "commande",
                      "commandes", "achat", "achats"})
NOW_WITH = frozenset({"suis", "sommes", "passe", "passee", "passes"})  # `je suis chez X`, `passé chez X`
# A customer no longer: `ancien abonné X`, `j'étais chez X`, `j'ai été client X`, `je ne suis plus chez X`.
PAST = frozenset({"ancien", "ancienne", "ex", "etais", "etait", "etions", "ete", "avais", "avait", "avions",
                  "resilier", "resilie", "resiliee", "resiliation", "quitter", "quitte", "partir", "pars", "parti",
                  "partie"}) | NEGATIONS
# Another provider of the author: `mon nouveau fournisseur`, `ma banque`, `mon ancien FAI`, `la concurrence`.
PROVIDERS = frozenset({"operateur", "fournisseur", "fai", "banque", "assureur", "mutuelle", "enseigne", "site"})
PROVIDER_MARKS = POSSESSIVES | {"nouveau", "nouvel", "nouvelle", "ancien", "ancienne", "autre"}
ELSEWHERE = frozenset({"concurrence", "concurrent", "concurrents", "ailleurs"})
PRONOUNS = frozenset({"moi", "toi", "lui", "elle", "nous", "vous", "eux", "elles", "soi"})  # `chez moi`: home
BETTER = frozenset({"mieux", "meilleur", "meilleure", "meilleurs", "meilleures"})  # than whom? another provider
# The author works there: `je suis chez X comme technicien`, `salarié de X`.
STAFF = frozenset({"salarie", "salariee", "salaries", "cdi", "collegue", "collegues", "stagiaire", "alternant",
                   "alternante", "interimaire"})
JOBS = STAFF | {"technicien", "technicienne", "conseiller", "conseillere", "vendeur", "vendeuse", "employe",
                "employee", "ingenieur", "ingenieure", "manager", "cadre", "livreur", "livreuse"}
COMPANY_LABELS = ("ORG",)
NOT_COMPANIES = frozenset({"sav", "tv", "wifi", "wi-fi", "sms", "sim", "fai", "pdg", "rh", "cdi", "box", "4g", "5g",
                           "adsl", "vod", "ttc", "ht"})  # acronyms spaCy takes for organisations


def story_of(words: Sequence[str], lemmas: Sequence[str], brands: Sequence[str],
             companies: Sequence[tuple[int, int]] = ()) -> str | None:
    """The brand a short text is its customer's story of, or None. `companies`: the token ranges of the
    organisations spaCy finds (`companies_in`); one that is a name (`_names`) and not the brand is another
    provider.

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
    if not cued or _staff(folded) or _other_provider(words, folded, hits, _names(words, companies, firsts), firsts):
        return None
    return brand


def companies_in(doc) -> list[tuple[int, int]]:
    """The token ranges of the organisations spaCy finds (`COMPANY_LABELS`)."""
    return [(e.start, e.end) for e in doc.ents if e.label_ in COMPANY_LABELS]


def _names(words: Sequence[str], companies: Sequence[tuple[int, int]], firsts: set[int]) -> list[tuple[int, int]]:
    """The companies that are names. Opening a sentence, spaCy also takes `Abonné`, `Passé`, `Débit` or `Service
    client` for organisations (and tags them proper nouns): there, an acronym (`SFR`) or a name of several
    capitalised words (`Bouygues Telecom`) only."""
    return [(s, e) for s, e in companies if not (e - s == 1 and fold(words[s]) in NOT_COMPANIES)
            and (s not in firsts or (len(words[s]) > 1 and words[s].isupper())
                 or any(words[k][:1].isupper() for k in range(s + 1, e)))]


def _outer(occurrences: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """Without the names found only inside a longer one (`Orbelle` within `Orbelle Pro`)."""
    spans = [span for hits in occurrences.values() for span in hits]
    return {b: hits for b, hits in occurrences.items()
            if not all(any(s0 <= s and e <= e0 and (s0, e0) != (s, e) for s0, e0 in spans) for s, e in hits)}


def _customer_cue(before: Sequence[str]) -> bool:
    """The words before a naming (same sentence) say that its author is its customer now."""
    if any(w in PAST for w in before):
        return False
    pairs = list(zip(["", "", *before], ["", *before], before, strict=False))  # (two before, word before, word)
    last = before[-1] if before else ""
    return (any(w in CUSTOMERS and p not in NOT_A_CUSTOMER_AFTER for _, p, w in pairs)
            or any(w == "experience" and (p in POSSESSIVES or (p in ("d'", "d’") and q in ("retour", "partage")))
                   for q, p, w in pairs)
            or any(p in POSSESSIVES and w in SERVICES and last in (w, "chez") for _, p, w in pairs)
            or (last == "chez" and len(before) >= 2 and before[-2] in NOW_WITH))


def _staff(folded: Sequence[str]) -> bool:
    """Whether the author works for a company: `salarié`, `en CDI`, `comme technicien`, `en tant que conseiller`."""
    return any(w in STAFF or (w in JOBS and i > 0 and folded[i - 1] in ("comme", "que"))
               for i, w in enumerate(folded))


def _other_provider(words: Sequence[str], folded: Sequence[str], hits: Sequence[tuple[int, int]],
                    companies: Sequence[tuple[int, int]], firsts: set[int]) -> bool:
    """Whether the story names another provider: a company that is not the brand, `chez` + anything but the
    brand or a pronoun, `la concurrence`, `ailleurs`, `mon nouveau fournisseur`, `ma banque` not followed by the
    brand; or compares: `mieux`, `meilleur` before `que` or after a name (`Free est bien meilleur`), `préférer`."""
    starts = {s for s, _ in hits}
    inside = {i for s, e in hits for i in range(s, e)}
    if any(not any(s < e0 and s0 < e for s0, e0 in hits) for s, e in companies):
        return True
    for i, w in enumerate(folded):
        if w in ELSEWHERE or (PREFER.match(w) and not w.startswith("preferen")):
            return True
        if w in BETTER and (any(x in THAN for x in folded[i + 1:i + 4])
                            or any(words[k][:1].isupper() and k not in firsts and k not in inside
                                   for k in range(max(0, i - 3), i))):
            return True
        nxt = i + 1 < len(folded)
        if w == "chez" and nxt and i + 1 not in starts and folded[i + 1] not in PRONOUNS and folded[i + 1].isalpha():
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
