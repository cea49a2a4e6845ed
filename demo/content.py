"""Deterministic generator of the demo's feed content: ~90 days of French mentions, one incident.

Everything is drawn from one seeded `random.Random`, so the same `(end, seed)` gives the
same items; who they name comes from the `Cast` of a world, passed down. `feeds.py` and
`social.py` render them; `site.py` writes the files.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from demo import phrases as P
from demo.catalog import FEEDS, MONTHS, PSEUDO_PARTS, REGIONS, BrandProfile, Cast

# Relative activity per local hour (0-23), by audience: journalists publish mornings, people post evenings.
HOURS = {
    "press": (1, 1, 1, 1, 2, 6, 12, 14, 12, 9, 8, 10, 11, 8, 7, 7, 7, 8, 9, 7, 5, 3, 2, 1),
    "people": (3, 2, 1, 1, 1, 1, 2, 5, 7, 7, 7, 7, 10, 10, 7, 6, 6, 7, 9, 12, 13, 12, 9, 6),
    "office": (0, 0, 0, 0, 0, 0, 0, 2, 8, 12, 10, 6, 2, 3, 8, 8, 5, 2, 0, 0, 0, 0, 0, 0),
}
KIND_HOURS = {"press": "press", "regional": "press", "tech": "press", "en": "press", "forum": "people",
              "release": "office", "social": "people"}
# Polarity mix by kind: neutral information dominates the press, opinions dominate people's posts.
POLARITY = {
    "press": {"neu": 0.68, "pos": 0.16, "neg": 0.16},
    "regional": {"neu": 0.62, "pos": 0.18, "neg": 0.20},
    "tech": {"neu": 0.45, "pos": 0.30, "neg": 0.22, "irony": 0.03},
    "forum": {"neu": 0.20, "pos": 0.30, "neg": 0.40, "irony": 0.10},
    "release": {"neu": 0.35, "pos": 0.65},
    "en": {"neu": 0.65, "pos": 0.17, "neg": 0.18},
    "social": {"neu": 0.25, "pos": 0.28, "neg": 0.37, "irony": 0.10},
}
MOTIVATION_MIX = {"recommendation": 0.27, "information": 0.20, "connection": 0.16, "identity": 0.14, "cause": 0.12,
                  "entertainment": 0.11}
TOPIC_MIX = {"service_client": 0.18, "prix": 0.18, "qualite": 0.20, "livraison": 0.08, "rse": 0.09, "rh": 0.08,
             "leadership": 0.07, "innovation": 0.12}
AGENTS = ("Julie", "Karim", "Sophie", "Mehdi", "Laura", "Thomas", "Nadia", "Hugo")


@dataclass
class Item:
    """One generated feed entry or social post, before it is rendered into a platform format."""

    source: str  # feed key, or the social platform
    published: datetime  # UTC
    title: str
    paragraphs: list[str]
    brands: tuple[str, ...]  # brand names the text really names (empty for noise)
    lang: str
    author: str
    polarity: str  # pos | neu | neg | irony
    topic: str | None = None
    motivation: str | None = None
    incident: bool = False
    points: list[str] = field(default_factory=list)  # bullet list (tech blog)

    @property
    def text(self) -> str:
        return "\n\n".join(p for p in self.paragraphs if p)


@dataclass(frozen=True)
class Incident:
    """The own brand's outage: when it starts and ends, and words an alert explanation should surface."""

    brand: str
    start: datetime
    end: datetime
    hashtag: str
    terms: tuple[str, ...]


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method: small rates only (a day's items for one feed)."""
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def paris_offset(moment: datetime) -> timedelta:
    """Europe/Paris UTC offset (EU rule: summer time between the last Sundays of March and October, 01:00 UTC)."""
    def last_sunday(month: int) -> datetime:
        day = datetime(moment.year, month, 31, 1, tzinfo=UTC)
        return day - timedelta(days=(day.weekday() + 1) % 7)
    summer = last_sunday(3) <= moment.astimezone(UTC) < last_sunday(10)
    return timedelta(hours=2 if summer else 1)


def slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].rstrip("-")


def elide(word: str) -> str:
    """French "de" before a name: d'Orbelle, de Kelvo."""
    return f"d'{word}" if word[:1].lower() in "aeiouyéèh" else f"de {word}"


def person(rng: random.Random, cast: Cast) -> str:
    return f"{rng.choice(cast.first_names)} {rng.choice(cast.last_names)}"


class Writer:
    """Fills templates for one item: every slot is drawn once, so a text stays consistent with itself."""

    def __init__(self, rng: random.Random, cast: Cast, brand: BrandProfile | None, other: BrandProfile | None,
                 year: int, short: bool = False):
        self.rng = rng
        name = (brand.short if short else rng.choice(brand.variants + brand.variants[:1])) if brand else ""
        # no region named like the brand (« Provence-Alpes-Côte d'Azur » for Azur): it would read as a mention
        regions = [r for r in REGIONS if not (brand and brand.short in r)]
        city, month = rng.choice(cast.places), rng.choice(MONTHS)
        self.slots = {
            "B": name, "deB": elide(name) if name else "",
            "B2": other.variants[0] if other else "", "deB2": elide(other.variants[0]) if other else "",
            "box": rng.choice(brand.boxes) if brand else "", "plan": rng.choice(brand.plans) if brand else "",
            "app": brand.app if brand else "", "ceo": brand.ceo if brand else "",
            "city": city, "de_city": elide(city), "region": rng.choice(regions), "price": f"{rng.randint(9, 49)},99",
            "n": rng.randint(2, 9), "pct": rng.choice((5, 8, 10, 12, 15, 18, 20, 25, 30, 40)),
            "debit": rng.choice((280, 450, 720, 940, 1200, 2100, 4800, 7600)), "days": rng.randint(6, 35),
            "wait": rng.choice((25, 35, 40, 45, 55, 70, 90)), "years": rng.randint(2, 15),
            "month": month, "de_month": elide(month), "agent": rng.choice(AGENTS), "year": year + rng.randint(1, 4),
            "tag": cast.incident_tag,
        }

    def fill(self, template: str) -> str:
        return template.format(**self.slots)

    def choose(self, templates: list[str] | tuple[str, ...]) -> str:
        return self.fill(self.rng.choice(templates))

    def some(self, templates: list[str], k: int) -> list[str]:
        return [self.fill(t) for t in self.rng.sample(templates, min(k, len(templates)))]


def _key(pol: str) -> str:
    return "neg" if pol == "irony" else pol


# --- one function per kind of publication -------------------------------------------------------

def press_text(w: Writer, topic: str, pol: str) -> tuple[str, list[str]]:
    k = _key(pol)
    title = w.choose(P.PRESS_TITLES[topic][k])
    body = [w.choose(P.PRESS_LEADS[topic]), *w.some(P.PRESS_DETAILS[topic][k], w.rng.randint(1, 2))]
    if w.rng.random() < 0.45:
        body.append(w.choose(P.QUOTES[k]))
    body.append(w.choose(P.PRESS_CONTEXT))
    return title, body


def forum_text(w: Writer, topic: str, pol: str, motivation: str) -> tuple[str, list[str]]:
    k = _key(pol)
    title = w.choose(P.FORUM_TITLES[topic][k])
    core = w.choose(P.IRONY[topic]) if pol == "irony" else w.choose(P.FORUM_CORE[topic][k])
    body = [w.choose(P.FORUM_OPENERS) if w.rng.random() < 0.75 else "", core]
    if w.rng.random() < 0.4:
        body.append(w.choose(P.FORUM_CORE[topic][k]))
    closers = P.FORUM_CLOSERS[motivation]
    body.append(w.choose(closers.get(k) or closers["neu"]))
    return title, _dedupe(body)


def _dedupe(sentences: list[str]) -> list[str]:
    """One paragraph of distinct sentences (two draws from a small pool may repeat)."""
    seen: list[str] = []
    for s in sentences:
        if s and s not in seen:
            seen.append(s)
    return [" ".join(seen)]


def tech_text(w: Writer, topic: str, pol: str) -> tuple[str, list[str], list[str]]:
    k = _key(pol)
    title = w.choose(P.TECH_TITLES[topic][k])
    body = [w.choose(P.PRESS_LEADS[topic]), " ".join(w.some(P.PRESS_DETAILS[topic][k], 2)),
            w.choose(P.TECH_VERDICT[k])]
    return title, body, w.some(P.TECH_POINTS[topic], 3)


def release_text(w: Writer, topic: str) -> tuple[str, list[str]]:
    body = [w.choose(P.RELEASE_OPENERS), *w.some(P.PRESS_DETAILS[topic]["pos"], 2),
            *w.some(P.RELEASE_CLOSERS, 2), w.fill(P.RELEASE_ABOUT)]
    return w.choose(P.RELEASE_TITLES[topic]), body


def english_text(w: Writer, topic: str, pol: str) -> tuple[str, list[str]]:
    k = _key(pol)
    return w.choose(P.EN_TITLES[topic][k]), [w.choose(P.EN_BODY), w.choose(P.EN_DETAILS[topic]), w.choose(P.EN_BODY)]


def compare_text(w: Writer, kind: str) -> tuple[str, list[str]]:
    if kind == "forum":
        line = w.choose(P.COMPARE_FORUM)
        return line.split(":")[0].split(",")[0][:70], [line]
    return w.choose(P.COMPARE_TITLES), w.some(P.COMPARE_BODY, 2) + [w.choose(P.PRESS_CONTEXT)]


def noise_text(rng: random.Random, kind: str) -> tuple[str, list[str]]:
    group = kind if kind in P.NOISE else "press"
    return rng.choice(P.NOISE[group]), rng.sample(P.NOISE_BODY[group], min(2, len(P.NOISE_BODY[group])))


def incident_phase(hours: float) -> str:
    return "start" if hours < 8 else ("middle" if hours < 28 else "end")


def incident_text(w: Writer, kind: str, phase: str) -> tuple[str, list[str], str]:
    """(title, paragraphs, polarity) of a mention about the outage."""
    if kind == "release":
        return w.fill(P.INCIDENT_RELEASE[phase]), [w.fill(s) for s in P.INCIDENT_PRESS[phase]][:3], "neu"
    if kind == "en":
        title = w.fill(P.INCIDENT_EN[1 if phase == "end" else 0])
        return title, w.some(P.INCIDENT_EN_BODY, 2) + [w.choose(P.EN_BODY)], "neg"
    if kind == "forum":
        if w.rng.random() < 0.12:
            return w.choose(P.INCIDENT_FORUM_TITLES[phase]), [w.choose(P.INCIDENT_IRONY)], "irony"
        lines = w.some(P.INCIDENT_FORUM[phase], w.rng.randint(1, 2))
        if w.rng.random() < 0.4:
            lines.append(w.choose(P.FORUM_CLOSERS[w.rng.choice(("cause", "connection", "recommendation"))]["neg"]))
        return w.choose(P.INCIDENT_FORUM_TITLES[phase]), _dedupe(lines), "neg"
    body = w.some(P.INCIDENT_PRESS[phase], w.rng.randint(2, 3))
    return w.choose(P.INCIDENT_TITLES[phase]), body, "neu" if phase == "end" and w.rng.random() < 0.5 else "neg"


# --- the timeline ------------------------------------------------------------------------------

def local_moment(rng: random.Random, day: datetime, profile: str) -> datetime:
    """A UTC moment on this Paris-local day, following the hourly rhythm of the profile."""
    hour = rng.choices(range(24), weights=HOURS[profile])[0]
    local = day + timedelta(hours=hour, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))  # whole seconds
    return local - paris_offset(local)


def days_between(start: datetime, end: datetime) -> list[datetime]:
    """Midnights (naive wall-clock, tagged UTC) of every Paris-local day overlapping [start, end)."""
    first = (start + paris_offset(start)).replace(hour=0, minute=0, second=0, microsecond=0)
    return [first + timedelta(days=i) for i in range((end - start).days + 2)]


def choose_brands(rng: random.Random, cast: Cast) -> tuple[BrandProfile, BrandProfile | None]:
    brand = rng.choices(cast.brands, weights=[b.weight for b in cast.brands])[0]
    other = rng.choice([b for b in cast.brands if b is not brand]) if rng.random() < 0.10 else None
    return brand, other


def make_item(rng: random.Random, cast: Cast, kind: str, source: str, when: datetime, year: int, noise: float,
              brand: BrandProfile | None = None, topic: str | None = None, pol: str | None = None) -> Item:
    """One ordinary (non-incident) mention of the given publication kind."""
    lang = "en" if kind == "en" or (kind == "forum" and rng.random() < 0.03) else "fr"
    author = pseudo(rng, cast) if kind == "forum" else person(rng, cast)
    if brand is None and rng.random() < noise:
        title, body = noise_text(rng, kind if lang == "fr" else "en")
        return Item(source, when, title, body, (), lang, author, "neu")
    other = None
    if brand is None:
        brand, other = choose_brands(rng, cast)
    topic = topic or pick(rng, TOPIC_MIX)
    pol = pol or pick(rng, POLARITY[kind])
    motivation = pick(rng, MOTIVATION_MIX) if kind == "forum" else None
    if pol == "irony":
        motivation = "entertainment"
    w = Writer(rng, cast, brand, other, year, short=kind == "forum" and rng.random() < 0.5)
    points: list[str] = []
    if other is not None and kind in ("press", "regional", "tech", "forum"):
        title, body = compare_text(w, kind)
        names = (brand.name, other.name)
    else:
        names = (brand.name,)
        if lang == "en" and kind == "forum":
            title, body = w.choose(P.EN_FORUM).split(".")[0][:70], [w.choose(P.EN_FORUM)]
        elif kind in ("press", "regional"):
            title, body = press_text(w, topic, pol)
        elif kind == "tech":
            title, body, points = tech_text(w, topic, pol)
        elif kind == "release":
            title, body = release_text(w, topic)
        elif kind == "en":
            title, body = english_text(w, topic, pol)
        else:
            title, body = forum_text(w, topic, pol, motivation)
    if kind == "release":
        author = f"Service de presse {brand.name}"
    return Item(source, when, title, body, names, lang, author, pol, topic, motivation, False, points)


def pseudo(rng: random.Random, cast: Cast) -> str:
    """A forum or social nickname."""
    first, second = PSEUDO_PARTS
    if rng.random() < 0.3:
        return f"{rng.choice(cast.first_names)} {rng.choice(cast.last_names)[0]}."
    return f"{rng.choice(first)}_{rng.choice(second)}{rng.choice(('', '', str(rng.randint(1, 99))))}"


def after(moment: datetime, hours: float) -> datetime:
    """`hours` later, to the whole second (feeds and APIs carry seconds, not microseconds)."""
    return moment + timedelta(seconds=round(hours * 3600))


def incident_window(end: datetime, rng: random.Random) -> tuple[datetime, datetime]:
    """The outage starts about two weeks before `end`, on a weekday morning, and lasts ~36 hours."""
    day = (end - timedelta(days=15)).replace(hour=5, minute=0, second=0, microsecond=0)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    start = day + timedelta(minutes=rng.randint(20, 90))
    return start, start + timedelta(hours=36)


def incident_hours(rng: random.Random) -> float:
    """Hours since the outage began: a fast rise then a long decay, within 36 hours."""
    while True:
        h = rng.gammavariate(1.7, 6.5)
        if h < 36:
            return h


def feed_items(rng: random.Random, cast: Cast, start: datetime, end: datetime,
               incident: tuple[datetime, datetime]) -> list[Item]:
    """Every feed entry of the period: ordinary rhythm, a competitor's launch, and the incident."""
    items: list[Item] = []
    year = end.year
    for source in FEEDS:
        profile = KIND_HOURS[source.kind]
        for day in days_between(start, end):
            weekend = day.weekday() >= 5
            rate = source.per_day * (source.weekend if weekend else 1.0) * rng.uniform(0.75, 1.25)
            for _ in range(poisson(rng, rate)):
                when = local_moment(rng, day, profile)
                if start <= when < end:
                    items.append(make_item(rng, cast, source.kind, source.key, when, year, source.noise))
    items += launch_burst(rng, cast, start, end, year)
    items += incident_items(rng, cast, incident, start, end, year)
    return items


def launch_burst(rng: random.Random, cast: Cast, start: datetime, end: datetime, year: int) -> list[Item]:
    """A competitor's well-received launch (`Cast.launch`, 5G), six weeks before the end: a positive bump."""
    center = max(start, end - timedelta(days=44)).replace(hour=7, minute=30, second=0)
    out = []
    for _ in range(45):
        when = after(center, rng.uniform(0, 40))
        kind = rng.choice(("press", "tech", "tech", "forum", "forum", "en"))
        source = {"press": "gazette", "tech": "octets", "forum": "avisconso", "en": "eurotelco"}[kind]
        pol = "pos" if rng.random() < 0.7 else "neu"
        if start <= when < end:
            out.append(make_item(rng, cast, kind, source, when, year, 0.0, cast.launch, "innovation", pol))
    return out


def incident_items(rng: random.Random, cast: Cast, window: tuple[datetime, datetime], first: datetime,
                   end: datetime, year: int) -> list[Item]:
    """The outage: a few hundred mostly negative mentions of the own brand, plus the brand's three statements."""
    start, stop = window
    shares = {"forum": 0.55, "press": 0.15, "regional": 0.10, "tech": 0.12, "en": 0.08}
    sources = {"forum": "avisconso", "press": "gazette", "regional": "echo-midi", "tech": "octets", "en": "eurotelco"}
    out = []
    for _ in range(190):
        hours = incident_hours(rng)
        kind = pick(rng, shares)
        out.append(incident_item(rng, cast, kind, sources[kind], after(start, hours), incident_phase(hours), year))
    for hours, phase in ((1.2, "start"), (13.0, "middle"), (34.5, "end")):
        out.append(incident_item(rng, cast, "release", "communiques", after(start, hours), phase, year))
    return [i for i in out if first <= i.published < min(stop, end)]


def incident_item(rng: random.Random, cast: Cast, kind: str, source: str, when: datetime, phase: str,
                  year: int) -> Item:
    own = cast.own
    w = Writer(rng, cast, own, None, year)
    title, body, pol = incident_text(w, kind, phase)
    author = {"forum": pseudo(rng, cast), "release": f"Service de presse {own.name}"}.get(kind) or person(rng, cast)
    motivation = ("entertainment" if pol == "irony" else pick(rng, {"cause": 0.4, "information": 0.3,
                                                                     "connection": 0.15, "recommendation": 0.15}))
    return Item(source, when, title, body, (own.name,), "en" if kind == "en" else "fr", author, pol, "qualite",
                motivation if kind == "forum" else None, True)
