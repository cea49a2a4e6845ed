"""Our spaCy components, registered with `@Language.factory`; `pipeline.py` assembles them.

Each one writes only its own `doc._.` extensions, skips texts that are not French
(or undetermined), and is linear in the text length.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from analysis.baseline import textblob_label
from analysis.lang import UNDETERMINED, LanguageDetectorFr

FRENCH_OR_UNKNOWN = ("fr", UNDETERMINED)

for _name in ("lang", "lang_score", "lang_hint", "sentiment", "sentiment_score"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def is_french(doc: Doc) -> bool:
    """French tags are only given to French texts (and to texts without words, e.g. emoji only)."""
    return doc._.lang in FRENCH_OR_UNKNOWN


class LanguageComponent:
    """Sets `doc._.lang` (ISO 639-1 or 'und') and `doc._.lang_score`; `doc._.lang_hint` is the platform's guess."""

    def __init__(self) -> None:
        self.detector = LanguageDetectorFr()

    def __call__(self, doc: Doc) -> Doc:
        doc._.lang, doc._.lang_score = self.detector.detect(doc.text, doc._.lang_hint)
        return doc


class BaselineSentimentComponent:
    """Sets `doc._.sentiment` (positive|neutral|negative) and `doc._.sentiment_score` with textblob-fr."""

    def __call__(self, doc: Doc) -> Doc:
        if is_french(doc):
            doc._.sentiment, doc._.sentiment_score = textblob_label(doc.text)
        return doc


@Language.factory("veille_language")
def make_language(nlp: Language, name: str) -> LanguageComponent:
    return LanguageComponent()


@Language.factory("veille_sentiment_baseline")
def make_baseline_sentiment(nlp: Language, name: str) -> BaselineSentimentComponent:
    return BaselineSentimentComponent()
