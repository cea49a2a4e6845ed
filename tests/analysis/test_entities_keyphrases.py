"""Entities and keyphrases: one test per class of error seen on real French text (texts written for these tests)."""

from __future__ import annotations

import pytest

from analysis.entities import _kind, _trim
from analysis.tagger import Item
from analysis.words import CACHE_LIMIT, Lexicon
from storage.records import ENTITY_KINDS


def tag(tagger, text, brands=()):
    [tags] = tagger.tag([Item("t", text, tuple(brands))])
    return tags


def entities(tagger, text, brands=()):
    return {(k, v) for k, v, _ in tag(tagger, text, brands).topics if k in ENTITY_KINDS}


def keyphrases(tagger, text, brands=()):
    return [v for k, v, _ in tag(tagger, text, brands).topics if k == "keyphrase"]


@pytest.fixture(scope="module")
def lexicon(nlp):
    return nlp.get_pipe("veille_topics").lexicon


# --- entities -------------------------------------------------------------------------------------------------


def test_no_elision_is_left_on_a_name(tagger):
    found = entities(tagger, "Interrogé, AG2R n’a pas répondu. Dans l’Oise n’importe qui le dit. Il y’en a marre "
                             "de l’Ecotaxe et qu’UPS livre en retard.")
    texts = {v for _, v in found}
    assert not any(v.endswith(("'", "’")) or v.startswith(("l’", "qu’", "n’")) for v in texts), texts
    assert "AG2R" in texts and "y’" not in texts


def test_verbs_participles_and_interjections_are_not_names(tagger):
    found = entities(tagger, "Contactés, les dirigeants n'ont pas répondu. Fuyez ! Maintenez le télétravail, "
                             "demande le syndicat. Eh ouais, Coupures partout. Bonne sélection et Livraison rapide.")
    texts = {v for _, v in found}
    assert not texts & {"Contactés", "Fuyez", "Maintenez", "Eh ouais", "Eh", "Coupures", "Bonne sélection",
                        "Livraison"}, texts


def test_an_imperative_opening_a_sentence_and_a_code_identifier_are_not_names(tagger):
    found = entities(tagger, "Notez le petit (yt) dans l'invite. Débuggez une portion du code avec set -x. "
                             "Puis exportez LC_ALL=C et REDIS_PORT_6379_TCP_ADDR avant de relancer. Sanchez a répondu.")
    texts = {v for _, v in found}
    assert not texts & {"Notez", "Débuggez", "LC_ALL", "REDIS_PORT_6379_TCP_ADDR"}, texts
    assert "Sanchez" in texts
    names = {v for _, v in entities(tagger, "Sánchez se rend à Bruxelles. Rodez s'impose face à Caen.")}
    assert {"Sánchez", "Rodez"} <= names, names


TERMINAL = """On passe ensuite à la mise à jour de pip dans un environnement virtuel tout neuf, créé avec le module venv.

~ .venv monprojet
$ pip install --upgrade pip
Collecting pip
Installing collected packages: pip
Found existing installation: pip 19.2.3
Successfully installed pip-20.0.2
~ .venv monprojet
$ pip install requests
Collecting requests
Running setup.py install for requests ... done
restartPolicy: Always
Et voilà, Debian est à jour."""


def test_english_words_of_a_pasted_terminal_output_are_not_names(tagger):
    texts = {v for _, v in entities(tagger, TERMINAL)}
    assert not texts & {"Collecting", "Installing", "Found", "Running", "Always"}, texts
    assert "Debian" in texts
    kept = {v for _, v in entities(tagger, "Zoom : le patron répond aux critiques sur la sécurité.")}
    assert "Zoom" in kept, kept  # one French word in the line: a name
    for headline, name in (("Bouygues et Free", "Free"), ("Signal et Telegram : le match", "Telegram"),
                           ("Square, Stripe et Visa", "Stripe")):  # `et` is no English word
        assert name in {v for _, v in entities(tagger, headline)}, headline


def test_a_people_is_not_a_place(tagger):
    found = entities(tagger, "Les Allemands et les Américains ont débarqué. Des Russes se souviennent de "
                             "Stalingrad, près des Invalides à Paris.")
    texts = {v for _, v in found}
    assert not texts & {"Allemands", "Américains", "Russes"}, texts
    assert {"Stalingrad", "Paris"} <= texts


def test_an_institution_keeps_its_lower_case_adjectives(tagger):
    found = entities(tagger, "Emmanuel Macron saisira lui-même le Conseil constitutionnel. La détermination des "
                             "Gilets jaunes reste entière. L'Assemblée réunie hier a voté.")
    assert {("ORG", "Conseil constitutionnel"), ("ORG", "Gilets jaunes"), ("ORG", "Assemblée")} <= found, found
    assert not {v for _, v in found} & {"Conseil", "Gilets", "Assemblée réunie"}


def test_a_new_word_made_of_a_prefix_and_a_dictionary_word_is_not_a_person(tagger):
    found = entities(tagger, "Déconfinement : Edouard Philippe présente son plan au Sénat")  # PER for the NER
    assert ("PER", "Edouard Philippe") in found and not any(v == "Déconfinement" for _, v in found), found


def test_a_capitalised_common_word_stays_a_name_when_it_usually_is_one(tagger):
    texts = {v for _, v in entities(tagger, "Le sommet a lieu à Paris puis à Vienne, avec Orange et Pierre.")}
    assert {"Paris", "Vienne"} <= texts


def test_a_first_name_and_a_surname_is_a_person_even_as_a_watched_brand(tagger):
    found = entities(tagger, "Emmanuel Macron a reçu les syndicats. Macron a promis une réponse.", ["Macron"])
    assert ("PER", "Emmanuel Macron") in found
    assert not any(v == "Macron" for _, v in found)  # the surname alone joins the full name
    found = entities(tagger, "Selon le président Macron, la réforme avance.", ["Macron"])
    assert ("PER", "Macron") in found  # a title says person


def test_a_public_figure_named_by_surname_alone_is_a_person_but_not_after_an_article(tagger):
    # spaCy's NER types these ORG or LOC (real headlines of ../shared: « Macron s'offre le premier rôle »).
    found = entities(tagger, "Covid-19 et culture : Macron s’offre le premier rôle", ["Macron"])
    assert ("PER", "Macron") in found
    found = entities(tagger, "Hollande et Sarkozy se retrouvent à l'Élysée.", [])
    assert {("PER", "Hollande"), ("PER", "Sarkozy")} <= set(found)
    assert ("PER", "Le Pen") in entities(tagger, "Le Pen attaque Mélenchon sur les retraites", [])
    assert ("LOC", "Hollande") in entities(tagger, "Il part en Hollande pour les vacances.", [])
    for text in ("Il revient de Hollande avec du fromage.", "Les tulipes d'Hollande arrivent."):
        assert ("LOC", "Hollande") in entities(tagger, text, [])  # a name that is also a place, after `de`


def test_a_watched_brand_keeps_its_article_where_the_ner_cuts_it(tagger):
    # At a sentence start spaCy's NER finds `Oréal`; the watched brand is `L'Oréal`, whatever its apostrophe.
    for text in ("L'Oréal annonce des résultats en hausse.", "L’Oréal rachète une marque coréenne."):
        found = entities(tagger, text, ["L'Oréal"])
        assert [v for _, v in found] == [text[:7]], found
    found = entities(tagger, "L'Oréal annonce des résultats. Le groupe L'Oréal recrute.", ["L'Oréal"])
    assert set(found) == {("ORG", "L'Oréal")}, found
    assert "L'ONU" not in [v for _, v in entities(tagger, "L'ONU condamne l'attaque.", ["L'ONU"])]  # an acronym


def test_a_watched_company_stays_an_organisation(tagger):
    assert ("ORG", "Télénova") in entities(tagger, "Le service client de Télénova est injoignable.", ["Télénova"])


def test_hashtags_are_their_own_kind(tagger):
    found = entities(tagger, "Encore une coupure ce matin #PanneOrbelle #service client &#39;injoignable&#39; "
                             "https://exemple.fr/page#section")
    assert ("HASHTAG", "#PanneOrbelle") in found and ("HASHTAG", "#service") in found
    assert not any(v in ("#39", "#section") for _, v in found)


def test_the_variants_of_one_name_are_one_theme(tagger):
    found = entities(tagger, "Panne Orbelle chez vous aussi ? Box morte depuis ce matin. #PanneOrbelle", ["Orbelle"])
    texts = {v for _, v in found}
    assert "#PanneOrbelle" in texts
    assert not texts & {"PanneOrbelle", "Panne Orbelle"}, texts  # the sentence's capital, then the brand
    merged = entities(tagger, "Le collectif Panne-Orbelle se réunit demain. #PanneOrbelle")
    assert {v for _, v in merged} & {"Panne-Orbelle", "PanneOrbelle"} == set()


def test_the_spellings_of_one_name_in_a_mention_are_one_entity_written_as_most_often(tagger):
    found = entities(tagger, "Jean-Michel Blanquer a parlé hier. Jean-Michel Blanquer reviendra. Selon Jean Michel "
                             "Blanquer, tout va bien.")
    assert ("PER", "Jean-Michel Blanquer") in found and ("PER", "Jean Michel Blanquer") not in found
    found = entities(tagger, "La Commission Européenne a tranché. La Commission européenne publie son avis. La "
                             "Commission européenne répond.")
    assert {v for _, v in found if "ommission" in v} == {"Commission européenne"}


def test_links_handles_and_separators_cut_names(tagger):
    found = entities(tagger, "Grève à la CFDT - Suspension du dialogue à Boston http://t.co/ab12 @marie_l "
                             "| Politique | Nice-Matin")
    texts = {v for _, v in found}
    assert not any("http" in v or "@" in v or " - " in v or "|" in v for v in texts), texts
    assert "Nice-Matin" in texts


def test_a_hyphenated_name_keeps_its_last_part(tagger):
    # `-un`, `-Ho` are the end of a name, not a stop word to trim (`Kim Jong`, `Pays` on the real press)
    assert ("PER", "Kim Jong-un") in entities(tagger, "Kim Jong-un a parlé hier soir.")
    assert ("PER", "Bong Joon-Ho") in entities(tagger, "Le dernier film de Bong Joon-Ho est sorti.")
    assert not any(v.endswith("-ci") for _, v in entities(tagger, "Télénova ? Sa box Nova-ci marche mal."))


def test_a_capital_article_is_not_part_of_a_name(tagger):
    # a sentence's `L'` before a place or an acronym, or any `L'` before a lower-case word, is an article
    texts = {v for _, v in entities(tagger, "L'Ukraine demande l'aide de l'Europe. L'ONU se réunit demain.")}
    assert not any(v.startswith(("L'", "L’")) for v in texts) and {"Ukraine", "ONU"} <= texts, texts
    texts = {v for _, v in entities(tagger, "L'Europe demande l'aide de l'ONU. L'Elysée dément.")}
    assert {"Europe", "ONU", "Elysée"} <= texts, texts
    assert "L'Oréal" in {v for _, v in entities(tagger, "Les ventes de L'Oréal progressent en Asie.")}


def test_an_article_before_a_lower_case_word_is_trimmed_and_a_capitals_headline_keeps_its_article(nlp, lexicon):
    # spans the NER gave on real press: `L'épidémie de SARS-CoV-2`; `L'OBS` in a headline in capitals
    doc = nlp.make_doc("L'épidémie de SARS-CoV-2 ralentit.")
    piece, _ = _trim([t for t in doc if t.text != "ralentit" and not t.is_punct], "MISC", lexicon)
    assert piece[0].text == "SARS", [t.text for t in piece]
    doc = nlp.make_doc("L'OBS RÉVÈLE TOUT")
    assert [t.text for t in _trim(list(doc[0:2]), "ORG", lexicon)[0]] == ["L'", "OBS"]


def test_titles_are_not_part_of_a_name(tagger):
    texts = {v for _, v in entities(tagger, "Ségolène Royal Ministre de l'Écologie visite le chantier.")}
    assert "Ségolène Royal" in texts and not any("Ministre" in v for v in texts)
    # a title alone is no name (real press: `Haut-commissaire` was a MISC theme)
    texts = {v for _, v in entities(tagger, "Haut-commissaire aux retraites, il a démissionné. Le Haut-commissaire parle.")}
    assert not any("commissaire" in v.lower() for v in texts)


def test_known_organisations_and_countries_get_their_kind(tagger):
    # spaCy types these MISC, LOC or PER (real texts of ../shared: `YouTube`, `Netflix`, `Franceinfo`, `France`)
    found = entities(tagger, "Netflix et YouTube dominent, selon Franceinfo. Selon Santé publique France, en France…")
    assert {("ORG", "Netflix"), ("ORG", "YouTube"), ("ORG", "Franceinfo"), ("LOC", "France"),
            ("ORG", "Santé publique France")} <= set(found)


def test_the_name_lists_hold_no_ambiguous_name_and_each_name_once():
    from analysis.words import COUNTRIES_FILE, KNOWN_ORGANISATIONS, KNOWN_ORGANISATIONS_FILE, PUBLIC_FIGURES
    from storage.query import spelling_key

    for path in (KNOWN_ORGANISATIONS_FILE, COUNTRIES_FILE):
        names = [n.strip() for n in path.read_text(encoding="utf-8").splitlines() if n.strip() and n[0] != "#"]
        assert len({spelling_key(n) for n in names}) == len(names), path  # `IKEA` and `Ikea` are one line
    assert {"loreal", "bfmtv", "ovh"} <= KNOWN_ORGANISATIONS and not KNOWN_ORGANISATIONS & PUBLIC_FIGURES
    from analysis.words import COUNTRIES

    assert {"etatsunis", "urss"} <= COUNTRIES and not KNOWN_ORGANISATIONS & COUNTRIES
    # also a place, a word, a person or a club: never forced
    assert not {"orange", "free", "total", "hollande", "monaco", "thales"} & (KNOWN_ORGANISATIONS | COUNTRIES)


def test_a_listed_company_after_un_or_une_is_a_product(nlp):
    # the list does not overrule the NER's MISC (a product) after `un`/`une`; elsewhere it does
    doc = nlp.make_doc("J'ai acheté une Dacia chez Dacia.")
    assert _kind("MISC", [doc[4]], "Dacia", False, set(), True) == "MISC"
    assert _kind("MISC", [doc[6]], "Dacia", False, set(), True) == "ORG"


def test_an_acronym_and_its_name_are_one_entity_in_a_mention(tagger):
    # what the dashboard joins across mentions (storage.query.full_name_keys), one mention holds once
    found = entities(tagger, "L'Organisation mondiale de la santé s'inquiète. Pour l'OMS, la situation empire.")
    assert ("ORG", "Organisation mondiale de la santé") in found and not any(v == "OMS" for _, v in found)


def test_a_surname_that_is_also_a_title_stays_whole(tagger):
    # `Le Maire` after a first name is a surname (it was cut to `Bruno`: the title `Maire` ended the name)
    found = entities(tagger, "Le ministre Bruno Le Maire a reçu les syndicats à Bercy.")
    assert ("PER", "Bruno Le Maire") in found and ("PER", "Bruno") not in found
    # …but a title inside a longer name still ends the person's name
    assert ("PER", "Philippe") in entities(tagger, "Arrivée de Philippe Le Roi des Belges à Paris.")


def test_lexicon_tells_common_words_from_names(lexicon):
    assert lexicon.is_common("Livraison", alone=True) and lexicon.is_common("Fuyez", alone=True)
    assert not lexicon.is_common("Paris", alone=True) and not lexicon.is_common("Orange", alone=True)
    assert lexicon.is_common("Ecologie", alone=True)  # a capital that lost its accent
    # words a news cycle coins, unknown to the vocabulary: a prefix and a dictionary word
    assert lexicon.is_common("Déconfinement", alone=True) and lexicon.is_common("Surtourisme", alone=True)
    assert not any(lexicon.is_common(w, alone=True) for w in ("Transdev", "Desjardins", "Recyclivre", "Orbelle"))
    assert lexicon.is_verb("progresse") and lexicon.is_verb("préconisent")
    assert not any(lexicon.is_verb(w) for w in ("compte", "missions", "données", "soignant", "abonnement"))


def test_the_verb_memory_stays_bounded(nlp, monkeypatch):
    lexicon = Lexicon(nlp)
    monkeypatch.setattr("analysis.words.CACHE_LIMIT", 10)
    for n in range(50):
        lexicon.is_verb(f"mot{n}")
    assert len(lexicon._verbs_seen) <= 11 < CACHE_LIMIT  # noqa: SLF001


# --- keyphrases -----------------------------------------------------------------------------------------------


def test_keyphrases_agree_in_gender_and_number(tagger):
    found = keyphrases(tagger, "Les investissements massifs dans les missions aériennes inquiètent. Les véhicules "
                               "équipés coûtent cher.")
    assert "investissement massif" in found and "mission aérienne" in found, found
    assert "investissement massifs" not in found and "véhicule équipés" not in found


def test_keyphrases_keep_their_de(tagger):
    found = keyphrases(tagger, "Le port du masque reste obligatoire. Orbelle garde une longueur d'avance sur le prix "
                               "de l'abonnement.", ["Orbelle"])
    assert {"port du masque", "longueur d'avance", "prix de l'abonnement"} <= set(found), found


def test_no_noun_after_a_postposed_adjective_nor_a_dangling_verb(tagger):
    found = keyphrases(tagger, "Le marché français compte trois millions de clients. La maladie progresse vite. Le "
                               "personnel soignant réclame des moyens.")
    assert "marché français" in found and "personnel soignant" in found, found
    assert not any(p.endswith((" compte", " progresse", " réclame")) for p in found), found


def test_a_cut_complement_and_a_lone_adjective_are_dropped(tagger):
    found = keyphrases(tagger, "Chaque établissement scolaire du second degré ferme. Ce dispositif est temporaire.")
    assert not any(p.endswith(" second") for p in found), found
    assert "temporaire" not in found


def test_a_head_stays_plural_when_its_singular_is_not_a_word(tagger):
    found = keyphrases(tagger, "Les vacances scolaires approchent. Les nounours géants sont en rupture.")
    assert "vacances scolaires" in found, found  # not `vacance scolaire`, nor `vacances scolaire`
    assert not any("nounour " in p for p in found), found


def test_the_noun_of_a_prepositional_phrase_is_not_a_theme(tagger):
    found = keyphrases(tagger, "À cause du retard et en raison de la grève, la commande a traîné. Grâce au service "
                               "client et face à la crise, tout s'est arrangé. Les livres sont arrivés en vrac.")
    assert not {"cause", "raison", "grâce", "face", "vrac"} & {w for p in found for w in p.split()}, found
    assert "service client" in found, found
    found = keyphrases(tagger, "Par contre, sans surprise, le colis est arrivé. D'habitude, c'est rapide. Dommage ! "
                               "Le rédacteur en chef juge le dommage subi.")
    assert not {"contre", "surprise", "habitude", "chef"} & {w for p in found for w in p.split()}, found
    assert "colis" in found and "dommage subi" in found and "dommage" not in found, found
    found = keyphrases(tagger, "Au cours de la réunion annuelle, le délai promis a été tenu. À terme, tout ira bien.")
    assert "réunion annuelle" in found and "délai promis" in found, found
    assert not any(p.startswith(("cours", "terme")) for p in found), found


def test_verbs_the_tagger_calls_nouns_are_left_out(tagger):
    found = keyphrases(tagger, "Ça marche bien. J'estime que le service est lent. Une épidémie de mauvais payeurs "
                               "menace les entreprises. Les prix deviennent négatifs.")
    words = {w for p in found for w in p.split()}
    assert not {"marche", "estime", "menace", "deviennent", "bien"} & words, found
    assert "mauvais payeur" in found and "prix" in found, found


def test_nouns_the_tagger_calls_verbs_are_kept(tagger):
    found = keyphrases(tagger, "La station essence est fermée. Thierry, médecin généraliste, se plaint. Le port du "
                               "masque est obligatoire.")
    assert {"station essence", "médecin généraliste"} <= set(found), found


def test_a_participle_leaves_a_group_with_its_complement(tagger):
    found = keyphrases(tagger, "SKF installe une couronne de rotation monumentale destinée à la recherche. Le "
                               "Covid-19 sera reconnu maladie professionnelle. Une table de massage commandée en août.")
    assert "rotation monumentale" in found and "maladie professionnelle" in found, found
    assert not any(p.endswith(("destinée", "commandée")) or p.startswith("reconnu") for p in found), found


def test_adverbs_are_not_themes(tagger):
    found = keyphrases(tagger, "Colis bien emballé, reçu tardivement. Le poisson est bien emballé.")
    assert not any("bien" in p or "tardivement" in p or p.startswith("reçu") for p in found), found


def test_sign_offs_and_glued_contractions_are_not_people(tagger):
    found = entities(tagger, "Jai commandé deux boîtes. Livraison rapide, rien à redire. Cordialement")
    assert not {"Jai", "Cordialement"} & {v for _, v in found}, found
