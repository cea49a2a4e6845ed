"""The lexicons the sentiment and emotion components read, loaded once per process.

- `polarity_fr.tsv`: written for Veille (social-media and news polarity, emoji, emoticons);
- `feel_fr.tsv.gz`: derived from FEEL (French Expanded Emotion Lexicon; polarity + 6 emotions),
  rebuilt by `python -m analysis.build_data`;
- textblob-fr's adjective lexicon, read from the installed package;
- `brand_evidence_fr.tsv`: written for Veille, words that back praise or blame of a brand (news events, comparatives).
"""

from __future__ import annotations

import gzip
import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storage.labels import EMOTIONS

DATA = Path(__file__).resolve().parent / "data"
FEEL_FILE = DATA / "feel_fr.tsv.gz"
# Emotions of emoji, emoticons and common French words, written for Veille: FEEL (a translation of an
# English lexicon) misses or mislabels many of them. They weigh OWN_WEIGHT FEEL words each.
_OWN_EMOTIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("😂", "🤣", "😄", "😁", "😊", "😍", "🥰", "🎉", "🥳", "😀", "😃", "🤩", "❤️", "❤", "💕", ":)", ":-)", ":D",
     ":-D", "<3", "mdr", "ptdr", "lol", "haha", "content", "ravi", "heureux", "joie", "bonheur", "génial",
     "adorer", "kiffer", "régaler", "plaisir", "enchanté", "fier", "super", "top", "excellent", "parfait",
     "magnifique", "bravo", "merci", "félicitation", "youpi", "trop bien", "satisfait", "enthousiaste",
     "contente", "heureuse", "fière", "comblé", "soulagé", "soulagement", "hâte"): ("joy",),
    ("😱", "😨", "😰", "😧", "😬", "peur", "inquiet", "inquiéter", "inquiétant", "angoisse", "angoisser",
     "effrayer", "effrayant", "terrifier", "crainte", "craindre", "alarmant", "danger", "dangereux",
     "menace", "menacer", "panique", "paniquer", "stress", "stresser", "inquiète", "angoissé", "stressé",
     "effrayé", "terrifié", "apeuré"): ("fear",),
    ("😢", "😭", "😞", "😔", "💔", "🥺", ":(", ":-(", ":'(", "triste", "tristesse", "déçu", "décevoir",
     "déception", "décevant", "dommage", "regretter", "regret", "malheureux", "chagrin", "désespoir",
     "désespéré", "abandonner", "seul", "perte", "deuil", "pleurer", "navré", "abattu", "dépité"): ("sadness",),
    ("😡", "🤬", "😠", "😤", "👿", ">:(", "colère", "furieux", "énerver", "énervé", "agacer", "agacé", "rage",
     "scandale", "scandaleux", "inadmissible", "inacceptable", "honteux", "honte", "révoltant", "marre",
     "ras-le-bol", "insupportable", "arnaque", "voleur", "excédé", "exaspérer", "indigner", "boycott", "furax",
     "exaspéré", "indigné", "scandalisé", "outré", "révolté", "énerve", "agace", "rager", "rageant", "fureur",
     "indignation", "exaspération", "agacement", "énervement", "fuyez", "escroc", "escroquerie", "tromperie",
     "malhonnête", "malhonnêteté", "incompétent", "incompétence", "lamentable", "minable", "méprisant",
     "irrespectueux"): ("anger",),
    ("😮", "😲", "🤯", "😳", "😯", "🙀", ":o", ":-o", "surprise", "surprendre", "surpris", "étonner", "étonné",
     "étonnant", "incroyable", "inattendu", "choc", "choquer", "stupéfait", "hallucinant", "dingue", "wow",
     "waouh", "sidéré", "halluciner", "choqué"): ("surprise",),
    ("🤮", "🤢", "💩", "😖", "dégoût", "dégoûter", "dégoûté", "dégoûtant", "écœurer", "écœurant", "immonde",
     "répugnant", "sale", "crade", "beurk", "berk", "infect", "immangeable", "puer", "pourri", "écœuré"): ("disgust",),
}
OWN_EMOTIONS: dict[str, tuple[str, ...]] = {w: e for words, e in _OWN_EMOTIONS.items() for w in words}
OWN_WEIGHT = 2
# The words above that NAME a feeling (and emoji): in news style they still show one ("les éleveurs sont
# excédés"), where words of events (`menace`, `scandale`, `perte`, `choc`) only describe what happened.
# The author's enjoyment (`plaisir`, `régaler`, `adorer`, `kiffer`, `enthousiasmant`) is joy too: « C'est un plaisir de
# découvrir chaque mois des vins », « mes enfants se sont régalés » (docs/nlp.md, « Émotions »).
FEELING_WORDS = frozenset({
    "content", "contente", "ravi", "heureux", "heureuse", "joie", "bonheur", "enchanté", "fier", "fière",
    "satisfait", "enthousiaste", "comblé", "soulagé", "soulagement", "hâte", "youpi", "peur", "inquiet",
    "inquiète", "inquiéter", "angoisse", "angoissé", "angoisser", "panique", "paniquer", "stress", "stressé",
    "stresser", "effrayé", "terrifié", "apeuré", "triste", "tristesse", "déçu", "décevoir", "déception",
    "malheureux", "chagrin", "désespoir", "désespéré", "pleurer", "navré", "abattu", "dépité", "colère",
    "furieux", "furax", "énerver", "énervé", "énerve", "agacer", "agacé", "agace", "rage", "marre",
    "ras-le-bol", "excédé", "exaspérer", "exaspéré", "indigner", "indigné", "scandalisé", "outré", "révolté",
    "surpris", "étonné", "stupéfait", "sidéré", "halluciner", "choqué", "dégoûté", "écœurer", "écœuré", "beurk",
    "berk", "plaisir", "régaler", "adorer", "kiffer", "enthousiasmant", "rager", "rageant",
}) | frozenset(w for words in _OWN_EMOTIONS for w in words if not w[0].isalpha())
# FEEL emotions compatible with a word's FEEL polarity: a positive word bringing "anger" is noise.
EMOTIONS_OF_POLARITY = {1: frozenset({"joy", "surprise"}), -1: frozenset({"fear", "sadness", "anger", "surprise",
                                                                         "disgust"})}


@dataclass(frozen=True)
class FeelEntry:
    polarity: int  # +1 / -1
    emotions: tuple[str, ...]


@lru_cache(maxsize=1)
def own_polarity() -> tuple[dict[str, float], dict[tuple[str, ...], float]]:
    """(single words → score, multi-word phrases as token tuples → score) from polarity_fr.tsv."""
    words: dict[str, float] = {}
    phrases: dict[tuple[str, ...], float] = {}
    for line in (DATA / "polarity_fr.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, score = line.rsplit("\t", 1)
        parts = tuple(term.replace("'", "' ").split())
        if len(parts) == 1:
            words[term] = float(score)
        else:
            phrases[parts] = float(score)
    return words, phrases


@lru_cache(maxsize=1)
def phrase_starts() -> dict[str, frozenset[int]]:
    """First words of the multi-word entries of polarity_fr.tsv (only there can a phrase begin) → the lengths of
    the phrases they begin, so a text's words try only those."""
    lengths: dict[str, set[int]] = {}
    for phrase in own_polarity()[1]:
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {word: frozenset(n) for word, n in lengths.items()}


@lru_cache(maxsize=1)
def textblob_polarity_lexicon() -> dict[str, float]:
    """Word form → mean polarity from textblob-fr's fr-sentiment.xml (adjectives, inflected forms)."""
    # Located without importing textblob_fr, which would import textblob and NLTK (~150 MB per process).
    spec = importlib.util.find_spec("textblob_fr")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("textblob-fr n'est pas installé : pip install textblob-fr")
    path = Path(next(iter(spec.submodule_search_locations))) / "fr-sentiment.xml"
    values: dict[str, list[float]] = {}
    for word in ET.fromstring(path.read_bytes()):
        form = word.get("form")
        if form:
            values.setdefault(form.lower(), []).append(float(word.get("polarity", 0)))
    return {form: sum(v) / len(v) for form, v in values.items()}


@lru_cache(maxsize=1)
def feel() -> dict[str, FeelEntry]:
    """FEEL single-word entries: lemma → polarity and emotions."""
    out = {}
    with gzip.open(FEEL_FILE, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, polarity, flags = line.rstrip("\n").split("\t")
            out[word] = FeelEntry(int(polarity), tuple(e for e, f in zip(EMOTIONS, flags, strict=True) if f == "1"))
    return out


@lru_cache(maxsize=1)
def brand_evidence() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(praise, blame, situation) words of `brand_evidence_fr.tsv`."""
    kinds: dict[int, set[str]] = {1: set(), -1: set(), 0: set()}
    for line in (DATA / "brand_evidence_fr.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, sign = line.split("\t")
            kinds[int(sign)].add(term)
    return frozenset(kinds[1]), frozenset(kinds[-1]), frozenset(kinds[0])
