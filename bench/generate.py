"""A realistic Veille database of N mentions over a year (10 brands by default), for the dashboard benchmark and tests.

Run: `.venv/bin/python -m bench.generate --db var/bench-1m.db --mentions 1000000`.

Everything the dashboard reads is filled the way the real pipeline fills it (same tables, same
triggers): mentions with French text (and FTS), brand matches, tags, brand-level sentiment, share
motivations, topics (keyphrases with a long tail, entities, e-reputation categories), emotions, a
few user corrections, sources with their health and fetch audit, and alerts on the incidents.

Distributions: brand volumes from market leader to niche, platform mix, day/night and weekday
rhythm with a slow growth, about three incidents per brand (a day and a half, several times the
usual volume, mostly negative, with their own vocabulary), sentiment depending on brand and
platform, 7 % non-French mentions (no French tags), the latest 0.3 % not analysed yet.
Deterministic for a given seed and end date. Rows are written with executemany in big
transactions; the brand links go last so each dashboard summary row is computed once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

import storage
from demo.world import BENCH, World
from storage.db import transaction
from storage.labels import CATEGORIES, MOTIVATIONS, SENTIMENTS
from storage.records import estimate_reach

# (source name, source type, platform, share of mentions)
SOURCES = (
    ("presse-nationale", "rss", "rss", 0.16),
    ("presse-regionale", "rss", "rss", 0.12),
    ("blogs-tech", "rss", "rss", 0.05),
    ("avis-clients", "rss", "rss", 0.07),
    ("x", "x", "x", 0.28),
    ("reddit", "reddit", "reddit", 0.12),
    ("mastodon", "mastodon", "mastodon", 0.10),
    ("bluesky", "bluesky", "bluesky", 0.10),
)
HOUR_WEIGHTS = np.array([2, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 8, 9, 8, 7, 7, 7, 8, 9, 10, 10, 8, 5, 3], float)
WEEKDAY_WEIGHTS = np.array([1.0, 1.05, 1.05, 1.0, 0.95, 0.6, 0.55])  # Monday … Sunday
LANGS = ("fr", "en", "es", "de")
LANG_WEIGHTS = np.array([0.93, 0.05, 0.01, 0.01])
MOTIVATION_WEIGHTS = np.array([0.14, 0.16, 0.34, 0.12, 0.08, 0.16])
CATEGORY_WEIGHTS = np.array([0.24, 0.2, 0.18, 0.08, 0.07, 0.06, 0.07, 0.1])
EMOTION_POOLS = {"positive": ("joy", "surprise"), "negative": ("anger", "sadness", "disgust", "fear"),
                 "neutral": ("surprise",)}

NOUNS = (
    "panne", "facture", "fibre", "box", "forfait", "service client", "réseau", "débit", "tarif", "offre",
    "application", "assistance", "coupure", "installation", "résiliation", "5G", "antenne", "boutique",
    "conseiller", "livraison", "abonnement", "hausse de prix", "promotion", "décodeur", "couverture",
    "hotline", "remboursement", "frais cachés", "engagement", "carte SIM", "roaming", "espace client",
    "technicien", "raccordement", "wifi", "smartphone", "contrat", "prélèvement", "fidélité", "portabilité",
)
MODIFIERS = (
    "", "mobile", "internet", "en boutique", "à domicile", "du soir", "illimité", "professionnel",
    "des particuliers", "en zone rurale", "à Paris", "à Lyon", "premium", "étudiant", "famille", "sans engagement",
    "de rentrée", "d'été", "pour les seniors", "en ligne", "par téléphone", "par chat", "prépayé", "2025",
    "nouvelle génération",
)
ORGS = ("Arcep", "UFC-Que Choisir", "DGCCRF", "CNIL", "Bercy", "Médiateur des communications", "60 Millions",
        "Conseil d'État", "Commission européenne", "Syndicat CFDT")
HASHTAGS = ("#ServiceClient", "#BonPlan")  # social posts only
EVENTS = ("Black Friday", "Salon VivaTech", "Fête de la musique", "Tour de France", "rentrée scolaire",
          "soldes d'hiver", "Coupe du monde")
# Incident vocabularies: what an alert explanation should name.
INCIDENTS = (
    ("panne géante", ("panne géante", "réseau coupé", "plus de connexion", "service client injoignable")),
    ("fuite de données", ("fuite de données", "données personnelles", "piratage", "CNIL")),
    ("hausse de prix", ("hausse de prix", "facture en hausse", "frais cachés", "résiliation")),
    ("grève", ("grève", "boutiques fermées", "techniciens en grève", "rendez-vous annulé")),
)

INCIDENT_CATEGORY = {"panne géante": "customer_service", "grève": "customer_service", "hausse de prix": "price",
                     "fuite de données": "ethics"}

OPINIONS = {
    "positive": (
        "franchement au top", "rien à redire", "je recommande", "service impeccable", "enfin une bonne nouvelle",
        "très satisfait", "bravo à l'équipe", "rapide et efficace", "ça marche nickel", "belle surprise",
    ),
    "neutral": (
        "annonce officielle", "selon le communiqué", "d'après les chiffres publiés", "quelqu'un a un avis ?",
        "à suivre", "les détails sont en ligne", "mise à jour prévue", "question pour les abonnés",
        "point d'étape", "rien de nouveau",
    ),
    "negative": (
        "inadmissible", "toujours rien", "je vais résilier", "trois heures d'attente", "quelle honte",
        "on se moque de nous", "catastrophique", "plus jamais", "service client aux abonnés absents",
        "déçu, vraiment déçu",
    ),
}
TEMPLATES = (
    "{brand} : {kp}, {opinion}.",
    "{opinion} ! {kp} chez {brand} à {place}.",
    "Mon {kp} {brand} depuis {n} jours : {opinion}.",
    "{brand} annonce du nouveau sur {kp}. {opinion}",
    "Quelqu'un d'autre a un souci de {kp} avec {brand} à {place} ? {opinion}",
    "Comparatif {kp} : {brand} face à la concurrence, {opinion}.",
    "{place} : {brand} et le {kp}, {opinion} (via {org})",
    "Après {n} appels au sujet de mon {kp}, {brand}… {opinion}.",
    "{org} s'intéresse à {brand} et à son {kp}. {opinion}",
    "Pendant {event}, {brand} mise sur {kp}. {opinion}",
    "{person} ({brand}) s'exprime sur {kp} : {opinion}.",
    "Thread : mon expérience {brand} avec {kp}. {opinion}",
)
TITLES = (
    "{brand} : ce qui change pour {kp}", "{kp} : {brand} sous le feu des critiques",
    "{brand} mise sur {kp}", "Enquête : {brand} et {kp}", "{place} : {brand} et la question de {kp}",
)
ENGLISH = (
    "{brand} {kp} is {opinion_en} today", "Anyone else having {kp} issues with {brand}? {opinion_en}",
    "{brand} announces changes to {kp}", "Just switched to {brand}, {opinion_en}",
)
OPINIONS_EN = ("great", "terrible", "fine I guess", "really slow", "impressive", "down again")

# News items: the publication (invented titles, a few big ones) and, for most, a signed journalist.
PUBLICATIONS = {
    "presse-nationale": ("Le Quotidien national", "L'Horizon", "La Gazette de France", "Le Journal du matin",
                         "Économie & Réseaux", "Le Courrier des abonnés", "L'Hebdo numérique", "Le Fil info"),
    "presse-regionale": ("L'Écho de Loire", "La Voix du Rhône", "Le Progrès d'Armor", "Nord Éclair du soir",
                         "La Dépêche d'Occitanie", "Le Réveil alsacien", "Sud Matin", "L'Indépendant de Gironde",
                         "La Tribune de Bourgogne", "Le Phare normand"),
    "blogs-tech": ("Geek et fibre", "Le blog du débit", "Réseaux en clair", "Tech au quotidien"),
    "avis-clients": ("AvisConso", "Le Comparateur"),
}
DAY_SECONDS = 86_400


@dataclass
class Incident:
    brand: str
    start: float  # epoch seconds
    hours: float
    name: str
    terms: tuple[str, ...]
    mentions: int = 0


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _keyphrases(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """A long-tailed vocabulary (~1 000 phrases) with Zipf-like weights, as noun-chunk extraction yields."""
    phrases = [f"{n} {m}".strip() for n in NOUNS for m in MODIFIERS]
    rng.shuffle(phrases)
    weights = 1.0 / np.arange(1, len(phrases) + 1) ** 1.05
    return phrases, weights / weights.sum()


def _timestamps(rng: np.random.Generator, n: int, start: float, days: int) -> np.ndarray:
    """Publication times with weekday and hour-of-day rhythm and a slow growth over the year."""
    day_index = np.arange(days)
    weekday = (np.floor(start / DAY_SECONDS + day_index + 3) % 7).astype(int)  # 1970-01-01 was a Thursday
    day_weights = WEEKDAY_WEIGHTS[weekday] * (0.8 + 0.4 * day_index / max(1, days - 1))
    days_drawn = rng.choice(days, size=n, p=day_weights / day_weights.sum())
    hours = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    seconds = rng.integers(0, 3600, size=n)
    return start + days_drawn * DAY_SECONDS + hours * 3600 + seconds


def _incidents(rng: np.random.Generator, start: float, days: int, budget: int, world: World) -> list[Incident]:
    """About three incidents per brand, spread over the year, sharing `budget` extra mentions by brand size."""
    incidents = []
    for b, brand in enumerate(world.names):
        for _ in range(int(rng.integers(2, 5))):
            name, terms = INCIDENTS[int(rng.integers(len(INCIDENTS)))]
            day = float(rng.uniform(7, days - 2))
            incidents.append(Incident(brand, start + day * DAY_SECONDS + float(rng.uniform(6, 18)) * 3600,
                                      float(rng.uniform(24, 42)), name, terms, int(world.shares[b] * 1000)))
    total = sum(i.mentions for i in incidents)
    for incident in incidents:
        incident.mentions = max(1, round(budget * incident.mentions / total))
    return incidents


def _text(r: list[int], brand: str, other: str | None, sentiment: str, lang: str, kp: str, place: str,
          people: tuple[str, ...]) -> str:
    """French (or English) text from templates × slots; `r` are pre-drawn random integers."""
    if lang != "fr":
        return ENGLISH[r[0] % len(ENGLISH)].format(brand=brand, kp=kp, opinion_en=OPINIONS_EN[r[1] % len(OPINIONS_EN)])
    text = TEMPLATES[r[0] % len(TEMPLATES)].format(
        brand=brand, kp=kp, opinion=OPINIONS[sentiment][r[1] % 10], place=place, n=2 + r[2] % 28,
        org=ORGS[r[3] % len(ORGS)], event=EVENTS[r[4] % len(EVENTS)], person=people[r[5] % len(people)],
    )
    if other:
        text += f" Chez {other}, {OPINIONS['neutral'][r[6] % 10]}."
    return text


def generate(path: str | Path, mentions: int = 1_000_000, days: int = 365, end: datetime | None = None,
             seed: int = 42, chunk: int = 50_000, quiet: bool = True, world: World = BENCH) -> dict[str, int]:
    """Create `path` (must not exist) with `mentions` mentions over `days` days ending at `end` (default now)
    about the brands, people and places of `world`."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} existe déjà : supprimez-le ou choisissez un autre chemin")
    rng = np.random.default_rng(seed)
    end = (end or datetime.now(UTC)).replace(microsecond=0)
    end_ts = end.timestamp()
    start_ts = end_ts - days * DAY_SECONDS
    conn = storage.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    now = _iso(end_ts)

    phrases, phrase_p = _keyphrases(rng)
    incidents = _incidents(rng, start_ts, days, int(mentions * 0.04), world)
    base = mentions - sum(i.mentions for i in incidents)
    ts = [_timestamps(rng, base, start_ts, days)]
    brand_idx = [rng.choice(len(world.brands), size=base, p=np.array(world.shares))]
    incident_of = [np.full(base, -1)]
    for k, inc in enumerate(incidents):
        ts.append(inc.start + rng.gamma(2.0, inc.hours * 3600 / 5, size=inc.mentions).clip(0, inc.hours * 3600))
        brand_idx.append(np.full(inc.mentions, world.names.index(inc.brand)))
        incident_of.append(np.full(inc.mentions, k))
    ts_all = np.concatenate(ts)
    order = np.argsort(ts_all, kind="stable")
    ts_all = np.minimum(ts_all[order], end_ts - 1)
    brand_all = np.concatenate(brand_idx)[order]
    incident_all = np.concatenate(incident_of)[order]
    untagged_from = int(mentions * 0.997)

    _write_reference(conn, now, end_ts, rng, world)
    counts = dict.fromkeys(("mentions", "mention_brands", "mention_tags", "brand_sentiments",
                            "mention_motivations", "mention_topics", "mention_emotions",
                            "brand_sentiment_overrides"), 0)
    source_p = np.array([s[3] for s in SOURCES])
    started = time.perf_counter()
    for lo in range(0, mentions, chunk):
        hi = min(mentions, lo + chunk)
        rows = _chunk_rows(rng, lo, hi, ts_all, brand_all, incident_all, incidents, phrases, phrase_p,
                           source_p, untagged_from, now, world)
        with transaction(conn):
            for table, sql in _INSERTS:
                conn.executemany(sql, rows[table])
                counts[table] += len(rows[table])
        if not quiet:
            print(f"  {hi:>9} mentions  {time.perf_counter() - started:6.1f} s", flush=True)
    _write_alerts(conn, incidents, end_ts, rng)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    counts["alerts"] = len(incidents) * 2
    return counts


_INSERTS = (
    ("mentions", "INSERT INTO mentions (id, platform, source, url, title, text, author_handle, author_name, "
     "author_followers, likes, shares, replies, reach, platform_lang, published_at, collected_at, publication) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    ("mention_tags", "INSERT INTO mention_tags (mention_id, analyzer, analyzer_version, lang, sentiment, "
     "sentiment_score, mixed, tagged_at) VALUES (?, 'bench', '1', ?, ?, ?, ?, ?)"),
    ("brand_sentiments", "INSERT INTO brand_sentiments (mention_id, brand, sentiment, score) VALUES (?, ?, ?, ?)"),
    ("mention_motivations", "INSERT INTO mention_motivations (mention_id, motivation, confidence) VALUES (?, ?, ?)"),
    ("mention_topics", "INSERT OR IGNORE INTO mention_topics (mention_id, kind, value, score) VALUES (?, ?, ?, ?)"),
    ("mention_emotions", "INSERT INTO mention_emotions (mention_id, emotion, score) VALUES (?, ?, ?)"),
    ("mention_brands", "INSERT INTO mention_brands (mention_id, brand) VALUES (?, ?)"),
    ("brand_sentiment_overrides", "INSERT INTO brand_sentiment_overrides (mention_id, brand, sentiment, corrected_at, "
     "corrected_by) VALUES (?, ?, ?, ?, 'bench')"),  # after its brand link (foreign key)
)


def _chunk_rows(rng, lo, hi, ts_all, brand_all, incident_all, incidents, phrases, phrase_p, source_p,
                untagged_from, now, world: World) -> dict[str, list[tuple]]:
    """The rows of mentions lo..hi of every table; random draws are vectorised per chunk (speed)."""
    rows: dict[str, list[tuple]] = {table: [] for table, _ in _INSERTS}
    n = hi - lo
    sources = rng.choice(len(SOURCES), size=n, p=source_p).tolist()
    langs = rng.choice(len(LANGS), size=n, p=LANG_WEIGHTS).tolist()
    brands, mix = world.names, {b.name: b.sentiment for b in world.brands}
    others = rng.choice(len(brands), size=n, p=np.array(world.shares)).tolist()
    kps = rng.choice(len(phrases), size=(n, 3), p=phrase_p).tolist()
    motivations = rng.choice(len(MOTIVATIONS), size=(n, 2), p=MOTIVATION_WEIGHTS).tolist()
    categories = rng.choice(len(CATEGORIES), size=n, p=CATEGORY_WEIGHTS).tolist()
    u = rng.random((n, 10)).tolist()
    r = rng.integers(0, 2**31, size=(n, 12)).tolist()
    noise = rng.normal(0, 0.15, size=n).tolist()
    followers = rng.lognormal(5.5, 1.6, size=n).astype(int)
    likes = rng.poisson(1 + followers ** 0.5 / 4)
    shares = rng.poisson(0.2 + followers ** 0.5 / 20)
    replies = rng.poisson(0.5 + likes / 10)
    engagement = np.stack([followers, likes, shares, replies], axis=1).tolist()
    for i in range(n):
        seq = lo + i
        ui, ri = u[i], r[i]
        brand = brands[brand_all[seq]]
        inc = incidents[incident_all[seq]] if incident_all[seq] >= 0 else None
        source, _type, platform, _share = SOURCES[sources[i]]
        lang = LANGS[langs[i]]
        p = mix[brand] if inc is None else (0.04, 0.21, 0.75)
        if platform == "rss" and inc is None:  # news is mostly neutral
            p = (p[0] * 0.6, 1 - p[0] * 0.6 - p[2] * 0.6, p[2] * 0.6)
        sentiment = "positive" if ui[0] < p[0] else ("neutral" if ui[0] < p[0] + p[1] else "negative")
        other = brands[others[i]] if ui[1] < 0.12 and brands[others[i]] != brand else None
        kp = inc.terms[ri[7] % len(inc.terms)] if inc else phrases[kps[i][0]]
        place = world.places[ri[8] % len(world.places)]
        text = _text(ri, brand, other, sentiment, lang, kp, place, world.people)
        published = _iso(ts_all[seq])
        mid, url, title, handle, name, publication = _identity(seq, platform, source, brand, kp, place, ri[9], world)
        figures = (None, None, None, None) if platform == "rss" else engagement[i]
        reach = estimate_reach(*figures)
        rows["mentions"].append((mid, platform, source, url, title, text, handle, name, *figures, reach,
                                 None if platform == "rss" else lang, published, published, publication))
        rows["mention_brands"] += [(mid, b) for b in ([brand, other] if other else [brand])]
        if seq >= untagged_from:
            continue
        french = lang == "fr"
        score = round({"positive": 0.5, "neutral": 0.0, "negative": -0.5}[sentiment] + noise[i], 3) if french else None
        mixed = int(french and sentiment == "neutral" and ui[7] < 0.15)  # praise and blame (issue 11)
        rows["mention_tags"].append((mid, lang, sentiment if french else None, score, mixed, now))
        if not french:
            continue
        if other:
            q = mix[other]
            other_sentiment = "positive" if ui[2] < q[0] else ("neutral" if ui[2] < q[0] + q[1] else "negative")
            rows["brand_sentiments"] += [(mid, brand, sentiment, score), (mid, other, other_sentiment, 0.0)]
        for m in set(motivations[i][: ri[10] % 3]):
            rows["mention_motivations"].append((mid, MOTIVATIONS[m], round(0.5 + ui[3] / 2, 2)))
        category = INCIDENT_CATEGORY[inc.name] if inc else CATEGORIES[categories[i]]
        topics = {("category", category), ("keyphrase", kp), ("LOC", place), ("ORG", brand)}
        topics.update(("keyphrase", phrases[k]) for k in kps[i][1: 1 + ri[11] % 3])
        if other:
            topics.add(("ORG", other))
        if ui[4] < 0.2:
            topics.add(("ORG", ORGS[ri[3] % len(ORGS)]))
        if ui[5] < 0.1:
            topics.add(("PER", world.people[ri[5] % len(world.people)]))
        if ui[6] < 0.05:
            topics.add(("MISC", EVENTS[ri[4] % len(EVENTS)]))
        if platform != "rss" and ui[6] > 0.75:
            topics.add(("HASHTAG", HASHTAGS[ri[4] % len(HASHTAGS)]))
        rows["mention_topics"] += [(mid, kind, value, 1.0) for kind, value in sorted(topics)]
        if ui[7] < 0.6:
            pool = EMOTION_POOLS[sentiment]
            rows["mention_emotions"].append((mid, pool[ri[6] % len(pool)], round(0.2 + 0.8 * ui[8], 2)))
        if ui[9] < 0.0005:
            rows["brand_sentiment_overrides"].append((mid, brand, SENTIMENTS[(SENTIMENTS.index(sentiment) + 1) % 3],
                                                      now))
    return rows


def _identity(seq: int, platform: str, source: str, brand: str, kp: str, place: str, r: int, world: World):
    """Id, URL, title and author in the shape each platform gives them."""
    if platform == "rss":
        digest = hashlib.sha1(f"{source}{seq}".encode()).hexdigest()[:16]
        title = TITLES[seq % len(TITLES)].format(brand=brand, kp=kp, place=place)
        names = PUBLICATIONS[source]
        publication = names[min(r % (2 * len(names)), r % len(names))]  # the first titles are the biggest
        signed = r % 10 < 6 and source != "avis-clients"
        first, last = world.first_names, world.last_names
        author = f"{first[r % len(first)]} {last[(r // len(first)) % len(last)]}" if signed else None
        return (f"rss:{digest}", f"https://{source}.example.fr/articles/{digest}", title, None, author, publication)
    handle = f"user{r % 400_000}"
    ids = {
        "x": (f"x:{10**17 + seq}", f"https://x.com/{handle}/status/{10**17 + seq}"),
        "mastodon": (f"mastodon:piaille.fr:{10**15 + seq}", f"https://piaille.fr/@{handle}/{10**15 + seq}"),
        "bluesky": (f"bluesky:at://did:plc:{handle}/app.bsky.feed.post/{seq:x}",
                    f"https://bsky.app/profile/{handle}.bsky.social/post/{seq:x}"),
        "reddit": (f"reddit:t3_{seq:x}", f"https://www.reddit.com/r/france/comments/{seq:x}/"),
    }
    mid, url = ids[platform]
    return mid, url, None, handle, handle.capitalize(), None


def _write_reference(conn, now: str, end_ts: float, rng, world: World) -> None:
    """Brands, sources with their health, fetch cursors and a week of fetch audit (cron every 15 min)."""
    with transaction(conn):
        conn.executemany("INSERT INTO brands (name, query, own, updated_at) VALUES (?, ?, ?, ?)",
                         [(b.name, b.query, int(b.own), now) for b in world.brands])
        health = {"x": ("rate_limited", "limite de l'API atteinte (429)", _iso(end_ts + 600)),
                  "blogs-tech": ("failed", "HTTP 503 Service Unavailable sur https://blogs-tech.example.fr/feed",
                                 None)}
        for name, type_, _platform, _share in SOURCES:
            status, error, next_at = health.get(name, ("ok", None, None))
            conn.execute(
                "INSERT INTO sources (name, type, settings, status, last_run_at, last_success_at, last_error, "
                "next_attempt_at, updated_at) VALUES (?, ?, '{}', ?, ?, ?, ?, ?, ?)",
                (name, type_, status, now, _iso(end_ts - (7200 if status == "failed" else 0)), error, next_at, now))
            targets = [f"https://{name}.example.fr/feed"] if type_ == "rss" else list(world.names)
            conn.executemany(
                "INSERT INTO fetch_state (source, target, state, next_attempt_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [(name, t, json.dumps({"etag": "W/\"1\""}), next_at, now) for t in targets])
        fetches = []
        for k in range(7 * 96):
            run_at = end_ts - (7 * 96 - k) * 900
            run_id = conn.execute("INSERT INTO runs (command, pid, started_at, finished_at, status) "
                                  "VALUES ('run', 1, ?, ?, 'ok')", (_iso(run_at), _iso(run_at + 40))).lastrowid
            for name, type_, _platform, _share in SOURCES:
                status, error, http = "ok", None, 200
                if name == "blogs-tech" and k >= 7 * 96 - 8:
                    status, error, http = "failed", health["blogs-tech"][1], 503
                elif name == "x" and k % 12 == 11:
                    status, error, http = "rate_limited", health["x"][1], 429
                new = int(rng.poisson(25 if type_ != "rss" else 8)) if status == "ok" else 0
                fetches.append((run_id, name, name, _iso(run_at), _iso(run_at + 3), status, http, 1, new, new, error))
        conn.executemany(
            "INSERT INTO fetches (run_id, source, target, started_at, finished_at, status, http_status, requests, "
            "items, new_mentions, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fetches)


def _write_alerts(conn, incidents: list[Incident], end_ts: float, rng) -> None:
    """Two alerts per incident (volume, negative share): old ones resolved, recent ones open or acknowledged."""
    rows = []
    latest = sorted(incidents, key=lambda i: i.start)[-3:]
    for inc in incidents:
        window_start = _iso(inc.start - inc.start % 3600)
        window_end = _iso(inc.start - inc.start % 3600 + 3600 * round(inc.hours))
        age_days = (end_ts - inc.start) / DAY_SECONDS
        status = "open" if inc in latest else ("resolved" if age_days > 20 else "acknowledged")
        created = _iso(inc.start + 3 * 3600)
        top = conn.execute(
            "SELECT f.mention_id AS id, f.platform, m.source, f.published_at, f.reach, f.sentiment, m.url, m.title, "
            "substr(m.text, 1, 280) AS text FROM dash_facts f JOIN mentions m ON m.seq = f.seq "
            "WHERE f.brand = ? AND f.published_at >= ? AND f.published_at < ? ORDER BY f.reach DESC LIMIT 5",
            (inc.brand, window_start, window_end)).fetchall()
        # The shape `veille.alerting` stores: rising terms and categories, then the most influential mentions.
        explanation = {
            "terms": [{"value": t, "kind": "keyphrase", "count": int(rng.integers(30, 200)),
                       "expected": round(float(rng.uniform(0, 3)), 1), "lift": round(float(rng.uniform(5, 20)), 2)}
                      for t in inc.terms],
            "categories": [{"value": INCIDENT_CATEGORY[inc.name], "kind": "category",
                            "count": int(rng.integers(30, 200)), "expected": round(float(rng.uniform(5, 20)), 1),
                            "lift": round(float(rng.uniform(3, 8)), 2)}],
            "mentions": [dict(r) for r in top],
        }
        usual = max(2.0, inc.mentions / max(1.0, inc.hours) / 4)
        for metric, observed, expected in (("volume", round(usual * float(rng.uniform(3, 6))), round(usual, 1)),
                                           ("negative_share", 0.75, 0.2)):
            rows.append((inc.brand, metric, window_start, window_end, observed, expected,
                         round(float(rng.uniform(3, 12)), 1), status, json.dumps(explanation, ensure_ascii=False),
                         created, created, created if status != "open" else None,
                         created if status == "resolved" else None))
    with transaction(conn):
        conn.executemany(
            "INSERT OR IGNORE INTO alerts (brand, metric, window_start, window_end, observed, expected, severity, "
            "status, explanation, created_at, updated_at, acknowledged_at, resolved_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Génère une base Veille réaliste pour les mesures de vitesse.")
    parser.add_argument("--db", required=True, help="fichier SQLite à créer (ne doit pas exister)")
    parser.add_argument("--mentions", type=int, default=1_000_000, help="nombre de mentions (défaut 1 000 000)")
    parser.add_argument("--days", type=int, default=365, help="période couverte, en jours (défaut 365)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.db, args.mentions, args.days, seed=args.seed, quiet=False)
    print(f"{args.db} : {counts} en {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
