"""Language detection on short social texts written for the project (tests/fixtures/nlp/lang_short.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.lang import LanguageDetectorFr

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "nlp" / "lang_short.jsonl"


def test_short_texts_in_seven_languages():
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    detector = LanguageDetectorFr()
    wrong = [(r["text"], detector.detect(r["text"])[0]) for r in rows
             if detector.detect(r["text"])[0] != r["lang"]]
    assert len(wrong) <= 2, wrong


def test_hint_only_decides_when_there_are_no_words():
    detector = LanguageDetectorFr()
    assert detector.detect("🔥🔥", hint="fr")[0] == "fr"
    assert detector.detect("🔥🔥")[0] == "und"
    assert detector.detect("The delivery was late again and nobody answered", hint="fr")[0] == "en"


def test_french_tweets_are_french(shared_dir):
    path = shared_dir / "data" / "sentiment" / "deft2017_train_val.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()][:600]
    detector = LanguageDetectorFr()
    french = sum(detector.detect(t)[0] == "fr" for t in texts)
    assert french / len(texts) >= 0.99


def test_french_function_words_settle_a_text_before_lingua(monkeypatch):
    """The cheap test comes first (docs/nlp.md, « Langue »): lingua is only asked about the rest."""
    asked = []
    build = LanguageDetectorFr.__dict__["_fast"].func  # the cached_property's function

    def fast(self):
        asked.append(True)
        return build(self)

    monkeypatch.setattr(LanguageDetectorFr, "_fast", property(fast))
    detector = LanguageDetectorFr()
    assert detector.detect("Le service client de Free est vraiment nul, je ne le recommande pas")[0] == "fr"
    assert not asked
    assert detector.detect("The delivery was late again and nobody answered")[0] == "en"
    assert asked
