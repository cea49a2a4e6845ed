"""One object that turns texts (+ the brands each mention matched) into `storage.records.Tags`.

With `workers=2`, a `multiprocessing` pool of long-lived workers is forked after the model
is loaded and returns small `Tags` objects, never Docs: on 2 cores this scales ~1.9× (218 → 425
texts/s), `nlp.pipe(n_process=2)` only ~1.5× as it ships Docs back (docs/nlp.md, « Vitesse et
mémoire »). At most `workers + 1` batches are in flight, so memory stays flat however long the input is.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from analysis.components import is_french
from analysis.pipeline import MAX_CHARS, RecurringChunks, build_pipeline
from analysis.version import shipped_version
from storage.records import ENTITY_KINDS, Sentiment, Tags

ANALYZER = "veille-fr"
VERSION = shipped_version()  # a digest of the model, lexicons and rules (analysis/version.py)
LEMMA_CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class Item:
    """One text to tag: a mention id (or a line number), its text, its brands, the platform's language guess."""

    key: str
    text: str
    brands: tuple[str, ...] = ()
    lang_hint: str | None = None


# The link a feed appends to a cut summary (`[…] Lire l'article`), WordPress's `The post … appeared first on …`, the
# `Comments` link that is the whole body of a link aggregator's item (Journal du hacker): read as words, `Lire` was
# the commonest entity of a real press feed (L'Usine Nouvelle, 50 items), `article` a theme, `Comments` 9 entities.
READ_MORE = re.compile(
    r"(?:\s*(?:\[(?:…|\.\.\.)\]|…|\.\.\.)|(?<=[.!?»\n])|^)\s*"
    r"(?:Lire la suite|Lire l['’]article|Continuer la lecture|Read more|Continue reading|Comments|Commentaires)"
    r"[\s.…»>→]*$"
    r"|\s*(?:The post .{1,300}? appeared first on|L['’]article .{1,300}? est apparu en premier sur)\s*[^\n]{1,120}$")
READ_MORE_REACH = 600  # characters from the end where the link is looked for (the longest form is ~450)


def mention_text(title: str | None, text: str | None) -> str:
    """What is analysed: the title (news items) followed by the body, unless the body already starts with it; a
    feed's "read more" link (`READ_MORE`) is not part of it."""
    title, text = (title or "").strip(), (text or "").strip()
    link = READ_MORE.search(text, max(0, len(text) - READ_MORE_REACH))  # at the end: a long article is not scanned
    if link:
        text = text[:link.start()]
    if title and not text.startswith(title):
        return f"{title}\n{text}" if text else title
    return text


def truncate(text: str) -> str:
    """At most MAX_CHARS characters, cut at a space so no half word becomes a topic."""
    if len(text) <= MAX_CHARS:
        return text
    cut = text[:MAX_CHARS]
    space = cut.rfind(" ", MAX_CHARS - 200)
    return cut[:space] if space > 0 else cut


class Tagger:
    """Tags batches of `Item`s in this process (`workers=1`) or in a pool of forked workers."""

    def __init__(self, nlp: Language | None = None, workers: int = 1, sentiment_model: Path | None = None,
                 motivation_model: Path | None = None) -> None:
        """`sentiment_model`, `motivation_model`: user model files; their content hash joins the version, so a new
        model re-tags."""
        if workers < 1:
            raise ValueError("workers must be >= 1")
        self.nlp = nlp if nlp is not None else build_pipeline(sentiment_model, motivation_model)
        self.workers = workers
        self.analyzer = ANALYZER
        self.version = VERSION
        if sentiment_model is not None:
            self.version += "+" + hashlib.sha256(Path(sentiment_model).read_bytes()).hexdigest()[:8]
        if motivation_model is not None:
            self.version += "+m" + hashlib.sha256(Path(motivation_model).read_bytes()).hexdigest()[:8]
        self._pool = None
        self.chunks = RecurringChunks(self.nlp)

    def tag(self, items: list[Item]) -> list[Tags]:
        """Tag one batch here, in this process.

        Inside a spaCy memory zone: the strings the batch added to the vocabulary (every new
        handle, URL, typo) are freed when it ends, so a process tagging a million mentions
        does not grow (docs/nlp.md, "Vitesse et mémoire").
        """
        texts = [truncate(item.text) for item in items]
        with self.nlp.memory_zone():
            docs = []
            for item, text in zip(items, texts, strict=True):
                doc = self.nlp.make_doc(text)
                doc._.text, doc._.lang_hint = text, item.lang_hint
                doc._.brands = item.brands
                docs.append(doc)
            tags = [doc_tags(item.key, doc) for item, doc in zip(items, self.nlp.pipe(docs), strict=True)]
        self._bound_caches()
        self.chunks.see(texts)
        return tags

    def _bound_caches(self) -> None:
        """spaCy's French lemmatizer caches every (word, POS) it sees in a dict that never shrinks: on a
        stream of new words (handles, typos) that is a leak. Empty it when it gets large."""
        if "lemmatizer" in self.nlp.pipe_names:
            lemmatizer = self.nlp.get_pipe("lemmatizer")
            if len(getattr(lemmatizer, "cache", ())) > LEMMA_CACHE_LIMIT:
                lemmatizer.cache = {}

    def tag_batches(self, batches: Iterable[list[Item]]) -> Iterator[list[Tags]]:
        """Tag a stream of batches, yielding results in input order, with bounded lookahead."""
        if self.workers == 1:
            for batch in batches:
                yield self.tag(batch)
            return
        pool = self._start_pool()
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(_tag_in_worker, (batch,)))
            if len(pending) > self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def _start_pool(self):
        global _WORKER_TAGGER
        if self._pool is None:
            # Load every lazy resource (lexicons, language models) before forking: the workers then
            # share those pages with this process instead of loading their own copies.
            self.tag([Item("warm-up", "Le service est nul. The service is bad. El servicio es malo.")])
            gc.freeze()  # the garbage collector would otherwise write to, and so un-share, every inherited page
            _WORKER_TAGGER = self
            self._pool = multiprocessing.get_context("fork").Pool(self.workers)
        return self._pool

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Tagger:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


_WORKER_TAGGER: Tagger | None = None  # inherited by forked workers: the model is loaded once


def _tag_in_worker(batch: list[Item]) -> list[Tags]:
    assert _WORKER_TAGGER is not None
    return _WORKER_TAGGER.tag(batch)


def doc_tags(key: str, doc: Doc) -> Tags:
    """The `Tags` of an analysed Doc; texts that are not French only get their language."""
    ext = doc._  # each `doc._` builds a new object
    tags = Tags(mention_id=key, lang=ext.lang)
    if not is_french(ext.lang):
        return tags
    tags.sentiment = ext.sentiment
    tags.sentiment_score = round(float(ext.sentiment_score), 4)
    tags.mixed = bool(ext.sentiment_mixed)
    tags.brand_sentiments = {b: Sentiment(s.label, round(float(s.score), 4), s.mixed)
                             for b, s in (ext.brand_sentiment or {}).items()}
    tags.motivations = dict(ext.motivations or {})
    tags.emotions = dict(ext.emotions or {})
    tags.topics = ([("keyphrase", v, s) for v, s in ext.keyphrases or ()]
                   + [("category", v, s) for v, s in ext.categories or ()]
                   + [(kind, v, 1.0) for kind, v in ext.entities or ()])
    return tags


def tags_json(tags: Tags) -> dict[str, Any]:
    """The JSON object `veille tag` writes for one text (the same tags `veille analyze` stores)."""
    sentiment = (None if tags.sentiment is None
                 else {"label": tags.sentiment, "score": tags.sentiment_score, "mixed": tags.mixed})
    return {
        "lang": tags.lang,
        "sentiment": sentiment,
        "brand_sentiment": {b: {"label": s.label, "score": s.score, "mixed": s.mixed}
                            for b, s in tags.brand_sentiments.items()},
        "motivations": tags.motivations,
        "topics": [{"kind": k, "value": v, "score": s} for k, v, s in tags.topics if k not in ENTITY_KINDS],
        "entities": [{"kind": k, "value": v} for k, v, _ in tags.topics if k in ENTITY_KINDS],
        "emotions": tags.emotions,
    }
