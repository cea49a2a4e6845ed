"""What the user reads: French names of platforms, sentiments, motivations, categories…, and dates.

Shared by the dashboard and `veille report` (numbers: `presentation.numbers`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

PLATFORMS = {"rss": "Presse et blogs (RSS)", "x": "X (Twitter)", "mastodon": "Mastodon", "bluesky": "Bluesky",
             "reddit": "Reddit"}
# In tables, where width counts.
PLATFORMS_SHORT = {"rss": "Presse, blogs", "x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky", "reddit": "Reddit"}
SENTIMENTS = {"positive": "Positif", "neutral": "Neutre", "mixed": "Mitigé", "negative": "Négatif", "": "Non analysé"}
# The codes of storage/labels.py (this room may not import storage; tests/test_labels.py checks the keys).
SHOWN_SENTIMENTS = tuple(code for code in SENTIMENTS if code)
SENTIMENT_ORDER = ["Positif", "Neutre", "Mitigé", "Négatif", "Non analysé"]
# One palette everywhere: green, grey, red, and a pale grey for what is not analysed yet.
SENTIMENT_COLORS = ["#1a9850", "#a6a6a6", "#e6a03c", "#d73027", "#dcdfe4"]
LANGS = {"fr": "Français", "en": "Anglais", "es": "Espagnol", "de": "Allemand", "it": "Italien", "pt": "Portugais",
         "nl": "Néerlandais", "": "Inconnue"}
EMOTIONS = {"joy": "Joie", "fear": "Peur", "sadness": "Tristesse", "anger": "Colère", "surprise": "Surprise",
            "disgust": "Dégoût"}
TOPIC_KINDS = {"keyphrase": "Expression", "category": "Catégorie", "ORG": "Organisation", "PER": "Personne",
               "LOC": "Lieu", "MISC": "Divers", "HASHTAG": "Mot-dièse"}
CATEGORIES = {
    "customer_service": "Service client", "price": "Prix", "product_quality": "Qualité des produits",
    "delivery": "Livraison", "ethics": "Éthique et RSE", "employer": "Marque employeur et RH",
    "leadership": "Dirigeants", "innovation": "Innovation",
}
# Share motivations (docs/motivations.md), after Social@Ogilvy × SurveyMonkey 2014 "Why do we share?" and Ipsos 2013.
MOTIVATIONS = {
    "cause": ("Défendre une cause",
              "Promouvoir une cause ou un enjeu, appeler à agir, à boycotter, à signer une pétition.",
              "36 % : première raison de partager (Ogilvy)"),
    "connection": ("Garder le lien",
                   "Rester en contact, remercier, féliciter, s'adresser à des personnes.",
                   "34 % (Ogilvy)"),
    "information": ("Informer",
                    "Transmettre une information utile ou pédagogique : actualité, chiffres, conseils.",
                    "contenu informatif 38 % ; « se sentir utile » 49 % (Ogilvy)"),
    "entertainment": ("Divertir", "Humour, mèmes, ironie destinés à amuser.", "contenu divertissant 35 % (Ogilvy)"),
    "identity": ("Affirmer son identité",
                 "Montrer qui l'on est, ses goûts et ses valeurs, ses opinions sur soi-même.",
                 "13 % pour définir sa personnalité (Ogilvy) ; 37 % « qui je suis vraiment » (Ipsos)"),
    "recommendation": ("Recommander",
                       "Recommander un produit ou un service, ou mettre en garde contre lui.", "30 % (Ipsos)"),
}
ALERT_METRICS = {"volume": "Pic de mentions", "negative_volume": "Pic de mentions négatives",
                 "negative_share": "Hausse de la part de mentions négatives"}
ALERT_STATUSES = {"open": "Ouverte", "acknowledged": "Prise en compte", "resolved": "Résolue"}
SOURCE_STATUSES = {"new": "Jamais collectée", "ok": "OK", "warning": "Avertissement",
                   "partial": "Partiel (des adresses en échec)", "failed": "En échec",
                   "rate_limited": "Limite d'API atteinte"}
FETCH_STATUSES = {"ok": "OK", "not_modified": "Inchangé", "skipped": "Reportée", "warning": "Avertissement",
                  "failed": "Échec", "rate_limited": "Limite d'API"}
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def of(name: str) -> str:
    """« d'Orbelle », « de Renault »: French elision before a vowel."""
    return f"d'{name}" if name[:1].casefold() in "aeiouyàâäéèêëîïôöùûü" and name[:1] else f"de {name}"


def platform(code: str, short: bool = False) -> str:
    return (PLATFORMS_SHORT if short else PLATFORMS).get(code, code.capitalize())


def sentiment(code: str | None) -> str:
    return SENTIMENTS.get(code or "", code or "Non analysé")


def lang(code: str | None) -> str:
    return LANGS.get(code or "", (code or "").upper())


def motivation(code: str) -> str:
    return MOTIVATIONS[code][0] if code in MOTIVATIONS else code


def category(code: str) -> str:
    return CATEGORIES.get(code, code.replace("_", " ").capitalize())


def topic(kind: str, value: str) -> str:
    return category(value) if kind == "category" else value


def day(value: str | date | None) -> str:
    """27 nov. 2026"""
    if not value:
        return "—"
    d = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def moment(value: str | None) -> str:
    """A stored UTC timestamp shown in Paris time: 27 nov. 2026 à 14 h 05."""
    if not value:
        return "—"
    t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    t = t.astimezone(PARIS)
    return f"{day(t.date())} à {t.hour} h {t.minute:02d}"


def published(value: str | None) -> str:
    """A mention's publication date, or « date inconnue » for an undated one (a feed's backlog without dates)."""
    return moment(value) if value else "date inconnue"


def ago(value: str | None, now: datetime | None = None) -> str:
    """How long ago a stored UTC timestamp was: « il y a 5 min », « il y a 3 h », « il y a 2 j »."""
    if not value:
        return "jamais"
    t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    seconds = ((now or datetime.now(UTC)) - t).total_seconds()
    if seconds < 60:
        return "à l'instant"
    for size, unit in ((86_400, "j"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"il y a {int(seconds // size)} {unit}"
    return "à l'instant"
