"""Language detection that is accurate on tweet-length French and needs no download.

lingua (models inside the wheel) in two passes: the fast low-accuracy mode settles
most French texts; only the doubtful ones go to the high-accuracy models, which are
loaded lazily. Distinctly French function words break ties on very short texts, and a
prior favours French because Veille's queries target French mentions. Measured in
docs/nlp.md ("Langue").
"""

from __future__ import annotations

import re
from functools import cached_property

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from analysis.rules import squeeze

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

    @cached_property
    def _accurate(self) -> LanguageDetector:
        return LanguageDetectorBuilder.from_languages(*CANDIDATES).build()

    def detect(self, text: str, hint: str | None = None) -> tuple[str, float]:
        """Language of a mention; `hint` (the platform's own guess) decides when the text has no words."""
        clean = _NOISE.sub(" ", text[:2000])
        words = [squeeze(w.lower())[0] for w in _WORD.findall(clean)]
        if not words:
            return (hint or UNDETERMINED), 0.0
        fast = self._fast.compute_language_confidence_values(clean)
        if fast and fast[0].language == Language.FRENCH and fast[0].value > 0.5:
            return "fr", round(fast[0].value, 3)
        hits = sum(w in FRENCH_WORDS or w.split("'")[-1] in FRENCH_WORDS for w in words)
        if (hits >= 2 or len(words) <= 3) and hits / len(words) >= 0.2:
            return "fr", round(min(1.0, hits / len(words) + 0.5), 3)
        values = self._accurate.compute_language_confidence_values(clean)
        if not values or values[0].value == 0:
            return (hint or UNDETERMINED), 0.0
        scored = [(v.value * (FRENCH_PRIOR if v.language == Language.FRENCH else 1.0), v) for v in values]
        total = sum(s for s, _ in scored) or 1.0
        best_score, best = max(scored, key=lambda x: x[0])
        return best.language.iso_code_639_1.name.lower(), round(best_score / total, 3)
