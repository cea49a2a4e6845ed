"""A small, realistic, deterministic Veille database built through the storage write functions.

The brands and people of the sample world (demo/world.py: Azura is ours, Boréa and Celtis are
competitors), about 70 days of
mentions on five platforms, every kind of tag, a few user corrections, an incident that makes a
negative spike on Azura with its alert. Dates are relative to `now` so that "this month" queries
always find rows. Used by the analyst-guide, Datasette, export and prune tests.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from demo.world import SAMPLE, World
from storage import collect_writes as writes
from storage.alerts import upsert_alert
from storage.db import transaction
from storage.records import Batch, Mention, Sentiment, Tags
from storage.tags import save_tags

PLATFORMS = ("rss", "x", "mastodon", "bluesky", "reddit")
ANALYZER, VERSION = "sample", "1"

# (category, sentiment, text template, motivations, emotion): {b} is the brand.
TEMPLATES = (
    ("livraison", "negative", "{b} : colis perdu et livraison en retard de trois semaines, je suis déçu",
     ("recommendation",), "anger"),
    ("service_client", "negative", "Le service client de {b} ne répond jamais, quelle honte",
     ("cause",), "anger"),
    ("prix", "negative", "{b} augmente encore ses prix, c'est du vol", ("cause", "identity"), "disgust"),
    ("qualite_produit", "positive", "Franchement le nouveau forfait {b} est excellent, je recommande",
     ("recommendation", "identity"), "joy"),
    ("innovation", "positive", "{b} lance une offre 5G innovante, bravo à l'équipe",
     ("information", "connection"), "surprise"),
    ("ethique_rse", "neutral", "{b} publie son rapport RSE 2026 : les chiffres clés",
     ("information",), "surprise"),
    ("marque_employeur", "neutral", "{b} recrute 300 techniciens en région, les offres sont en ligne",
     ("information",), "joy"),
    ("prix", "positive", "Promo chez {b} : le forfait à 9,99 € ce week-end, foncez",
     ("recommendation", "entertainment"), "joy"),
)
FOLLOWERS = (120, 45_000, 800, 2_300, 15, 310_000)  # cycled over the authors
SCORES = {"positive": 0.6, "neutral": 0.0, "negative": -0.7}


@dataclass
class Sample:
    """What the tests need to know about the database they got."""

    mentions: int
    incident_start: str
    incident_end: str
    alert_id: int


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _authors(people: tuple[str, ...]) -> list[tuple[str, str, int]]:
    """(handle, name, followers): each person posts under four handles."""
    return [(f"@{name.split()[0].lower()}{i}", name, FOLLOWERS[i % len(FOLLOWERS)])
            for i, name in enumerate(people * 4)]


def _mention(i: int, rng: random.Random, when: datetime, template: tuple, brands: list[str],
             authors: list[tuple[str, str, int]]) -> Mention:
    platform = PLATFORMS[i % len(PLATFORMS)]
    handle, name, followers = authors[rng.randrange(len(authors))]
    text = template[2].format(b=brands[0])
    if len(brands) > 1:
        text += f" (contrairement à {brands[1]})"
    social = platform != "rss"
    return Mention(
        id=f"{platform}:sample-{i}", platform=platform, source=f"sample-{platform}", text=text,
        title=f"Article {i} sur {brands[0]}" if not social else None,
        url=f"https://example.org/{platform}/{i}",
        author_handle=handle if social else None, author_name=name,
        author_followers=followers if social else None,
        likes=rng.randrange(0, 300) if social else None, shares=rng.randrange(0, 40) if social else None,
        replies=rng.randrange(0, 20) if social else None, lang="fr", published_at=_iso(when), brands=brands,
    )


def _tags(m: Mention, template: tuple, rng: random.Random, people: tuple[str, ...]) -> Tags:
    category, sentiment, _, motivations, emotion = template
    brand_sentiments = {}
    if len(m.brands) > 1:  # "X is bad (unlike Y)": the other brand gets the opposite view
        other = {"negative": "positive", "positive": "negative"}.get(sentiment, "neutral")
        brand_sentiments = {m.brands[0]: Sentiment(sentiment, SCORES[sentiment]), m.brands[1]: Sentiment(other, SCORES[other])}
    return Tags(
        mention_id=m.id, lang="fr", sentiment=sentiment, sentiment_score=SCORES[sentiment] + rng.uniform(-0.2, 0.2),
        brand_sentiments=brand_sentiments,
        motivations={label: round(rng.uniform(0.55, 0.95), 2) for label in motivations},
        topics=[("category", category, 1.0), ("ORG", m.brands[0], 1.0),
                ("PER", rng.choice(people), 0.8), ("keyphrase", category.replace("_", " "), 0.5)]
        + ([("HASHTAG", "#" + category.title().replace("_", ""), 1.0)] if m.platform != "rss" else []),
        emotions={emotion: round(rng.uniform(0.3, 0.9), 2)},
    )


def build_sample(conn: sqlite3.Connection, now: datetime | None = None, days: int = 70, per_day: int = 6,
                 seed: int = 7, world: World = SAMPLE) -> Sample:
    """Fill an empty, migrated database with mentions of `world`'s brands; returns what was built."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    rng = random.Random(seed)
    writes.sync_brands(conn, [b.brand for b in world.brands])
    for platform in PLATFORMS:
        writes.sync_source(conn, f"sample-{platform}", platform, {})
    names, own, authors = list(world.names), world.own.name, _authors(world.people)
    incident_start = now - timedelta(days=5, hours=12)
    incident_end = incident_start + timedelta(hours=18)
    mentions: list[Mention] = []
    tags: list[Tags] = []
    for i in range(days * per_day):
        when = now - timedelta(days=days) + timedelta(minutes=rng.randrange(days * 24 * 60 - 60))
        brands = [rng.choice(names)]
        if rng.random() < 0.15:
            brands.append(rng.choice([n for n in names if n != brands[0]]))
        template = rng.choice(TEMPLATES)
        mentions.append(m := _mention(i, rng, when, template, brands, authors))
        tags.append(_tags(m, template, rng, world.people))
    for j in range(30):  # the incident: lost parcels at the own brand, negative and widely shared
        i = days * per_day + j
        when = incident_start + timedelta(minutes=35 * j)
        m = _mention(i, rng, when, TEMPLATES[0], [own], authors)
        m.shares = 200 + j
        mentions.append(m)
        tags.append(_tags(m, TEMPLATES[0], rng, world.people))
    for platform in PLATFORMS:
        batch = Batch([m for m in mentions if m.platform == platform], {"cursor": "end"})
        writes.save_batch(conn, f"sample-{platform}", "sample", batch, _iso(now), None)
    save_tags(conn, ANALYZER, VERSION, tags)
    neutral = [m for m, t in zip(mentions, tags, strict=True) if t.sentiment == "neutral"]
    with transaction(conn):  # a user's corrections (the dashboard's writes, done here in plain SQL): of the brands
        conn.executemany(  # of 8 mentions, and of the text as a whole of 3 others
            "INSERT INTO brand_sentiment_overrides (mention_id, brand, sentiment, corrected_at, corrected_by) "
            "VALUES (?, ?, ?, ?, ?)",
            [(m.id, brand, "negative", _iso(now), "analyste") for m in neutral[:8] for brand in m.brands])
        conn.executemany(
            "INSERT INTO sentiment_overrides (mention_id, sentiment, corrected_at, corrected_by) VALUES (?, ?, ?, ?)",
            [(m.id, "negative", _iso(now), "analyste") for m in neutral[8:11]])
    alert_id, _ = upsert_alert(
        conn, brand=own, metric="negative_volume", window_start=_iso(incident_start),
        window_end=_iso(incident_end), observed=30, expected=2.5, severity=4.2,
        explanation={"terms": ["colis", "perdu"]}, merge_gap=_iso(incident_start), channels=("webhook",),
    )
    return Sample(len(mentions), _iso(incident_start), _iso(incident_end), alert_id)
