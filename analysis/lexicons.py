"""The lexicons the sentiment and emotion components read, loaded once per process.

- `polarity_fr.tsv`: written for Veille (social-media and news polarity, emoji, emoticons);
- `feel_fr.tsv.gz`: derived from FEEL (French Expanded Emotion Lexicon; polarity + 6 emotions),
  rebuilt by `python -m analysis.build_data`;
- textblob-fr's adjective lexicon, read from the installed package.
"""

from __future__ import annotations

import gzip
import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EMOTIONS = ("joy", "fear", "sadness", "anger", "surprise", "disgust")
# Emoji and emoticons FEEL does not know (written for Veille).
EMOJI_EMOTIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("😂", "🤣", "😄", "😁", "😊", "😍", "🥰", "🎉", "🥳", "😀", "😃", "🤩", "❤️", "❤", "💕",
                     ":)", ":-)", ":D", ":-D", "<3", "mdr", "ptdr", "lol", "haha"), ("joy",)),
    **dict.fromkeys(("😱", "😨", "😰", "😧", "😬"), ("fear",)),
    **dict.fromkeys(("😢", "😭", "😞", "😔", "💔", "🥺", ":(", ":-(", ":'("), ("sadness",)),
    **dict.fromkeys(("😡", "🤬", "😠", "😤", "👿", ">:("), ("anger",)),
    **dict.fromkeys(("😮", "😲", "🤯", "😳", "😯", "🙀", ":o", ":-o"), ("surprise",)),
    **dict.fromkeys(("🤮", "🤢", "💩", "😖"), ("disgust",)),
}
DATA = Path(__file__).resolve().parent / "data"
FEEL_FILE = DATA / "feel_fr.tsv.gz"


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
