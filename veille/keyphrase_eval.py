"""Keyphrases against two annotators: is each one a well-formed French noun phrase? (issue 11, point 4)

Three samples of 90 real texts of `../shared` (the French press feeds and the Trustpilot reviews, read in place,
never copied), drawn one after the other: `tuning`, whose errors the rules of `analysis/keyphrases.py` were written
against; `tuning2`, the test of those rules, whose remaining errors then led to a second set of rules; `test`,
drawn and labelled last, never looked at while writing any rule. Every phrase Veille gave those texts before or
after the rules was labelled `ok` or `bad` by two annotators, each alone, with a written guide
(`evaluation/keyphrases_guide.md`); their disagreements were adjudicated. `evaluation/keyphrases.jsonl` keeps the
item key, the phrase and the labels, not the texts. `veille eval expressions` tags the texts again and counts, per
sample, the phrases found well-formed. A phrase no one labelled (a later change made it) is reported apart: label
it before trusting the share.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from veille.devset import ROOT, RealItem

LABELS = ROOT / "evaluation" / "keyphrases.jsonl"
SAMPLES = ("tuning", "tuning2", "test")


class KeyphraseEvalError(Exception):
    """The labelled texts are missing from ../shared."""


@dataclass(frozen=True)
class PhraseLabel:
    """One labelled phrase: annotators A and B, and the adjudicated label (`ok` or `bad`)."""

    key: str
    phrase: str
    sample: str
    a: str
    b: str
    gold: str


def read_labels(path: Path = LABELS) -> list[PhraseLabel]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [PhraseLabel(r["key"], r["phrase"], r["sample"], r["a"], r["b"], r["gold"]) for r in rows]


def predict(keys: list[str], items: dict[str, RealItem], tagger) -> dict[str, list[str]]:
    """The keyphrases of each text, read as `analyze` reads a mention."""
    from analysis.tagger import Item, mention_text

    missing = [k for k in keys if k not in items]
    if missing:
        raise KeyphraseEvalError(f"{len(missing)} texte(s) annoté(s) absent(s) de ../shared (par exemple {missing[0]})"
                                 " : les corpus ont changé")
    tags = tagger.tag([Item(k, mention_text(items[k].title, items[k].text)) for k in keys])
    return {t.mention_id: [v for kind, v, _ in t.topics if kind == "keyphrase"] for t in tags}


def score(labels: list[PhraseLabel], found: dict[str, list[str]]) -> dict[str, dict]:
    """Per sample: texts, phrases found, how many of them are labelled ok / bad / not at all; and the annotators'
    agreement (κ) on every phrase of the sample."""
    gold = {(lab.key, lab.phrase): lab.gold for lab in labels}
    out = {}
    for sample in SAMPLES:
        rows = [lab for lab in labels if lab.sample == sample]
        if not rows:
            continue
        keys = sorted({lab.key for lab in rows})
        counts = Counter(gold.get((k, p), "unlabelled") for k in keys for p in found.get(k, []))
        out[sample] = {"texts": len(keys), "phrases": sum(counts.values()), "ok": counts["ok"], "bad": counts["bad"],
                       "unlabelled": counts["unlabelled"], "labelled": len(rows),
                       "kappa": cohen_kappa_score([r.a for r in rows], [r.b for r in rows], labels=["bad", "ok"]),
                       "agreed": sum(r.a == r.b for r in rows)}
    return out


def report(scores: dict[str, dict]) -> list[str]:
    """The figures, in French, one line per sample (`veille eval expressions`)."""
    names = {"tuning": "échantillon de mise au point 1", "tuning2": "échantillon de mise au point 2",
             "test": "échantillon de test"}
    lines = []
    for sample, s in scores.items():
        labelled = s["ok"] + s["bad"]
        share = f"{100 * s['ok'] / labelled:.1f} %" if labelled else "—"
        lines.append(f"{names[sample]} : {s['texts']} textes, {s['phrases']} expressions trouvées, bien formées "
                     f"{s['ok']}/{labelled} ({share}), mal formées {s['bad']}, sans annotation {s['unlabelled']} ; "
                     f"annotateurs d'accord sur {s['agreed']}/{s['labelled']} (κ {s['kappa']:.3f})")
    return lines
