"""Language detection that is accurate on tweet-length French, needs no download and little memory.

Three steps, cheapest first: distinctly French function words settle most French texts
and short ones (`c nul`, `tro bien`); lingua's low-accuracy mode (n-gram models inside its
wheel, ~10 MB) settles most of the rest; only what is left goes to langdetect (seeded, so
deterministic), with a prior for French because Veille's queries target French mentions.
The word test comes first because it costs a fraction of lingua and, when it passes, the
answer is French whatever lingua says: asking lingua first only changed the score.
lingua's high-accuracy models would cost ~270 MB per process for the same French/non-French
decisions (measured in docs/nlp.md, "Langue").
"""

from __future__ import annotations

import re
from functools import cached_property

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException
from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from analysis.rules import squeeze

DetectorFactory.seed = 0  # langdetect is random by default: same text, same answer

UNDETERMINED = "und"
CANDIDATES = (
    Language.FRENCH, Language.ENGLISH, Language.SPANISH, Language.GERMAN, Language.ITALIAN,
    Language.PORTUGUESE, Language.DUTCH, Language.CATALAN, Language.ROMANIAN, Language.POLISH,
    Language.TURKISH, Language.ARABIC, Language.RUSSIAN, Language.CHINESE, Language.JAPANESE, Language.KOREAN,
)
# Words that are French and not also common words of Spanish, Italian, Catalan or Portuguese.
FRENCH_WORDS = frozenset(
    "le les une des du et est sont pas ne ce cette ces je tu il elle on nous vous ils elles qui quoi pour avec "
    "dans sur au aux mon ma mes ton ta tes son sa ses leur leurs trop très bien mais ou donc car plus moins tout "
    "tous rien jamais encore déjà aussi comme quand été être avoir fait faire ça cest c'est j'ai merci bonjour "
    "mdr ptdr jpp vraiment franchement super nul chez après avant toujours".split()
)
FRENCH_PRIOR = 2.0
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|#|\bhttp\b")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


class LanguageDetectorFr:
    """`detect(text, hint)` → (ISO 639-1 code or 'und', confidence in [0, 1])."""

    @cached_property
    def _fast(self) -> LanguageDetector:
        return LanguageDetectorBuilder.from_languages(*CANDIDATES).with_low_accuracy_mode().build()

    def detect(self, text: str, hint: str | None = None) -> tuple[str, float]:
        """Language of a mention; `hint` (the platform's own guess) decides when the text has no words."""
        clean = _NOISE.sub(" ", text[:2000])
        if not _WORD.search(clean):
            return (hint or UNDETERMINED), 0.0
        words = [squeeze(w.lower())[0] for w in _WORD.findall(clean)]
        hits = sum(w in FRENCH_WORDS or w.split("'")[-1] in FRENCH_WORDS for w in words)
        if (hits >= 2 or len(words) <= 3) and hits / len(words) >= 0.2:
            return "fr", round(min(1.0, hits / len(words) + 0.5), 3)
        fast = self._fast.compute_language_confidence_values(clean)
        if fast and fast[0].language == Language.FRENCH and fast[0].value > 0.5:
            return "fr", round(fast[0].value, 3)
        try:
            found = detect_langs(clean)
        except LangDetectException:
            return (hint or UNDETERMINED), 0.0
        scored = {p.lang.split("-")[0]: p.prob for p in found}
        french_fast = next((v.value for v in fast if v.language == Language.FRENCH), 0.0)
        scored["fr"] = FRENCH_PRIOR * max(scored.get("fr", 0.0), 0.5 * french_fast)
        total = sum(scored.values()) or 1.0
        lang = max(scored, key=scored.get)
        return lang, round(scored[lang] / total, 3)
