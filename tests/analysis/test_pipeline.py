"""The pipeline and the tagger on hostile input: nothing crashes, every text gets a sensible tag."""

from __future__ import annotations

import pytest

from analysis.pipeline import RecurringChunks
from analysis.tagger import Item, mention_text

ODD_TEXTS = {
    "empty": "",
    "whitespace": " \n\t  \u00a0 ",
    "emoji": "😡😡😡🤬",
    "url": "https://exemple.fr/article?id=42&utm_source=x",
    "control": "\x00\x1f\ufeff texte \u200b avec des caractères invisibles",
    "lone_surrogate_replaced": "service client \ufffd nul",
}


@pytest.mark.parametrize("name", sorted(ODD_TEXTS))
def test_odd_texts_are_tagged_without_crash(tagger, name):
    [tags] = tagger.tag([Item(name, ODD_TEXTS[name])])
    assert tags.mention_id == name
    assert tags.lang is not None
    if tags.lang in ("fr", "und"):
        assert tags.sentiment in ("positive", "neutral", "negative")
        assert -1.0 <= tags.sentiment_score <= 1.0


def test_texts_without_words_have_undetermined_language_unless_the_platform_says(tagger):
    tags = tagger.tag([Item("a", "https://t.co/abc"), Item("b", "👍👍", lang_hint="fr"), Item("c", "")])
    assert [t.lang for t in tags] == ["und", "fr", "und"]


def test_huge_text_is_tagged(tagger):
    text = ("Le service client de Exemplo est lent mais la livraison est rapide. " * 1500)[:100_000]
    assert len(text) == 100_000
    [tags] = tagger.tag([Item("big", text)])
    assert tags.lang == "fr"
    assert tags.sentiment in ("positive", "neutral", "negative")
    keyphrases = {v for k, v, _ in tags.topics if k == "keyphrase"}
    assert "service client" in keyphrases and all(len(v) > 3 for v in keyphrases)  # no half word at the cut


def test_mixed_language_text_is_tagged_by_its_french_part(tagger):
    [tags] = tagger.tag([Item("mix", "Trop bien ce concert, what a night!")])
    assert tags.lang == "fr" and tags.sentiment == "positive"


def test_non_french_texts_get_their_language_and_no_french_tags(tagger):
    tags = tagger.tag([
        Item("en", "Worst customer service ever, my parcel never arrived"),
        Item("es", "El pedido llegó tarde otra vez, servicio pésimo"),
        Item("fr", "Le colis est arrivé cassé, service client injoignable"),
    ])
    assert [t.lang for t in tags] == ["en", "es", "fr"]
    assert tags[0].sentiment is None and tags[1].sentiment is None
    assert tags[2].sentiment is not None


def test_components_write_their_extensions_under_pipe(nlp):
    docs = list(nlp.pipe(["Super produit, je recommande", "", "Nul, vraiment nul"], batch_size=2))
    assert [d._.lang for d in docs] == ["fr", "und", "fr"]
    assert all(d._.sentiment in ("positive", "neutral", "negative") for d in docs)


def test_batch_results_keep_input_order(tagger):
    items = [Item(str(i), f"Message numéro {i} sur la livraison") for i in range(50)]
    assert [t.mention_id for t in tagger.tag(items)] == [str(i) for i in range(50)]


def test_mention_text_joins_title_and_body_once():
    assert mention_text("Titre", "Titre suivi du corps") == "Titre suivi du corps"
    assert mention_text("Titre", "Corps") == "Titre\nCorps"
    assert mention_text(None, "Corps") == "Corps"
    assert mention_text("Titre", None) == "Titre"


def test_mention_text_leaves_out_a_feeds_read_more_link_but_not_the_words_in_a_sentence():
    assert mention_text("Titre", "Un résumé coupé […] Lire l'article") == "Titre\nUn résumé coupé"
    assert mention_text("Titre", "Fin du résumé. Lire la suite »") == "Titre\nFin du résumé."
    assert mention_text("Titre", "Corps.\nThe post Un billet appeared first onMon blog.") == "Titre\nCorps."
    assert mention_text("Titre", "Corps. L’article Un billet est apparu en premier sur Mon blog.") == "Titre\nCorps."
    assert mention_text("Titre", "J'ai hâte de lire la suite") == "Titre\nJ'ai hâte de lire la suite"
    assert mention_text("Titre", "Lire l'article") == "Titre"
    assert mention_text("Sortie de Proxmox VE 6.3", "Comments") == "Sortie de Proxmox VE 6.3"  # Journal du hacker


def test_components_declare_what_they_need_and_run_after_it(nlp):
    """Every `requires` of our factories is assigned by an earlier component (spaCy's own analysis)."""
    analysis = nlp.analyze_pipes(pretty=False)
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]
    ours = [name for name in nlp.pipe_names if name.startswith("veille_")]
    assert all(analysis["summary"][name]["assigns"] for name in ours)
    assert analysis["attrs"]["doc._.sentiment"]["assigns"] == ["veille_sentiment"]


def test_recurring_chunks_are_cached_for_good_and_the_others_freed(nlp, monkeypatch) -> None:
    # Chunks that recur across texts join the vocabulary (and so the tokenizer's cache) outside the memory
    # zone; a chunk seen once does not (the memory zone frees it); tokens are the same before and after.
    chunks = RecurringChunks(nlp)
    monkeypatch.setattr(RecurringChunks, "BUDGET", 2)
    recurring, also, once = "l'abonnementzorbi", "#Plimpoufix", "Quazertyxo"
    texts = [f"{recurring} {also}"] * 3 + [once]
    with nlp.memory_zone():
        before = [t.text for t in nlp.make_doc(texts[0])]
    assert "abonnementzorbi" in before and "abonnementzorbi" not in nlp.vocab.strings
    chunks.see(texts)
    assert all(piece in nlp.vocab.strings for piece in before)
    assert once not in nlp.vocab.strings
    with nlp.memory_zone():
        assert [t.text for t in nlp.make_doc(texts[0])] == before
    chunks.see(["Vraxolune"] * 3)  # the budget (2) is spent: nothing more is added
    assert "Vraxolune" not in nlp.vocab.strings


def test_space_pos_gives_the_pos_lemmas_and_morphology_of_the_attribute_ruler_it_replaces(nlp):
    import spacy

    reference = spacy.load("fr_core_news_sm", exclude=["parser", "ner"])
    assert "attribute_ruler" not in nlp.pipe_names and "space_pos" in nlp.pipe_names
    texts = ["Livraison rapide !\n\n  Mais le produit\test   décevant…", " \n", "Top 👍\u00a0\u00a0merci\r\nà tous",
             "Colis jamais arrivé. Merci DPD", "Toujours rien reçu 🤦🏼\u200d♀️"]  # the morphologizer calls `DPD` and `♀` SPACE
    ours = [[(t.pos_, t.lemma_, str(t.morph)) for t in doc] for doc in nlp.pipe(texts)]
    theirs = [[(t.pos_, t.lemma_, str(t.morph)) for t in doc] for doc in reference.pipe(texts)]
    assert ours == theirs
    assert ours[0][3][0] == "SPACE"  # the line break and its indentation
    assert ours[3][-1][0] == ours[4][-2][0] == "X"
