"""Keyphrases, entities, taxonomy categories, FEEL emotions and share motivations."""

from __future__ import annotations

from analysis.emotions import emotion_scores
from analysis.motivations import motivation_scores
from analysis.sentiment_features import Tok, extract
from analysis.tagger import Item


def topics_of(tagger, text, brands=()):
    [tags] = tagger.tag([Item("t", text, tuple(brands))])
    return tags


def test_keyphrases_categories_and_entities(tagger):
    tags = topics_of(tagger, "Le service client de Télénova est injoignable et le prix de l'abonnement a encore "
                             "augmenté. Emmanuel Macron était à Lyon.", ["Télénova"])
    kinds = {(k, v) for k, v, _ in tags.topics}
    assert ("keyphrase", "service client") in kinds
    assert ("keyphrase", "prix de l'abonnement") in kinds
    assert {("category", "customer_service"), ("category", "price")} <= kinds
    assert ("PER", "Emmanuel Macron") in kinds and ("LOC", "Lyon") in kinds
    assert ("ORG", "Télénova") in kinds  # the mention's brand is an organisation, whatever spaCy guessed
    assert not any(k == "keyphrase" and "télénova" in v for k, v in kinds)  # brands are not topics
    assert all(0 < s <= 1 for _, _, s in tags.topics)


def categories_of(tagger, text, brands):
    return {v for k, v, _ in topics_of(tagger, text, brands).topics if k == "category"}


def test_ethics_needs_conduct_not_a_ministry_a_party_or_the_verb_donner(tagger):
    # `écologie` names a ministry and a party, `données` is also the participle of `donner`, `renouvelable` a sector:
    # on the real development set they made 19 of ethics' 38 false positives
    assert "ethics" not in categories_of(tagger, "La ministre de l'Écologie, Ségolène Royal, suspend l'écotaxe.",
                                         ["Ségolène Royal"])
    assert "ethics" not in categories_of(tagger, "Malgré les infos données au conseiller de Mobilys, rien.", ["Mobilys"])
    assert "ethics" not in categories_of(tagger, "Ferrivia investit dans l'énergie renouvelable.", ["Ferrivia"])
    assert "ethics" in categories_of(tagger, "Mobilys a revendu les données personnelles de ses clients.", ["Mobilys"])
    assert "ethics" in categories_of(tagger, "Ferrivia accusée de pollution de la rivière.", ["Ferrivia"])
    assert "ethics" in categories_of(tagger, "Mobilys, une arnaque, à éviter.", ["Mobilys"])  # dishonesty


def test_leadership_is_a_president_of_something_not_a_head_of_state(tagger):
    assert "leadership" not in categories_of(tagger, "Le président algérien exclut le recours au FMI.", ["FMI"])
    assert "leadership" not in categories_of(tagger, "Le président Emmanuel Macron a reçu Mobilys.", ["Mobilys"])
    assert "leadership" in categories_of(tagger, "Le président de Mobilys quitte ses fonctions.", ["Mobilys"])
    assert "leadership" in categories_of(tagger, "La présidente d’Exemplo a été nommée hier.", ["Exemplo"])


def test_a_review_judging_its_products_and_advice_gets_their_categories(tagger):
    # real Trustpilot reviews: « Livraison rapide, produits excellents », « Toujours de très bons conseils »
    cats = categories_of(tagger, "Produits excellents, toujours de très bons conseils, une équipe à l'écoute.", ["Vinora"])
    assert {"product_quality", "customer_service"} <= cats
    assert not categories_of(tagger, "Le produit intérieur brut de la France recule.", ["France"])  # not a product


def test_category_cues_read_both_apostrophes(tagger):
    # cues are written with `'`; real texts mostly print `’`
    for apostrophe in ("'", "’"):
        assert "leadership" in categories_of(tagger, f"Le conseil d{apostrophe}administration de Mobilys s'est réuni.",
                                             ["Mobilys"])
        assert "leadership" in categories_of(tagger, f"La présidente d{apostrophe}Exemplo quitte ses fonctions.",
                                             ["Exemplo"])


def test_innovation_is_research_not_a_search(tagger):
    assert "innovation" not in categories_of(tagger, "La barre de recherche du site Mobilys ne marche pas.", ["Mobilys"])
    assert "innovation" in categories_of(tagger, "Mobilys ouvre un centre de recherche à Lyon.", ["Mobilys"])
    # an app is the product itself, `numérique` a sector: neither says the brand innovates
    assert "innovation" not in categories_of(tagger, "L'application Mobilys plante encore.", ["Mobilys"])
    assert "innovation" not in categories_of(tagger, "Les géants du numérique, dont Mobilys, profitent de la crise.",
                                             ["Mobilys"])


def test_non_french_and_wordless_texts_get_no_topics(tagger):
    assert topics_of(tagger, "The customer service of Telenova never answers").topics == []
    assert topics_of(tagger, "👍👍👍").topics == []


def test_a_capitalised_common_word_is_not_an_entity(tagger):
    tags = topics_of(tagger, "Livraison en retard. Bilan : colis perdu à Marseille.")
    entities = {(k, v) for k, v, _ in tags.topics if k in ("ORG", "PER", "LOC", "MISC")}
    assert not any(v in ("Livraison", "Bilan") for _, v in entities)


def test_one_noisy_feel_word_makes_no_emotion_and_praise_brings_no_anger():
    assert emotion_scores(extract([Tok("concerner", "concerner", "VERB")])) == {}
    praise = emotion_scores(extract([Tok("excellent", "excellent", "ADJ"), Tok("rapport", "rapport", "NOUN")]))
    assert set(praise) <= {"joy", "surprise"}


def test_emotions_from_feel_skip_negated_words():
    furious = extract([Tok("furieux", "furieux", "ADJ"), Tok("😡", "😡", "X")])
    assert max(emotion_scores(furious), key=emotion_scores(furious).get) == "anger"
    assert emotion_scores(extract([Tok("pas", "pas", "ADV"), Tok("content", "content", "ADJ")])) == {}
    assert emotion_scores(extract([Tok("réunion", "réunion", "NOUN")])) == {}


def test_outrage_shows_anger_when_exclaimed_not_when_reported(tagger):
    # a word that judges (`arnaque`, `honte`) is the author's anger when exclaimed, a fact when reported
    assert "anger" in topics_of(tagger, "Arnaque ! Colis jamais reçu.").emotions
    assert "anger" in topics_of(tagger, "Je trouve cela inadmissible !").emotions
    assert "anger" in topics_of(tagger, "Arnaque, colis jamais reçu et aucune réponse !").emotions  # one sentence
    assert "anger" not in topics_of(tagger, "Une arnaque, selon lui. Je n'en sais rien !").emotions  # another one
    assert "anger" not in topics_of(tagger, "Le parquet enquête sur une arnaque aux faux conseillers.").emotions
    assert "anger" not in topics_of(tagger, "Ce n'est pas une arnaque !").emotions
    assert "joy" not in topics_of(tagger, "Envoi rapide et soigné !").emotions  # praise exclaimed is not joy


def test_the_authors_enjoyment_is_joy(tagger):
    # real reviews the annotators gave joy: « C'est un plaisir de découvrir chaque mois des vins », « se sont régalés »
    assert "joy" in topics_of(tagger, "Toujours un plaisir de commander chez Vinora, livraison rapide.").emotions
    assert "joy" in topics_of(tagger, "Le poisson était frais, mes enfants se sont régalés.").emotions
    assert "joy" in topics_of(tagger, "J'ai adoré ce film, drôle et poignant.").emotions
    assert not topics_of(tagger, "Vinora annonce l'ouverture de trois boutiques à Lyon.").emotions  # a fact


def test_a_customer_s_anger_in_their_own_words(tagger):
    # real reviews the annotators gave anger: « Fuyez ce site ! », « je rageais d'être le dernier de la famille »
    assert "anger" in topics_of(tagger, "Toujours aucun remboursement. Fuyez ce site !").emotions
    assert "anger" in topics_of(tagger, "Je rageais d'attendre encore le technicien.").emotions
    assert "anger" in topics_of(tagger, "Service client incompétent et malhonnête !").emotions
    assert "anger" not in topics_of(tagger, "Il a été condamné pour escroquerie en 2019.").emotions  # reported
    # a feeling named in a film's story is the character's, not the author's
    assert "anger" not in topics_of(tagger, "Elle attend avec un énervement croissant que le train arrive.").emotions


def test_emotions_are_stored_for_french_texts(tagger):
    tags = topics_of(tagger, "Quelle joie, ce cadeau est magnifique !")
    assert "joy" in tags.emotions and all(0 < s <= 1 for s in tags.emotions.values())


def test_motivations_are_multi_label_with_confidence():
    scores = motivation_scores("Signez la pétition contre la fermeture de l'usine, partagez ! https://t.co/x")
    assert {"cause", "information"} <= set(scores)
    assert all(0.5 <= c < 1 for c in scores.values())
    assert motivation_scores("Je vous recommande ce resto, foncez") == {"recommendation": motivation_scores(
        "Je vous recommande ce resto, foncez")["recommendation"]}
    assert "entertainment" in motivation_scores("mdr la pub 😂😂")
    assert motivation_scores("ok") == {}


def test_a_long_text_needs_more_evidence_than_one_chance_cue(tagger):
    # a sysadmin's blog post: each category has one cue by chance (`commande`, `version`, `réponse`); on the real
    # development set such posts got three categories each
    chance = ("J'ai migré mon serveur vers une nouvelle version de Debian. La commande apt a tout mis à jour, puis "
              "j'ai relancé les services un par un en lisant les journaux. Ensuite j'ai vérifié les certificats et la "
              "réponse du proxy avec curl. ")
    filler = "Les scripts de sauvegarde tournent chaque nuit et copient les dossiers sur un disque externe. "
    long_post = chance + filler * 30
    assert categories_of(tagger, chance, ["Debian"])  # short: one cue is enough
    assert not categories_of(tagger, long_post, [])
    delivery = ("Ma livraison est arrivée en retard, le colis était abîmé, le livreur pressé et le transporteur "
                "injoignable. ")
    assert "delivery" in categories_of(tagger, delivery + filler * 30, [])  # several cues of one category


def test_the_evidence_a_category_needs_grows_with_the_text():
    from analysis.topics import MAX_EVIDENCE_NEEDED, MIN_EVIDENCE, WEAK, evidence_needed

    assert evidence_needed(40) == evidence_needed(150) == MIN_EVIDENCE == WEAK  # a tweet, a review: one weak cue
    assert evidence_needed(300) == 1.0 and evidence_needed(600) == 2.0
    assert evidence_needed(50_000) == MAX_EVIDENCE_NEEDED  # an article never needs more than three strong cues
