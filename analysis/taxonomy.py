"""The e-reputation taxonomy (docs/nlp.md): cue words and phrases per category, written for Veille.

Cues are matched on lemmas and on lower-cased forms, accents removed; a phrase is a sequence of such
words. A STRONG cue is clear evidence (`colis`, `remboursement`); a WEAK one is common outside the category
(`attendre`, `président`, `application`): it scores lower, so it ranks after strong ones when a mention keeps
its three best categories. (Requiring two weak cues was tried: dev-set F1 36.6 against 47.8.) The split was made by counting,
on the project's written reviews and press items (analysis/data/written/), how often each cue fires on a
text labelled with its category, then checked on the real development set (docs/nlp.md, "Catégories");
cues right less than a third of the time (`euro`, `équipe`, `direction`, `retour`…) were removed. Weak cues added
from the real development set's errors (`produit`, `conseils`, `à l'écoute`, `réactif`, `arnaque`, `malhonnête`)
judge a customer review.
Category ids are stable (stored in `mention_topics.value` with kind `category`).
"""

from __future__ import annotations

STRONG_CUES: dict[str, tuple[str, ...]] = {
    "customer_service": (
        "service client", "sav", "service après-vente", "conseiller", "conseillère", "injoignable",
        "réclamation", "accueil", "guichet", "résilier", "résiliation", "remboursement", "rembourser",
        "vendeur", "vendeuse", "raccrocher", "technicien", "geste commercial",
    ),
    "price": (
        "prix", "tarif", "cher", "chère", "facture", "facturer", "abonnement", "augmenter", "promo",
        "promotion", "soldes", "€", "frais", "pas cher", "forfait", "économiser",
    ),
    "product_quality": (
        "qualité", "défaut", "défectueux", "cassé", "casser", "panne", "tomber en panne", "fiable",
        "fiabilité", "solide", "fragile", "goût", "autonomie", "conforme", "finition", "débit",
    ),
    "delivery": (
        "livraison", "livrer", "livreur", "colis", "expédier", "commande", "commander", "retard", "en retard",
        "point relais", "relais", "transporteur", "rupture de stock",
    ),
    "ethics": (
        "environnemental", "climatique", "carbone", "pollution", "boycott", "scandale", "fraude",
        "fuite de données",
    ),
    "employer": (
        "salarié", "employé", "recrutement", "recruter", "embauche", "embaucher", "emploi", "licenciement",
        "licencier", "plan social", "grève", "salaire", "conditions de travail", "management", "intérim",
    ),
    "leadership": (
        "gouvernance", "conseil d'administration", "actionnaire", "démissionner",
    ),
    "innovation": (
        "innovation", "intelligence artificielle",
    ),
}

WEAK_CUES: dict[str, tuple[str, ...]] = {
    "customer_service": (
        "service apres vente", "hotline", "standard", "attente", "attendre", "interlocuteur", "assistance",
        "conseils", "bon conseil", "à l'écoute", "réactif", "réactivité", "ticket", "chatbot", "dépannage", "dossier", "support", "répondre", "réponse", "joindre",
    ),
    "price": (
        "coûter", "hausse des prix", "augmentation", "remise", "payer", "rapport qualité-prix",
        "rapport qualité prix", "inflation", "mensualité", "bon plan",
    ),
    "product_quality": (
        "produit", "bug", "planter", "durabilité", "batterie", "rappeler des produits", "contaminé", "usure",
        "marcher", "fonctionner", "réseau", "couverture", "version", "mise à jour", "rappel",
    ),
    "delivery": (
        "expédition", "retourner", "stock", "drive", "retrait", "suivi",
    ),
    "ethics": (
        "rse", "éthique", "écologique", "co2", "émission", "polluer", "greenwashing", "durable",
        "développement durable", "recyclage", "recycler", "biodiversité", "commerce équitable",
        "arnaque", "arnaquer", "malhonnête", "malhonnêteté", "escroc", "escroquerie", "travail des enfants",
        "corruption", "évasion fiscale", "vie privée", "données personnelles", "environnement",
    ),
    "employer": (
        "syndicat", "manager", "harcèlement", "télétravail", "stage", "stagiaire", "alternance", "alternant",
        "cdi", "cdd", "burn-out", "marque employeur", "collaborateur",
    ),
    "leadership": (
        "pdg", "président de", "président du", "président d'", "présidente de", "présidente du",
        "présidente d'", "directeur général", "directrice générale", "dirigeant",
        "dirigeante", "patron", "patronne", "ceo", "fondateur", "fondatrice", "assemblée générale",
        "nomination", "comité exécutif", "mis en examen", "rémunération du patron", "nommer",
    ),
    "innovation": (
        "innovant", "innover", "nouveauté", "lancement", "lancer", "nouveau produit", "technologie",
        "technologique", "ia", "brevet", "r&d", "start-up", "startup", "prototype",
        "5g", "hydrogène", "première mondiale", "recherche et développement", "centre de recherche", "connecté",
        "dévoiler",
    ),
}

# Phrases that start like a cue but are none (`produit intérieur brut` is not a product): matched first, they
# count for no category.
NOT_CUES: tuple[str, ...] = ("produit intérieur brut", "produits financiers")
