"""The e-reputation taxonomy (DESIGN.md): cue words and phrases per category, written for Veille.

Cues are matched on lemmas and on lower-cased forms, accents removed; a phrase is a
sequence of such words. Category ids are stable (stored in `mention_topics.value` with
kind `category`), the same as the dashboard's French names in `dashboard/labels.py`.
"""

from __future__ import annotations

CATEGORY_CUES: dict[str, tuple[str, ...]] = {
    "customer_service": (
        "service client", "sav", "service après-vente", "service apres vente", "conseiller", "conseillère",
        "hotline", "standard", "répondre", "réponse", "rappeler", "joindre", "injoignable", "attente", "attendre",
        "réclamation", "accueil", "guichet", "interlocuteur", "support", "assistance", "ticket", "chatbot",
        "résilier", "résiliation", "remboursement", "rembourser", "dossier", "vendeur", "vendeuse", "raccrocher",
        "technicien", "dépannage", "geste commercial",
    ),
    "price": (
        "prix", "tarif", "coût", "coûter", "cher", "chère", "facture", "facturer", "abonnement", "hausse des prix",
        "augmentation", "augmenter", "promo", "promotion", "réduction", "remise", "soldes", "euro", "€", "frais",
        "gratuit", "payer", "pas cher", "rapport qualité-prix", "rapport qualité prix", "inflation", "forfait",
        "mensualité", "bon plan", "économie", "économiser",
    ),
    "product_quality": (
        "qualité", "défaut", "défectueux", "cassé", "casser", "panne", "tomber en panne", "bug", "planter", "fiable",
        "fiabilité", "solide", "fragile", "durable", "durabilité", "goût", "performance", "autonomie", "batterie",
        "rappel", "rappeler des produits", "contaminé", "conforme", "finition", "usure", "marcher", "fonctionner",
        "débit", "réseau", "couverture", "mise à jour", "version",
    ),
    "delivery": (
        "livraison", "livrer", "livreur", "colis", "expédition", "expédier", "commande", "commander", "retard",
        "en retard", "délai", "point relais", "relais", "suivi", "transporteur", "retour", "retourner", "stock",
        "rupture de stock", "entrepôt", "drive", "retrait",
    ),
    "ethics": (
        "rse", "éthique", "environnement", "environnemental", "écologie", "écologique", "climat", "climatique",
        "carbone", "co2", "émission", "pollution", "polluer", "greenwashing", "durable", "développement durable",
        "recyclage", "recycler", "plastique", "déchet", "biodiversité", "bio", "commerce équitable", "travail des enfants",
        "sous-traitant", "fournisseur", "boycott", "scandale", "fraude", "corruption", "évasion fiscale", "données",
        "fuite de données", "vie privée", "discrimination", "énergie renouvelable", "renouvelable", "transition",
    ),
    "employer": (
        "salarié", "employé", "personnel", "recrutement", "recruter", "embauche", "embaucher", "emploi", "licenciement",
        "licencier", "plan social", "grève", "syndicat", "salaire", "rémunération", "conditions de travail",
        "management", "manager", "harcèlement", "télétravail", "stage", "stagiaire", "alternance", "alternant",
        "cdi", "cdd", "démission", "burn-out", "marque employeur", "équipe", "collaborateur", "intérim",
    ),
    "leadership": (
        "pdg", "président", "présidente", "directeur général", "directrice générale", "dirigeant", "dirigeante",
        "patron", "patronne", "ceo", "fondateur", "fondatrice", "direction", "gouvernance", "conseil d'administration",
        "actionnaire", "assemblée générale", "démissionner", "nommer", "nomination", "stratégie", "comité exécutif",
        "mis en examen", "rémunération du patron",
    ),
    "innovation": (
        "innovation", "innovant", "innover", "nouveauté", "lancement", "lancer", "nouveau produit", "technologie",
        "technologique", "intelligence artificielle", "ia", "application", "appli", "numérique", "brevet",
        "recherche", "r&d", "start-up", "startup", "prototype", "5g", "fibre", "électrique", "hydrogène",
        "robot", "connecté", "inédit", "première mondiale", "dévoiler",
    ),
}
