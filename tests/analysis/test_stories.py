"""A customer's own story of a brand is a review of it: the brand is judged on the whole text."""

from __future__ import annotations

import pytest

from analysis.stories import companies_in, story_of
from analysis.tagger import Item


def _story(nlp, text: str, brands=("Orbelle", "Kelvo")) -> str | None:
    doc = nlp(text)
    return story_of([t.text for t in doc], [t.lemma_ for t in doc], list(brands), companies_in(doc))


@pytest.mark.parametrize("text", [
    "Bonjour à tous, abonné Orbelle ici. Débit divisé par dix le soir, c'est une honte.",
    "Artisan à Caen, je suis chez Orbelle. On m'a raccroché au nez deux fois, je suis furieux.",
    "Passé chez Orbelle il y a quelques mois. Le technicien était super pro.",
    "En télétravail, je dépends de ma connexion Orbelle. Elle saute plusieurs fois par jour.",
    "Petit retour d’expérience sur Orbelle. Le chatbot tourne en rond.",
    "Je poste ici mon expérience avec Orbelle. Trois appels, trois réponses différentes.",
    "Rien à dire, très satisfaite de mes achats chez Orbelle !",
    "Je suis cliente depuis longtemps chez Orbelle. Coupures tous les soirs, une honte.",
    "Il m'a dit « c'est top ». Je suis chez Orbelle. Coupures tous les soirs, une honte.",
    "Abonné Orbelle depuis 3 semaines sans internet. J'espère que ça ira mieux demain, mais là c'est l'enfer.",
    "Abonné Orbelle ici. Le SAV ne répond jamais, la box redémarre toute seule.",
])
def test_a_customer_s_own_story_is_about_the_brand(nlp, text):
    assert _story(nlp, text) == "Orbelle"


@pytest.mark.parametrize("text", [
    # another shop than the one reviewed (unnamed), a past provider, leaving for another, two providers
    "Livraison en retard, colis abîmé. Je resterai chez Orbelle la prochaine fois.",
    "Paiement refusé sur le site. Suis allé m'acheter la carte chez Orbelle, sans souci.",
    "Ancien abonné Orbelle. Depuis que je suis chez Free tout marche parfaitement.",
    "J'étais abonné Orbelle pendant 5 ans, une galère. Je suis très content de mon nouveau fournisseur.",
    "Client Orbelle depuis 10 ans. Je pars chez Free, enfin un opérateur sérieux, je recommande !",
    "Abonné Orbelle depuis 3 ans. Franchement Free est bien meilleur et moins cher, je regrette.",
    "Client Orbelle. Je préfère quand même l'autre, c'est plus fiable.",
    "Abonné Orbelle et très content. Par contre ma banque est une catastrophe, je suis furieux.",
    "Abonné Orbelle ici. Le réseau de SFR marche partout, lui.",  # a company spaCy finds
    "Client Orbelle depuis 2 ans. SFR m'a harcelé au téléphone pour me faire changer, une honte.",
    "Cliente Orbelle, rien à signaler. Bouygues Telecom par contre m'a facturé deux fois.",
    "Je ne suis plus abonné Orbelle depuis mars. Tout fonctionne parfaitement maintenant.",
    "Je viens de résilier mon abonnement Orbelle. Depuis je revis, la nouvelle box est top.",
    "J'ai été client Orbelle pendant 10 ans. Aujourd'hui je suis ravi.",
    "Cliente Orbelle depuis dix ans, je viens de passer à la concurrence, service au top !",
    "Abonné Orbelle depuis 2 ans. Je passe chez free lundi, leur offre fibre est géniale !",
    # someone else than the author, or the author as staff
    "Faits divers : un client Orbelle braque une agence bancaire à Lyon.",
    "Je suis chez Orbelle depuis 10 ans comme technicien. Les clients nous insultent.",
    "Fort de 15 ans d'expérience chez Orbelle, Marc rejoint une jeune pousse.",
    # the press on customers, a quoted customer, a department of the brand, a cue of the sentence before
    "Coupures : les abonnés d'Orbelle excédés. Le débit a reculé de 40 % selon l'Arcep.",
    "« Je suis chez Orbelle depuis dix ans », raconte Paul. Le régulateur publie ses mesures demain.",
    "Le service client d'Orbelle récompensé. Les associations dénoncent des abus chez les concurrents.",
    "Je suis client. Orbelle lance une offre, les concurrents suivent.",
    "J'étais abonné Orbelle. Aujourd'hui tout va bien, je suis ravi.",
    # the brand only speaks; a post naming it only in its first line
    "Ma banque Orbelle affirme que les frais baissent. Les associations dénoncent une arnaque.",
    "Merci @Orbelle pour la rapidité !\nPar contre chez mon ancien FAI c'était l'enfer.",
    # two configured brands named
    "Abonné Orbelle ici. Chez Kelvo, le réseau est inexistant, je paie pour rien.",
])
def test_a_text_that_is_not_one_customer_s_story_is_not_one(nlp, text):
    assert _story(nlp, text) is None


def test_a_long_text_is_not_a_customer_s_story(nlp):
    assert _story(nlp, "Abonné Orbelle ici. " + "Le régulateur publie chaque année ses mesures de débit. " * 30) is None


def test_the_longer_of_two_configured_names_tells_the_story(nlp):
    assert _story(nlp, "Abonné Orbelle Pro ici. Débit divisé par dix le soir.", ("Orbelle", "Orbelle Pro")) \
        == "Orbelle Pro"


@pytest.mark.parametrize("text", [
    "Bonjour à tous, abonné Orbelle ici. Débit divisé par dix le soir, c'est une honte. Passez votre chemin.",
    # blame the model reads without a word of the lexicons: judged as a review of the brand, like an unnamed one
    "Je suis chez Orbelle. Le technicien n'est jamais venu et personne ne m'a prévenu. Passez votre chemin.",
])
def test_a_customer_s_complaint_is_blame_of_the_provider_named_once(tagger, text):
    [tags] = tagger.tag([Item("m", text, ("Orbelle", "Kelvo"))])
    assert tags.brand_sentiments["Orbelle"] == (tags.sentiment, tags.sentiment_score, tags.mixed)
    assert tags.brand_sentiments["Orbelle"][0] == "negative"
    assert tags.brand_sentiments["Kelvo"] == tags.brand_sentiments["Orbelle"]  # not named: the mention's, as before


def test_two_names_of_one_brand_both_get_the_story(tagger):
    [tags] = tagger.tag([Item("m", "Abonné Orbelle Pro ici. Débit divisé par dix le soir, c'est une honte.",
                              ("Orbelle", "Orbelle Pro"))])
    assert tags.brand_sentiments["Orbelle"][0] == tags.brand_sentiments["Orbelle Pro"][0] == "negative"
