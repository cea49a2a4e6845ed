"""What the report says, gathered from the dashboard's own queries and written with its presentation room.

Everything a reader sees is decided here, as text already in French (numbers through
`presentation.numbers`, "—" for what is missing) or as an Altair chart of `presentation.charts`; the
template only lays it out. Mention text stays plain text: the template escapes it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import altair as alt
import pandas as pd

from presentation import charts, frames, labels, numbers, summary, tables
from storage import dashboard_queries as dq
from storage.health import source_health

TO_HANDLE = 8  # negative mentions listed in « À traiter »
TOP = 10  # rows of the themes, authors and media tables
ALERTS = 12  # alerts listed; the others are counted
EXCERPT = 420  # characters of a mention's text
SOURCE_TROUBLE = ("failed", "partial", "rate_limited", "warning")
METHOD = [
    "Une mention qui cite deux marques compte pour chacune (la part de voix en a besoin).",
    "Audience estimée : abonnés de l'auteur + 100 par partage + mentions J'aime et réponses ; 1 000 pour un "
    "article de presse.",
    "Sentiment net : % de mentions positives − % de négatives parmi les mentions analysées (de −100 à +100). "
    "Le sentiment est celui de la marque, lu dans les phrases qui la citent ; une correction d'un utilisateur "
    "l'emporte.",
    "Mitigé : une mention qui fait à la fois un vrai éloge et un vrai reproche, sans que l'un l'emporte. Elle "
    "compte parmi les mentions analysées, ni positive ni négative.",
    "Les mentions sans date de publication n'ont pas de place dans une période : elles n'entrent dans aucun "
    "chiffre de ce rapport (la page Mentions du tableau de bord les liste à part).",
    f"Évolutions : par rapport à la période précédente de même durée ; non affichées (« — ») quand la marque y "
    f"avait moins de {numbers.number(dq.MIN_BASE)} mentions.",
]


@dataclass
class Table:
    """A table in French: every cell already text, "—" where empty; `numeric` columns are right-aligned."""

    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    own_first: bool = False  # the first row is the own brand's (shown in bold)


@dataclass
class Figure:
    """One key figure of the own brand: value, change (`tone`: good, bad or flat), and the previous value."""

    label: str
    value: str
    change: str | None = None
    tone: str = "flat"
    before: str | None = None
    compared: bool = True  # False: a figure with no change to show (open alerts)


@dataclass
class Chart:
    title: str
    chart: alt.TopLevelMixin
    caption: str = ""
    width: int = 560  # the plot's width in px (axes and legend come on top)


@dataclass
class MentionCard:
    """A negative mention to act on, as plain text (escaped by the template) and an http(s) link or None."""

    when: str
    who: str
    where: str
    reach: str
    title: str
    text: str
    url: str | None
    site: str
    sentiment: str


@dataclass
class Section:
    """A titled part of the report; `empty` says plainly why there is nothing to show."""

    title: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[tuple[str, Table]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    mentions: list[MentionCard] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty: str | None = None
    anchor: str = ""


@dataclass
class Report:
    own: str
    title: str
    period: str
    compared: str
    freshness: list[str]
    warnings: list[str]
    headline: str
    sections: list[Section]
    method: list[str]
    generated: str
    empty: bool
    subject: str


def table(df: pd.DataFrame, formats: dict[str, Callable[[Any], str]]) -> Table:
    """A DataFrame as text cells: `formats` for numbers (`presentation.numbers`), "—" for every empty cell."""
    return Table(columns=list(df.columns),
                 rows=[[formats.get(c, tables.text)(v) for c, v in zip(df.columns, row, strict=True)]
                       for row in df.itertuples(index=False)],
                 numeric=[c in formats for c in df.columns])


def excerpt(text: str | None, size: int = EXCERPT) -> str:
    """The start of a text, cut at a word, with « … » when cut."""
    text = " ".join((text or "").split())
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def site(url: str | None) -> str:
    """The host of an http(s) link (« www.lemonde.fr »), '' for anything else."""
    if not frames.safe_url(url):
        return ""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _change(value: float | None, unit: str, better: str) -> tuple[str | None, str]:
    """« +12,5 % » / « −3,0 pts » with its tone: good or bad when it goes the `better` way or not, flat otherwise."""
    if value is None or numbers.missing(value):
        return None, "flat"
    text = numbers.percent(value, 1, sign=True) if unit == "%" else numbers.points(value, 1)
    rounded = round(value, 1)
    if rounded == 0 or better == "none":
        return text, "flat"
    return text, "good" if (rounded > 0) == (better == "up") else "bad"


def key_figures(own: str, figures: dict[str, Any], open_alerts: int, new_alerts: int) -> Section:
    row = next(r for r in figures["brands"] if r["own"])
    before = row["previous"]
    specs = [
        ("Mentions", numbers.number(row["mentions"]), row["mentions_change"], "%", "none",
         numbers.number(before["mentions"])),
        ("Audience estimée", numbers.compact(row["reach"]), row["reach_change"], "%", "none",
         numbers.compact(before["reach"])),
        ("Sentiment net", numbers.signed(row["net"]), row["net_change"], "pts", "up", numbers.signed(before["net"])),
        (f"Part de voix {labels.of(own)}", numbers.percent(row["share"]), row["share_change"], "pts", "up",
         numbers.percent(before["share"])),
        ("Mentions négatives", numbers.number(row["negative"]), row["negative_change"], "%", "down",
         numbers.number(before["negative"])),
    ]
    cards = []
    for label, value, change, unit, better, previous in specs:
        text, tone = _change(change, unit, better)
        cards.append(Figure(label, value, text, tone, f"avant : {previous}"))
    started = numbers.count(new_alerts, "déclenchée", "déclenchées")
    cards.append(Figure("Alertes ouvertes", numbers.number(open_alerts), before=f"{started} sur la période",
                        compared=False))
    section = Section("Chiffres clés", anchor="chiffres", figures=cards,
                      tables=[("Votre marque et ses concurrents", replace(
                          table(frames.brand_table(figures), frames.BRAND_FORMATS), own_first=True))])
    if not row["comparable"]:
        section.notes.append(f"Pas d'évolution pour {own} : moins de {numbers.number(dq.MIN_BASE)} mentions sur la "
                             "période précédente.")
    if figures["total"] and len(figures["brands"]) < 2:
        section.notes.append("Aucun concurrent n'a de mention sur la période : la part de voix est de 100 % par "
                             "définition. Ajoutez des concurrents dans veille.toml pour comparer.")
    return section


def volume_and_sentiment(conn: sqlite3.Connection, f: dq.Filters, own: str, brands: list[str],
                         totals: list[dict[str, Any]]) -> Section:
    section = Section("Volume et sentiment", anchor="volume")
    grain = frames.grain_for(f.days)
    grid = frames.time_grid(f.start, f.end, grain)
    series = frames.series_frame(dq.series(conn, f, grain), grain)
    volumes = frames.per_brand(series, grid)
    markers = frames.alert_frame(dq.alert_markers(conn, f), volumes, grain)
    step = charts.TIME_TITLES[grain].split(" ")[0].lower()
    section.charts.append(Chart("Mentions par marque", charts.volume_lines(volumes, brands, grain, alerts=markers),
                                f"Nombre de mentions par {step} et par marque ; triangles rouges : les alertes "
                                "de la période.", width=500))
    order = [r["brand"] for r in sorted(totals, key=lambda r: (r["brand"] != own, -r["mentions"]))]
    section.charts.append(Chart("Sentiment par marque", charts.sentiment_bars(
        frames.sentiment_split(totals, "brand"), "brand", "Marque", sort=order),
        "Part des mentions positives, neutres, mitigées et négatives de chaque marque sur la période.", width=460))
    mine = series[series["brand"] == own]
    if not mine.empty:
        section.charts.append(Chart(f"Sentiment {labels.of(own)} au fil de la période",
                                    charts.sentiment_over_time(frames.per_sentiment(mine, grid), grain,
                                                               period=frames.period_of(grid)),
                                    f"Mentions {labels.of(own)} par {step}, selon leur sentiment.", width=500))
    return section


def share_of_voice(figures: dict[str, Any], own: str, brands: list[str]) -> Section:
    rows = [{"brand": r["brand"], "share": (r["share"] or 0) / 100, "mentions": r["mentions"]}
            for r in figures["brands"] if r["mentions"]]
    section = Section("Part de voix", anchor="part-de-voix")
    row = next(r for r in figures["brands"] if r["own"])
    change = f" ({numbers.points(row['share_change'])} sur la période précédente)" \
        if row["share_change"] is not None else ""
    section.intro = (f"{own} représente {numbers.percent(row['share'])} des mentions des marques suivies{change}."
                     if row["share"] is not None else "")
    if len(rows) >= 2:
        section.charts.append(Chart("Part des mentions de chaque marque", charts.share_bars(
            pd.DataFrame(rows), "brand", "Marque", color_brands=brands), width=440))
    elif rows:
        section.empty = f"Seule {rows[0]['brand']} a des mentions sur la période : pas de comparaison possible."
    return section


def distinct(topics: list[dict[str, Any]], limit: int = TOP) -> list[dict[str, Any]]:
    """The first `limit` topics, one per value (« PanneOrbelle » can be both a keyphrase and an entity)."""
    seen: set[str] = set()
    kept = [t for t in topics if not (t["value"].casefold() in seen or seen.add(t["value"].casefold()))]
    return kept[:limit]


def themes(conn: sqlite3.Connection, f: dq.Filters, own: str, brands: list[str]) -> Section:
    section = Section(f"Thèmes {labels.of(own)}", anchor="themes")
    if not dq.has_rows(conn, "mention_topics"):
        section.empty = ("Les thèmes ne sont pas encore calculés : ils viennent de l'analyse des mentions "
                         "(« veille analyze », ou « veille run » qui collecte puis analyse).")
        return section
    mine = replace(f, brands=(own,))
    categories = [{**r, "label": labels.category(r["label"])} for r in dq.category_totals(conn, mine)["rows"]]
    if categories:
        section.charts.append(Chart("Catégories e-réputation", charts.sentiment_bars(
            frames.sentiment_split(categories, "label"), "label", "Catégorie", normalize=False,
            sort=[r["label"] for r in categories]), "Mentions de chaque catégorie, selon leur sentiment.", width=440))
    counts = dq.topic_counts(conn, mine)
    top = distinct(dq.top_topics(counts, ("keyphrase", *dq.ENTITY_KINDS), limit=2 * TOP, exclude=brands))
    if top:
        section.tables.append(("Les plus cités", table(pd.DataFrame([{
            "Thème": r["value"], "Type": labels.TOPIC_KINDS[r["kind"]], "Mentions": r["mentions"],
            "Négatives": r["negative"], "Sentiment net": r["net_sentiment"]} for r in top]),
            {"Mentions": numbers.number, "Négatives": numbers.number, "Sentiment net": numbers.signed})))
    before = dq.topic_counts(conn, mine.previous())
    rising = distinct(dq.trending_topics(counts, before, ("keyphrase", *dq.ENTITY_KINDS), limit=2 * TOP,
                                         exclude=brands))
    if before["selection"] < dq.MIN_BASE:
        section.notes.append(summary.no_rising_themes(before["selection"], dq.MIN_BASE))
    elif rising:
        section.tables.append(("En hausse", table(pd.DataFrame([{
            "Thème": r["value"], "Mentions": r["mentions"], "Avant": r["previous"],
            "Évolution": "nouveau" if r["change"] is None else numbers.ratio(r["change"]),
            "Sentiment net": r["net_sentiment"]} for r in rising]),
            {"Mentions": numbers.number, "Avant": numbers.number, "Évolution": tables.text,
             "Sentiment net": numbers.signed})))
    else:
        section.notes.append("Aucun thème ne se détache par rapport à la période précédente, au-delà de la "
                             "variation générale du volume.")
    if counts["rate"] < 1:
        section.notes.append(f"Thèmes estimés sur un échantillon aléatoire de {numbers.percent(100 * counts['rate'], 0)} "
                             "des mentions (la sélection est grande) : chiffres arrondis, classement fiable.")
    if not categories and not top:
        section.empty = f"Aucun thème dans les mentions {labels.of(own)} de la période."
    return section


VOICE_COLUMNS = {"author": ["Auteur", "Plateforme", "Abonnés", "Mentions", "Audience", "Négatives", "Sentiment net"],
                 "medium": ["Média", "Mentions", "Audience", "Négatives", "Sentiment net", "Dernière mention"]}


def voices(conn: sqlite3.Connection, f: dq.Filters, own: str) -> Section:
    section = Section(f"Qui parle {labels.of(own)}", anchor="auteurs")
    mine = replace(f, brands=(own,))
    found = {"author": dq.voices(conn, mine, "author", "reach", limit=TOP),
             "medium": dq.voices(conn, mine, "medium", "mentions", limit=TOP)}
    titles = {"author": "Auteurs à la plus forte audience", "medium": "Médias et sites les plus actifs"}
    for kind, result in found.items():
        if result["top"]:
            df = frames.voice_table(result["top"], kind)[VOICE_COLUMNS[kind]]
            section.tables.append((titles[kind], table(df, {c: frames.VOICE_FORMATS[c] for c in df.columns
                                                          if c in frames.VOICE_FORMATS})))
    new = found["author"]["new"][:5]
    if new:
        section.notes.append("Nouvelles voix de la période (jamais vues avant) : " + " · ".join(
            f"{frames.author({'author_name': r['name'], 'author_handle': r['handle']})} "
            f"({labels.platform(r['platform'], short=True)}, audience {numbers.compact(r['reach'])})" for r in new)
            + ".")
    if found["author"]["bound"] is not None:
        section.notes.append("Classement des auteurs approché (la sélection est très grande) : un auteur absent en "
                             f"a au plus {numbers.compact(found['author']['bound'])} d'audience.")
    if not section.tables:
        section.empty = f"Aucun auteur ni média identifié dans les mentions {labels.of(own)} de la période."
    return section


def to_handle(conn: sqlite3.Connection, f: dq.Filters, own: str) -> Section:
    negative = dq.selection_size(conn, replace(f, brands=(own,), sentiments=("negative",)))
    rows = dq.to_handle(conn, f, own, limit=TO_HANDLE)
    section = Section("À traiter", anchor="a-traiter")
    if not rows:
        section.empty = f"Aucune mention négative {labels.of(own)} sur la période."
        return section
    section.intro = (f"{numbers.count(negative, 'mention négative', 'mentions négatives').capitalize()} "
                     f"{labels.of(own)} sur la période ; " + ("la voici." if negative == 1 else
                                                               f"les {numbers.number(len(rows))} qui touchent le "
                                                               "plus de monde, la plus forte audience d'abord."))
    for r in rows:
        section.mentions.append(MentionCard(
            when=labels.published(r["published_at"]), who=frames.author(r) or "auteur inconnu",
            where=labels.platform(r["platform"]), reach=numbers.number(r["reach"]),
            title=excerpt(r["title"], 200), text=excerpt(r["text"]), url=frames.safe_url(r["url"]),
            site=site(r["url"]),
            sentiment=frames.sentiment_text(r, own)))
    return section


def alerts(conn: sqlite3.Connection, f: dq.Filters, own: str) -> Section:
    found = sorted(dq.alert_markers(conn, f), key=lambda a: a["window_start"], reverse=True)
    found.sort(key=lambda a: a["brand"] != own)  # the own brand's first, each brand's latest first
    section = Section("Alertes de la période", anchor="alertes")
    if not found:
        section.empty = ("Aucune alerte sur la période pour ces marques : ni pic de mentions, ni pic de mentions "
                         "négatives.")
        return section
    section.tables.append(("", Table(
        columns=["Marque", "Alerte", "Statut", "Chiffres"], numeric=[False] * 4,
        rows=[[a["brand"], labels.ALERT_METRICS.get(a["metric"], a["metric"]),
               labels.ALERT_STATUSES.get(a["status"], a["status"]), summary.alert_figures(a)] for a in found[:ALERTS]])))
    if len(found) > ALERTS:
        section.notes.append(f"Et {numbers.count(len(found) - ALERTS, 'autre alerte', 'autres alertes')} : "
                             "voir la page Alertes du tableau de bord.")
    return section


def freshness(conn: sqlite3.Connection, f: dq.Filters) -> tuple[list[str], list[str]]:
    """When the data was last collected and published, the undated mentions of `f`'s brands (in no figure), and
    the sources whose last run went wrong."""
    lines = []
    last = dq.last_published(conn)
    fetched = dq.recent_fetches(conn, limit=1)
    if fetched:
        lines.append(f"Dernière collecte : {labels.moment(fetched[0]['finished_at'] or fetched[0]['started_at'])}.")
    lines.append(f"Mention la plus récente : {labels.moment(last)}." if last else "Aucune mention datée dans la base.")
    undated = dq.undated_mentions(conn, f, limit=0)["total"]
    if undated:
        lines.append(numbers.count(undated, "mention sans date de publication, hors de toute période et non comptée",
                                   "mentions sans date de publication, hors de toute période et non comptées")
                     + " ici.")
    warnings = []
    troubled = [s for s in source_health(conn) if s["status"] in SOURCE_TROUBLE]
    if troubled:
        names = " ; ".join(f"{s['name']} : {labels.SOURCE_STATUSES.get(s['status'], s['status']).lower()}"
                           for s in troubled)
        warnings.append(f"Sources en difficulté lors de leur dernier passage ({names}). Les chiffres peuvent être "
                        "incomplets : voir « veille sources » ou la page Sources du tableau de bord.")
    return lines, warnings


def gather(conn: sqlite3.Connection, f: dq.Filters, own: str, brands: list[str], now: datetime,
           whole: bool = False) -> Report:
    """The whole report of `own` against the other brands of `f` (all when none is chosen), over `f`'s days.

    `brands` is every known brand (their colours are the dashboard's); `now` is when it is written; `whole`
    when the period starts at the first mention (there is nothing before it to compare with).
    """
    previous = f.previous()
    figures = dq.key_figures(conn, f, own)
    changed = dq.what_changed(conn, f, own)
    totals = dq.brand_totals(conn, f)
    empty = not totals
    fresh, warnings = freshness(conn, f)
    span = f"du {labels.day(f.start)} au {labels.day(f.end)}"
    sections = [key_figures(own, figures, changed["open_alerts"], changed["new_alerts"])]
    if empty:
        last = dq.last_published(conn)
        headline = (f"Aucune mention des marques suivies {span}."
                    + (f" La plus récente date du {labels.moment(last)} : choisissez une autre période "
                       "(--period, --until) ou vérifiez la collecte (« veille sources »)." if last else
                       " La base n'en contient encore aucune : lancez « veille collect » (ou « veille run »)."))
        for title in ("Volume et sentiment", "Part de voix", f"Thèmes {labels.of(own)}",
                      f"Qui parle {labels.of(own)}", "À traiter"):
            sections.append(Section(title, empty="Rien sur la période."))
        sections.append(alerts(conn, f, own))
    else:
        headline = summary.what_changed(changed)
        sections += [volume_and_sentiment(conn, f, own, brands, totals), share_of_voice(figures, own, brands),
                     themes(conn, f, own, brands), voices(conn, f, own), to_handle(conn, f, own), alerts(conn, f, own)]
    compared = ", ".join(r["brand"] for r in figures["brands"] if not r["own"])
    if whole:
        before = "Depuis la première mention : pas de période précédente à comparer"
    elif f.days == 1:
        before = f"Comparé à la veille ({labels.day(previous.start)})"
    else:
        before = (f"Comparé aux {numbers.count(f.days, 'jour')} précédents (du {labels.day(previous.start)} au "
                  f"{labels.day(previous.end)})")
    return Report(
        own=own, title=f"Rapport de veille · {own}",
        period=f"Du {labels.day(f.start)} au {labels.day(f.end)} ({numbers.count(f.days, 'jour')}, jours UTC)",
        compared=before + (f" ; concurrents : {compared}." if compared else
                           " ; aucun concurrent n'a de mention sur la période."),
        freshness=fresh, warnings=warnings, headline=headline, sections=sections, method=METHOD,
        generated=f"Rapport produit par Veille le {labels.moment(now.strftime('%Y-%m-%dT%H:%M:%SZ'))} (heure de Paris).",
        empty=empty, subject=f"[Veille] Rapport {own}, {span}",
    )


def plain_text(report: Report, attached: list[str]) -> str:
    """The e-mail's body: the headline and the key figures in plain text, the report itself attached."""
    figures = " · ".join(f"{f.label} : {f.value}" + (f" ({f.change})" if f.change else "")
                         for f in report.sections[0].figures)
    return "\n".join([
        report.title, report.period, report.compared, "",
        ("En bref : " if report.empty else "Ce qui a changé : ") + report.headline, "", figures, "",
        *report.warnings, *([""] if report.warnings else []),
        f"Le rapport complet est en pièce jointe : {', '.join(attached)}.",
        report.generated,
    ])
