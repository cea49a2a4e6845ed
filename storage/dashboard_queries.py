"""Every read query of the dashboard, taking the sidebar filters as arguments.

Aggregates read the summaries of migrations 0100 and 0102 (`dash_daily`, `dash_daily_labels`, their
monthly twins for the whole months of a long period; all kept up to date by triggers), lists and hourly
series read `dash_facts` (one row per mention × brand with the
effective tags), so each query stays well under a second at a million mentions. Counts are
(mention, brand) pairs: a mention naming two selected brands counts for each, as share of voice needs.

Long-tail topic counts (keyphrases, entities) over a large selection are computed on a uniform
sample of at most `TOPIC_SAMPLE` mentions (`dash_facts.sample`, a hash of the mention's seq);
results say so (`rate` < 1) and counts are scaled estimates.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from storage.export_queries import rows_by_id
from storage.filters import Filters, Rows, column, filter_terms, marks, search_condition
from storage.labels import MOTIVATION_BITS  # dash_facts.motivations is a bit mask
from storage.query import full_name_keys, short_form_key, spelling_key
from storage.records import ENTITY_KINDS, bound_row

GRAINS = ("hour", "day", "week", "month")
HOURLY_MAX_DAYS = 31
TOPIC_SAMPLE = 10_000  # a page reads two periods: 10 000 mentions each keep the Thèmes page under half a second
SAMPLE_BUCKETS = 1024
SEARCH_CAP = 2_000
EXPORT_CAP = 10_000
TOPIC_KINDS = ("keyphrase", "category", *ENTITY_KINDS)
# A selection this large is listed by scanning an ordered index; a smaller one is collected and sorted.
ORDERED_SCAN_MIN = 20_000
# A topic with at most this many mentions is drilled into from the topic index.
TOPIC_DRIVE_MAX = 30_000


def _in(column: str, values: Sequence[Any], where: list[str], params: list[Any]) -> None:
    if values:
        where.append(f"{column} {marks(values)}")
        params.extend(values)


def _segments(start: str, end: str) -> tuple[list[tuple[str, str]], tuple[str, str] | None]:
    """Split the days [start, end] into edge day ranges and the whole months between (inclusive bounds)."""
    lo, hi = date.fromisoformat(start), date.fromisoformat(end)
    first = lo if lo.day == 1 else (lo.replace(day=1) + timedelta(days=32)).replace(day=1)
    after = (hi + timedelta(days=1)).replace(day=1)  # first day of the month holding hi + 1: months end before it
    if first >= after:
        return [(start, end)], None
    days = [(a.isoformat(), b.isoformat()) for a, b in ((lo, first - timedelta(days=1)), (after, hi)) if a <= b]
    return days, (first.isoformat()[:7], (after - timedelta(days=1)).isoformat()[:7])


def _summary(f: Filters, dim: str | None = None, label: str | None = None,
             daily: bool = False) -> tuple[str, list[Any]]:
    """A FROM-able union of summary rows covering the period, filters applied in each part.

    Columns: day (a month 'YYYY-MM' for monthly rows), brand, platform, lang, sentiment, mentions,
    reach, plus label for a `dim`. A motivation filter reads the labels tables (dim 'motivation').
    Whole months come from the monthly tables unless `daily` (a series by day or week needs days).
    """
    if f.query:
        raise ValueError("les résumés du tableau de bord ne lisent pas de recherche plein texte")
    if f.motivation is not None:
        if dim is not None:
            raise ValueError("les résumés ne croisent pas une motivation avec une autre étiquette")
        dim, label = "motivation", f.motivation
    days, months = _segments(f.start, f.end)
    if daily and months is not None:
        days, months = [(f.start, f.end)], None
    parts, params = [], []
    pieces = [("day", range_) for range_ in days] + ([("month", months)] if months else [])
    for key, (lo, hi) in pieces:
        table = ("dash_daily" if key == "day" else "dash_monthly") + ("_labels" if dim else "")
        where, values = [], []
        if dim:
            where.append("dim = ?")
            values.append(dim)
            if label is not None:
                where.append("label = ?")
                values.append(label)
        where += [f"{key} >= ?", f"{key} <= ?"]
        values += [lo, hi]
        _in("brand", f.brands, where, values)
        _in("platform", f.platforms, where, values)
        _in("sentiment", f.sentiments, where, values)
        _in("lang", f.langs, where, values)
        columns = f"{key} AS day, brand, platform, lang, sentiment, mentions, reach" + (", label" if dim else "")
        parts.append(f"SELECT {columns} FROM {table} WHERE {' AND '.join(where)}")
        params += values
    return "(" + " UNION ALL ".join(parts) + ")", params


def _motivation_mask(alias: str, values: tuple[str, ...]) -> tuple[str, list[Any]]:
    """Any of these motivations: their bits in the mention's mask."""
    return f"{alias}.motivations & ? != 0", [sum(MOTIVATION_BITS[m] for m in values)]


# The filters on dash_facts (one row per mention × brand, with the effective tags).
FACTS = Rows(alias="f", brands=column("brand"), sentiments=lambda alias, values, _brands: column("sentiment")(alias, values),
             motivations=_motivation_mask,
             query="{a}.seq IN (SELECT rowid FROM mentions_fts WHERE {match})")


def _rows(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, list(params))]


# --- what the database holds ---------------------------------------------------------------------


def has_mentions(conn: sqlite3.Connection) -> bool:
    """Whether anything was ever collected (the empty state explains how to collect)."""
    return conn.execute("SELECT EXISTS (SELECT 1 FROM mentions)").fetchone()[0] == 1


def has_rows(conn: sqlite3.Connection, table: str) -> bool:
    """Whether an analysis table has rows (pages explain what is missing when the analysis has not run)."""
    if table not in ("mention_tags", "mention_motivations", "mention_topics", "mention_emotions", "alerts"):
        raise ValueError(f"table inconnue : {table}")
    return conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0] == 1


def filter_options(conn: sqlite3.Connection, declared: Sequence[str] = ()) -> dict[str, Any]:
    """Choices offered by the sidebar: brands (own first), platforms, languages, first and last day; `own` is
    the user's brand (the first if several are declared), `owns` all of them. `declared`: the own brands of the
    config the command was given, which win over those the base kept from its last collect (when it knows them)."""
    rows = _rows(conn, "SELECT DISTINCT brand, platform, lang FROM dash_monthly")
    brands = {r["brand"] for r in rows} | {r[0] for r in conn.execute("SELECT name FROM brands")}
    owns = [b for b in declared if b in brands] or [
        r[0] for r in conn.execute("SELECT name FROM brands WHERE own = 1 ORDER BY name")]
    own = owns[0] if owns else None
    first, last = conn.execute("SELECT min(day), max(day) FROM dash_daily").fetchone()
    return {
        "brands": sorted(brands, key=lambda b: (b not in owns, b.casefold())),
        "own": own,
        "owns": owns,
        "platforms": sorted({r["platform"] for r in rows}),
        "langs": sorted({r["lang"] for r in rows}, key=lambda lang: (lang != "fr", lang == "", lang)),
        "first_day": first,
        "last_day": last,
    }


def brand_names(conn: sqlite3.Connection) -> list[str]:
    """Every brand the base knows: configured, or named by a mention, dated or not (what `--brand` may name)."""
    return [r[0] for r in conn.execute(
        "SELECT name FROM brands UNION SELECT DISTINCT brand FROM mention_brands ORDER BY 1")]


def own_brand(conn: sqlite3.Connection) -> str | None:
    """The user's brand (`own = true` in veille.toml), if one is configured."""
    row = conn.execute("SELECT name FROM brands WHERE own = 1 ORDER BY name LIMIT 1").fetchone()
    return None if row is None else row[0]


# --- totals and series ---------------------------------------------------------------------------


def brand_totals(conn: sqlite3.Connection, f: Filters) -> list[dict[str, Any]]:
    """Per brand over the period: mentions, reach, and counts per sentiment ('' = not analysed)."""
    source, params = _summary(f)
    return _rows(conn, f"""
        SELECT brand, sum(mentions) AS mentions, sum(reach) AS reach,
               sum(CASE WHEN sentiment = 'positive' THEN mentions ELSE 0 END) AS positive,
               sum(CASE WHEN sentiment = 'neutral' THEN mentions ELSE 0 END) AS neutral,
               sum(CASE WHEN sentiment = 'mixed' THEN mentions ELSE 0 END) AS mixed,
               sum(CASE WHEN sentiment = 'negative' THEN mentions ELSE 0 END) AS negative,
               sum(CASE WHEN sentiment = '' THEN mentions ELSE 0 END) AS untagged
        FROM {source} GROUP BY brand ORDER BY mentions DESC""", params)


MIN_BASE = 20  # below this many mentions in the previous period, a change in % says nothing


def net_sentiment(positive: int, negative: int, neutral: int, mixed: int = 0) -> float | None:
    """% positive − % negative among analysed mentions (mixed ones count as analysed, neither positive nor
    negative), in points (−100…+100); None when nothing is analysed."""
    analysed = positive + negative + neutral + mixed
    return None if analysed == 0 else 100.0 * (positive - negative) / analysed


def _change(now: float | None, before: float | None) -> float | None:
    """Relative change in %, None without a base to compare with."""
    return None if now is None or not before else 100.0 * (now - before) / before


def key_figures(conn: sqlite3.Connection, f: Filters, own: str | None = None) -> dict[str, Any]:
    """Per brand of the selection, now and over the previous period of equal length: mentions, reach, net
    sentiment, share of voice (among the selected brands) and their changes. `own` (the user's brand) comes
    first, then by mentions; it is listed even without mentions.

    Changes are None when the brand had fewer than MIN_BASE mentions before (a % of nothing says nothing),
    and the share of voice's change is None when fewer than two brands are compared (it is 100 % by
    definition). Returns {"brands": [...], "total", "previous_total", "own"}.
    """
    now = {r["brand"]: r for r in brand_totals(conn, f)}
    before = {r["brand"]: r for r in brand_totals(conn, f.previous())}
    total, previous_total = sum(r["mentions"] for r in now.values()), sum(r["mentions"] for r in before.values())
    names = list(now)
    if own is not None and own not in names and (not f.brands or own in f.brands):
        names.append(own)
    compared = len(set(now) | set(before)) >= 2
    zero = {"mentions": 0, "reach": 0, "positive": 0, "neutral": 0, "mixed": 0, "negative": 0, "untagged": 0}
    rows = []
    for name in names:
        r, b = now.get(name, zero), before.get(name, zero)
        net, net_before = (net_sentiment(x["positive"], x["negative"], x["neutral"], x["mixed"]) for x in (r, b))
        share = 100.0 * r["mentions"] / total if total else None
        share_before = 100.0 * b["mentions"] / previous_total if previous_total else None
        comparable = b["mentions"] >= MIN_BASE
        rows.append({
            "brand": name, "own": name == own, **{k: r[k] for k in zero},
            "net": net, "share": share, "previous": {"mentions": b["mentions"], "reach": b["reach"],
                                                      "negative": b["negative"], "net": net_before,
                                                      "share": share_before},
            "comparable": comparable,
            "mentions_change": _change(r["mentions"], b["mentions"]) if comparable else None,
            "reach_change": _change(r["reach"], b["reach"]) if comparable else None,
            "negative_change": _change(r["negative"], b["negative"]) if comparable else None,
            "net_change": net - net_before if comparable and None not in (net, net_before) else None,
            "share_change": share - share_before if comparable and compared and None not in (share, share_before)
            else None,
        })
    rows.sort(key=lambda x: (not x["own"], -x["mentions"], x["brand"].casefold()))
    return {"brands": rows, "total": total, "previous_total": previous_total, "own": own}


def what_changed(conn: sqlite3.Connection, f: Filters, brand: str) -> dict[str, Any]:
    """The material of one sentence on what changed for `brand` against the previous period: its figures
    (`key_figures` row), the e-reputation category and the platform where its negative mentions rose
    most (None when none rose by at least 3 mentions and 20 %), and its alerts (open now; started in
    the period)."""
    own = replace(f, brands=(brand,))
    figures = next(r for r in key_figures(conn, own, brand)["brands"] if r["brand"] == brand)

    def rising(now: list[dict[str, Any]], before: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
        past = {r[key]: r["negative"] for r in before}
        best = max(({"value": r[key], "negative": r["negative"], "previous": past.get(r[key], 0)} for r in now),
                   key=lambda x: x["negative"] - x["previous"], default=None)
        if best is None or best["negative"] - best["previous"] < max(3, 0.2 * best["previous"]):
            return None
        return best

    category = rising(label_totals(conn, own, "category"), label_totals(conn, own.previous(), "category"), "label") \
        if f.motivation is None else None
    platform = rising(platform_totals(conn, own), platform_totals(conn, own.previous()), "platform")
    since, until = f.time_range
    return {"brand": brand, "figures": figures, "category": category, "platform": platform,
            "open_alerts": count_alerts(conn, "open", (brand,)),
            "new_alerts": count_alerts(conn, None, (brand,), since, until)}


def platform_totals(conn: sqlite3.Connection, f: Filters) -> list[dict[str, Any]]:
    """Per platform over the period: mentions, reach, negative mentions."""
    source, params = _summary(f)
    return _rows(conn, f"""
        SELECT platform, sum(mentions) AS mentions, sum(reach) AS reach,
               sum(CASE WHEN sentiment = 'negative' THEN mentions ELSE 0 END) AS negative
        FROM {source} GROUP BY platform ORDER BY mentions DESC""", params)


def _week_sql(day_expr: str) -> str:
    """Monday of the ISO week of a 'YYYY-MM-DD' expression."""
    return f"date({day_expr}, '-6 days', 'weekday 1')"


def series(conn: sqlite3.Connection, f: Filters, grain: str = "day") -> list[dict[str, Any]]:
    """Mentions and reach per (bucket, brand, sentiment). `bucket` is an ISO hour, day, week (Monday) or month
    (its first day).

    Hourly series come from dash_facts and are limited to HOURLY_MAX_DAYS days (the caller clamps).
    """
    if grain not in GRAINS:
        raise ValueError(f"granularité inconnue : {grain}")
    if grain == "hour":
        if f.days > HOURLY_MAX_DAYS:
            raise ValueError(f"série horaire limitée à {HOURLY_MAX_DAYS} jours ({f.days} demandés)")
        where, params = filter_terms(f, FACTS)
        return _rows(conn, f"""
            SELECT substr(f.published_at, 1, 13) || ':00:00Z' AS bucket, f.brand, f.sentiment,
                   count(*) AS mentions, sum(f.reach) AS reach
            FROM dash_facts f WHERE {' AND '.join(where)} GROUP BY 1, 2, 3 ORDER BY 1""", params)
    source, params = _summary(f, daily=grain != "month")
    bucket = {"day": "day", "week": _week_sql("day"), "month": "substr(day, 1, 7) || '-01'"}[grain]
    return _rows(conn, f"""
        SELECT {bucket} AS bucket, brand, sentiment, sum(mentions) AS mentions, sum(reach) AS reach
        FROM {source} GROUP BY 1, 2, 3 ORDER BY 1""", params)


def label_totals(conn: sqlite3.Connection, f: Filters, dim: str, by: str | None = None) -> list[dict[str, Any]]:
    """Mentions per label of `dim` ('motivation', 'category' or 'medium'), by brand, platform, sentiment, day, week
    or month.

    With a motivation filter, only `dim='motivation'` is exact from the summaries; categories then go
    through `top_topics` (the caller decides).
    """
    if dim not in ("motivation", "category", "medium"):
        raise ValueError(f"dimension inconnue : {dim}")
    if by not in (None, "brand", "platform", "sentiment", "day", "week", "month"):
        raise ValueError(f"regroupement inconnu : {by}")
    label = f.motivation if dim == "motivation" else None
    source, params = _summary(replace(f, motivations=()), dim=dim, label=label, daily=by in ("day", "week"))
    key = {None: None, "week": _week_sql("day"), "month": "substr(day, 1, 7) || '-01'"}.get(by, by)
    select = f"{key} AS {by}, " if key else ""
    group = f", {by}" if key else ""
    return _rows(conn, f"""
        SELECT label, {select}sum(mentions) AS mentions, sum(reach) AS reach,
               sum(CASE WHEN sentiment = 'positive' THEN mentions ELSE 0 END) AS positive,
               sum(CASE WHEN sentiment = 'neutral' THEN mentions ELSE 0 END) AS neutral,
               sum(CASE WHEN sentiment = 'mixed' THEN mentions ELSE 0 END) AS mixed,
               sum(CASE WHEN sentiment = 'negative' THEN mentions ELSE 0 END) AS negative
        FROM {source} GROUP BY label{group} ORDER BY mentions DESC""", params)


def selection_size(conn: sqlite3.Connection, f: Filters) -> int:
    """How many (mention, brand) pairs the filters select over the whole days of the period."""
    source, params = _summary(f)
    return int(conn.execute(f"SELECT coalesce(sum(mentions), 0) FROM {source}", params).fetchone()[0])


def last_published(conn: sqlite3.Connection) -> str | None:
    """Date of the latest mention (to tell the user when the period is empty but the base is not)."""
    row = conn.execute("SELECT max(published_at) FROM dash_facts").fetchone()
    return row[0]


# --- topics ----------------------------------------------------------------------------------------


def _sample_cte(conn: sqlite3.Connection, f: Filters, size: int) -> tuple[str, list[Any], float, int]:
    """A materialised CTE `sel(mention_id, sentiment)` over the selection, sampled down to about `size` pairs.

    Returns (sql, params, rate, selection size). Sampling keeps whole mentions (the sample value
    is a hash of the mention's seq) and reads the covering (brand, sample, published_at, …) index.
    """
    total = selection_size(conn, f)
    buckets = SAMPLE_BUCKETS if total <= size else max(1, math.ceil(SAMPLE_BUCKETS * size / total))
    where, params = filter_terms(f, FACTS)
    if buckets < SAMPLE_BUCKETS:
        if not f.brands:
            _in("f.brand", [r[0] for r in conn.execute("SELECT DISTINCT brand FROM dash_monthly")], where, params)
        where.append(f"f.sample IN ({','.join(str(b) for b in range(buckets))})")
    cte = f"sel AS MATERIALIZED (SELECT f.mention_id, f.sentiment FROM dash_facts f WHERE {' AND '.join(where)})"
    return cte, params, buckets / SAMPLE_BUCKETS, total


def topic_counts(
    conn: sqlite3.Connection, f: Filters, kinds: Sequence[str] = TOPIC_KINDS, sample: int = TOPIC_SAMPLE
) -> dict[str, Any]:
    """Count every topic of these kinds in the selection (sampled when it is large), with its sentiment split.

    Returns {"rows": [{kind, value, variants, n, positive, neutral, mixed, negative}] (`merge_spellings`), "pairs": pairs counted,
    "rate": sampling rate (1 = exact), "selection": pairs selected}. `n` and the splits are raw counts
    in the sample: divide by `rate` for estimates (`top_topics` and `trending_topics` do).
    """
    bad = [k for k in kinds if k not in TOPIC_KINDS]
    if bad or not kinds:
        raise ValueError(f"types de thèmes inconnus : {bad or list(kinds)}")
    cte, params, rate, total = _sample_cte(conn, f, sample)
    rows = _rows(conn, f"""
        WITH {cte}
        SELECT NULL AS kind, NULL AS value, count(*) AS n, 0 AS positive, 0 AS neutral, 0 AS mixed, 0 AS negative
        FROM sel
        UNION ALL
        SELECT t.kind, t.value, count(*), sum(sel.sentiment = 'positive'), sum(sel.sentiment = 'neutral'),
               sum(sel.sentiment = 'mixed'), sum(sel.sentiment = 'negative')
        FROM sel JOIN mention_topics t ON t.mention_id = sel.mention_id
        WHERE t.kind IN ({','.join('?' * len(kinds))})
        GROUP BY t.kind, t.value""", [*params, *kinds])
    return {"rows": merge_spellings(rows[1:]), "pairs": rows[0]["n"], "rate": rate, "selection": total}


COUNTS = ("n", "positive", "neutral", "mixed", "negative")


def topic_id(kind: str, value: str) -> tuple[str, str]:
    """A name whatever its spelling (capitals often drop their accents: `Etats`, `Edouard`) and whatever kind the
    entity recognizer gave it in each mention (`Macron` a person here, an organisation there; `#PanneOrbelle` and
    `Panne Orbelle`). Keyphrases are written in lower case by the tagger, where an accent makes another word
    (`marche`, `marché`): kept as they are, like category codes."""
    return ("entity", spelling_key(value)) if kind in ENTITY_KINDS else (kind, value)


def merge_spellings(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per topic however its mentions spell and type it (`topic_id`): counts summed, shown as its most
    frequent spelling and kind (summed over the kinds, and over the spellings), every spelling in `variants`, most
    frequent first (for the drill-down); then a name's short forms join it (`_join_short_forms`). `parts` keeps the
    count of each `topic_id` the row gathers, so another period can be compared whatever it joined. The tagger gives
    one spelling, one kind and one form per name and mention (`analysis.entities`), so the sums count mentions."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    kinds: dict[tuple[str, str], Counter[str]] = {}
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for r in sorted(rows, key=lambda r: (-r["n"], r["value"])):  # ties: the first seen wins, so the order is stable
        key = topic_id(r["kind"], r["value"])
        row = merged.get(key)
        if row is None:
            merged[key] = dict(r)
        else:
            for c in COUNTS:
                row[c] += r[c]
        kinds.setdefault(key, Counter())[r["kind"]] += r["n"]
        spellings.setdefault(key, Counter())[r["value"]] += r["n"]
    for key, row in merged.items():
        row["kind"] = kinds[key].most_common(1)[0][0]
        row["variants"] = tuple(v for v, _ in spellings[key].most_common())
        row["value"] = row["variants"][0]
        row["parts"] = Counter({key: row["n"]})
    return _join_short_forms(list(merged.values()))


# The share of the candidates' mentions a full name needs to take a surname or an acronym: 2/3, as the pages count
# (mention, brand) pairs, and an article naming two watched brands counts twice (`Emmanuel Macron` 6 of 8 pairs).
OWNER_SHARE = 2 / 3
# …and at least OWNER_MIN mentions and OWNER_MIN_RATIO of the short form's: `Pays Savoyard` (1) does not take `PS` (40)
OWNER_MIN, OWNER_MIN_RATIO = 2, 0.1


def _join_short_forms(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A name's short forms join its full name across mentions, as the tagger joins them within one
    (`storage.query.full_name_keys`): a person's surname alone (`Macron` → `Emmanuel Macron`) and an acronym (`UE` →
    `Union européenne`, `LFI` → `La France insoumise`): one theme, shown by its full name, the short form's spellings
    after its own. When several full names fit, only one that holds OWNER_SHARE of their mentions takes it
    (`Emmanuel Macron` 7, `Brigitte Macron` 1); otherwise (`Marine Le Pen`, `Jean-Marie Le Pen`; `CE`, `Commission
    européenne` and `Conseil européen`) the short form stays its own theme. Longest first, so that `De Gaulle` has
    joined `Charles de Gaulle` before `Gaulle` looks for its owner."""
    owners: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        for key in full_name_keys(row["kind"], row["value"]):
            owners.setdefault(key, []).append(row)
    joined: set[int] = set()
    for row in sorted(rows, key=lambda r: -len(r["value"].split())):
        key = short_form_key(row["kind"], row["value"])
        candidates = [o for o in owners.get(key, []) if o is not row and id(o) not in joined] if key else []
        owner = max(candidates, key=lambda o: o["n"], default=None)
        if (owner is not None and owner["n"] >= OWNER_SHARE * sum(o["n"] for o in candidates)
                and owner["n"] >= max(OWNER_MIN, OWNER_MIN_RATIO * row["n"])):
            for c in COUNTS:
                owner[c] += row[c]
            owner["variants"] = (*owner["variants"], *row["variants"])
            owner["parts"] += row["parts"]
            joined.add(id(row))
    return [r for r in rows if id(r) not in joined]


def top_topics(counts: dict[str, Any], kinds: Sequence[str], limit: int = 20,
               exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The most frequent topics of these kinds in `topic_counts` output, counts scaled to estimates.

    `exclude` drops values however spelt (`storage.query.spelling_key`), e.g. the watched brands, which every mention
    names.
    """
    rate = counts["rate"]
    skip = {spelling_key(v) for v in exclude}
    rows = sorted((r for r in counts["rows"] if r["kind"] in kinds and not _named(r, skip)),
                  key=lambda r: (-r["n"], r["value"]))
    return [{"kind": r["kind"], "value": r["value"], "variants": r["variants"], "mentions": round(r["n"] / rate),
             "positive": round(r["positive"] / rate), "neutral": round(r["neutral"] / rate),
             "mixed": round(r["mixed"] / rate), "negative": round(r["negative"] / rate),
             "net_sentiment": round(100 * (r["positive"] - r["negative"]) / r["n"], 1)} for r in rows[:limit]]


def _named(row: dict[str, Any], keys: set[str]) -> bool:
    """Whether a topic is spelt as one of `keys` (`spelling_key`) in any of its mentions: `Emmanuel Macron`, whose
    mentions also write `Macron`, is the watched brand `Macron`."""
    return any(spelling_key(v) in keys for v in row["variants"])


def trending_topics(current: dict[str, Any], previous: dict[str, Any], kinds: Sequence[str], limit: int = 15,
                    min_share: float = 0.002, exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Topics whose frequency rose most against the previous period (`topic_counts` of both periods).

    Score: Poisson z-score of the current count against the previous one scaled by the change in
    volume, so a topic that merely follows the overall volume does not trend. A topic must be in at
    least `min_share` of the counted mentions (and 5 of them) to count. Rows: kind, value, mentions
    and previous (estimates), change (ratio, None when new), net sentiment (%), score. Nothing when the
    previous period has fewer than MIN_BASE mentions (the « tout » period, a brand watched since this period):
    against so little, every theme would be « nouveau ».
    """
    if previous["selection"] < MIN_BASE:
        return []
    before: Counter[tuple[str, str]] = sum((r["parts"] for r in previous["rows"]), Counter())
    ratio = current["pairs"] / previous["pairs"]
    floor = max(5, math.ceil(min_share * current["pairs"]))
    skip = {spelling_key(v) for v in exclude}
    result = []
    for r in current["rows"]:
        if r["kind"] not in kinds or r["n"] < floor or _named(r, skip):
            continue
        prev = sum(before[k] for k in r["parts"])  # whatever the previous period joined (`_join_short_forms`)
        expected = prev * ratio
        score = (r["n"] - expected) / math.sqrt(expected + 1)
        if score <= 2:
            continue
        result.append({
            "kind": r["kind"], "value": r["value"], "variants": r["variants"], "mentions": round(r["n"] / current["rate"]),
            "previous": round(prev / previous["rate"]), "change": r["n"] / expected if expected else None,
            "net_sentiment": round(100 * (r["positive"] - r["negative"]) / r["n"], 1), "score": round(score, 2),
        })
    result.sort(key=lambda r: -r["score"])
    return result[:limit]


def category_totals(conn: sqlite3.Connection, f: Filters) -> dict[str, Any]:
    """Mentions per e-reputation category with their sentiment: exact from the summaries, or from a
    topic sample when a motivation filter is set (the summaries do not cross the two labels)."""
    if f.motivation is None:
        return {"rows": label_totals(conn, f, "category"), "rate": 1.0}
    counts = topic_counts(conn, f, ("category",))
    rows = top_topics(counts, ("category",), limit=50)
    return {"rows": [{"label": r["value"], **r} for r in rows], "rate": counts["rate"]}


# --- mentions --------------------------------------------------------------------------------------


def _mention_details(conn: sqlite3.Connection, seqs: list[int], first: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Display rows for these mentions (by seq), in this order: text, links, figures and every tag. Each brand's
    sentiment comes in the reader's order: the brands of `first` (a page's filter), then the own brand."""
    if not seqs:
        return []
    marks = ",".join("?" * len(seqs))
    rows = {r["seq"]: r for r in _rows(conn, f"""
        SELECT m.id, m.seq, m.platform, m.source, m.publication, m.url, m.title, m.text, m.author_handle,
               m.author_name, m.author_followers, m.likes, m.shares, m.replies, m.reach, m.published_at,
               coalesce(t.lang, m.platform_lang) AS lang, t.sentiment_score,
               CASE WHEN t.mixed = 1 THEN 'mixed' ELSE t.sentiment END AS model_sentiment,
               o.sentiment AS corrected_sentiment, o.corrected_by,
               o.sentiment IS NOT NULL AND o.sentiment IS o.model_sentiment AS sentiment_confirmed,
               (SELECT json_group_array(bo.brand) FROM brand_sentiment_overrides bo
                WHERE bo.mention_id = m.id AND bo.sentiment IS bo.model_sentiment) AS confirmed_brands,
               CASE WHEN o.sentiment IS NULL AND t.mixed = 1 THEN 'mixed' ELSE coalesce(o.sentiment, t.sentiment) END
                   AS sentiment,
               (SELECT group_concat(brand, ', ') FROM mention_brands b WHERE b.mention_id = m.id) AS brands,
               (SELECT json_group_object(b.brand, CASE WHEN bo.sentiment IS NULL AND coalesce(s.mixed, t.mixed) = 1
                                                  THEN 'mixed' ELSE coalesce(bo.sentiment, s.sentiment, t.sentiment) END)
                FROM mention_brands b
                LEFT JOIN brand_sentiments s ON s.mention_id = b.mention_id AND s.brand = b.brand
                LEFT JOIN brand_sentiment_overrides bo ON bo.mention_id = b.mention_id AND bo.brand = b.brand
                WHERE b.mention_id = m.id)
                   AS brand_sentiments,
               (SELECT json_group_object(bo.brand, CASE WHEN coalesce(s.mixed, t.mixed) = 1 THEN 'mixed'
                                                   ELSE coalesce(s.sentiment, t.sentiment) END)
                FROM brand_sentiment_overrides bo
                LEFT JOIN brand_sentiments s ON s.mention_id = bo.mention_id AND s.brand = bo.brand
                WHERE bo.mention_id = m.id) AS model_brand_sentiments,
               (SELECT group_concat(motivation, ',') FROM mention_motivations mm WHERE mm.mention_id = m.id)
                   AS motivations, mo.model_motivations,
               (SELECT json_group_array(json_array(kind, value)) FROM mention_topics tp WHERE tp.mention_id = m.id)
                   AS topics,
               (SELECT group_concat(emotion, ',') FROM mention_emotions e WHERE e.mention_id = m.id) AS emotions
        FROM mentions m
        LEFT JOIN mention_tags t ON t.mention_id = m.id
        LEFT JOIN sentiment_overrides o ON o.mention_id = m.id
        LEFT JOIN motivation_overrides mo ON mo.mention_id = m.id
        WHERE m.seq IN ({marks})""", seqs)}
    own = {r[0] for r in conn.execute("SELECT name FROM brands WHERE own = 1")}
    for r in rows.values():
        bound_row(r)
        # what each brand counts (None: untagged), the filtered brands then the own brand first: what the reader
        # looks for
        r["brand_sentiments"] = dict(sorted(json.loads(r["brand_sentiments"] or "{}").items(),
                                            key=lambda item: (item[0] not in first, item[0] not in own)))
        # the brands whose sentiment a user corrected (migration 0150): what the tagger said of each
        r["model_brand_sentiments"] = json.loads(r["model_brand_sentiments"] or "{}")
        # among them, those the user confirmed: their answer is the model's label when they answered (migration 0160)
        r["confirmed_brands"] = frozenset(json.loads(r["confirmed_brands"] or "[]"))
        r["sentiment_confirmed"] = bool(r["sentiment_confirmed"])
        r["topics"] = [tuple(t) for t in json.loads(r["topics"] or "[]")]
        r["motivations"] = r["motivations"].split(",") if r["motivations"] else []
        # set when the user corrected the motivations (migration 0130): what the tagger said
        r["model_motivations"] = list(json.loads(r["model_motivations"])) if r["model_motivations"] else None
        r["emotions"] = r["emotions"].split(",") if r["emotions"] else []
    return [rows[seq] for seq in seqs if seq in rows]


def undated_mentions(conn: sqlite3.Connection, f: Filters, search: str | None = None,
                     limit: int = 50) -> dict[str, Any]:
    """Mentions without a publication date (`published_at` NULL: a feed's backlog gave none), latest collected
    first, for the selected brands and platforms. They have no place in a period, a trend or an alert, so only
    the Mentions page lists them, apart. Returns {"rows": [...], "total": count (at most SEARCH_CAP)}."""
    where, params = ["m.published_at IS NULL"], []
    _in("b.brand", f.brands, where, params)
    _in("m.platform", f.platforms, where, params)
    if search:
        condition, condition_params = search_condition(search)
        where.append(f"m.seq IN (SELECT rowid FROM mentions_fts WHERE {condition})")
        params += condition_params
    select = f"SELECT DISTINCT m.seq FROM mentions m JOIN mention_brands b ON b.mention_id = m.id " \
             f"WHERE {' AND '.join(where)}"
    total = conn.execute(f"SELECT count(*) FROM ({select} LIMIT ?)", [*params, SEARCH_CAP]).fetchone()[0]
    seqs = [r[0] for r in conn.execute(f"{select} ORDER BY m.seq DESC LIMIT ?", [*params, limit])]
    return {"rows": _mention_details(conn, seqs, f.brands), "total": total}


def _ordered_ids(conn: sqlite3.Connection, f: Filters, where: list[str], params: list[Any], sort: str,
                 limit: int, offset: int) -> list[int]:
    """Distinct mentions (seq) of the selection in page order, with the cheaper of two plans.

    A large selection is read in order from a covering index (date or reach), filters checked in the
    index, stopping at the page; a small one is collected through its narrowest index and sorted.
    """
    order = "f.published_at DESC, f.seq DESC" if sort == "date" else "f.reach DESC, f.published_at DESC, f.seq DESC"
    index = ""
    if f.since is None and selection_size(conn, f) >= ORDERED_SCAN_MIN:
        index = "INDEXED BY dash_facts_time" if sort == "date" else "INDEXED BY dash_facts_reach"
    rows = conn.execute(f"""
        SELECT DISTINCT f.seq, f.published_at, f.reach FROM dash_facts f {index}
        WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ? OFFSET ?""", [*params, limit, offset])
    return [r[0] for r in rows]


def list_mentions(
    conn: sqlite3.Connection,
    f: Filters,
    search: str | None = None,
    sort: str = "date",
    limit: int = 50,
    offset: int = 0,
    topic: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """A page of distinct mentions of the selection, newest or widest-reaching first.

    `search` is a query in the brand query language (`storage.filters.search_condition`): the SEARCH_CAP most
    recently collected matches of the selection are kept, then sorted (`capped` says when the cap was
    hit). `topic` = (kind, value, *other spellings) drills down into a topic (`variants` of `top_topics`) or category.
    Returns {"rows": [...], "has_more": bool, "capped": bool, "found": matches of a search (None without)}.
    """
    seqs, capped, found = _page_seqs(conn, f, search, sort, limit, offset, topic)
    return {"rows": _mention_details(conn, seqs[:limit], f.brands), "has_more": len(seqs) > limit, "capped": capped,
            "found": found}


def _page_seqs(conn: sqlite3.Connection, f: Filters, search: str | None, sort: str, limit: int, offset: int,
               topic: tuple[str, ...] | None) -> tuple[list[int], bool, int | None]:
    """The mentions (seq) of a `list_mentions` page in its order, one more than `limit` when there are more;
    whether the search hit SEARCH_CAP; the number of matches of a search (None without)."""
    if sort not in ("date", "reach"):
        raise ValueError(f"tri inconnu : {sort}")
    where, params = filter_terms(f, FACTS)
    if topic is not None:
        kinds = ENTITY_KINDS if topic[0] in ENTITY_KINDS else topic[:1]  # a name, whatever its kind (`topic_id`)
        match = f"tp.kind {marks(kinds)} AND tp.value {marks(topic[1:])}"
        frequent = conn.execute(f"SELECT count(*) > ? FROM (SELECT 1 FROM mention_topics tp WHERE {match} LIMIT ?)",
                                [TOPIC_DRIVE_MAX, *kinds, *topic[1:], TOPIC_DRIVE_MAX + 1]).fetchone()[0]
        if frequent:  # common: scanning the selection in order finds a page quickly
            where.append(f"EXISTS (SELECT 1 FROM mention_topics tp WHERE tp.mention_id = f.mention_id AND {match})")
        else:  # rare: start from the topic's own mentions
            where.append(f"f.mention_id IN (SELECT mention_id FROM mention_topics tp WHERE {match})")
        params += [*kinds, *topic[1:]]
    capped = False
    if search:
        condition, condition_params = search_condition(search)
        cand = conn.execute(f"""
            SELECT DISTINCT f.seq, f.published_at, f.reach
            FROM mentions_fts JOIN dash_facts f ON f.seq = mentions_fts.rowid
            WHERE {condition} AND {' AND '.join(where)}
            ORDER BY mentions_fts.rowid DESC LIMIT ?""", [*condition_params, *params, SEARCH_CAP]).fetchall()
        capped = len(cand) >= SEARCH_CAP
        key = (lambda r: (r[1], r[0])) if sort == "date" else (lambda r: (r[2], r[1], r[0]))
        ids = [r[0] for r in sorted(cand, key=key, reverse=True)[offset: offset + limit + 1]]
        found = len(cand)
    else:
        ids = _ordered_ids(conn, f, where, params, sort, limit + 1, offset)
        found = None
    return ids, capped, found


DISTINCT_EXACT_MAX = 100_000


def count_mentions(conn: sqlite3.Connection, f: Filters) -> dict[str, Any]:
    """How many distinct mentions the selection holds (a mention naming two selected brands counts once, as in
    the lists). Exact up to DISTINCT_EXACT_MAX (mention, brand) pairs or with one brand; beyond, estimated from
    the uniform sample of `topic_counts`. Returns {"mentions", "exact"}."""
    pairs = selection_size(conn, f)
    brands = f.brands or [r[0] for r in conn.execute("SELECT DISTINCT brand FROM dash_monthly")]
    if len(brands) <= 1 or pairs == 0:
        return {"mentions": pairs, "exact": True}
    if pairs <= DISTINCT_EXACT_MAX:
        where, params = filter_terms(replace(f, since=None, until=None), FACTS)
        n = conn.execute(f"SELECT count(DISTINCT f.seq) FROM dash_facts f WHERE {' AND '.join(where)}",
                         params).fetchone()[0]
        return {"mentions": n, "exact": True}
    cte, params, rate, _total = _sample_cte(conn, replace(f, since=None, until=None), TOPIC_SAMPLE)
    n = conn.execute(f"WITH {cte} SELECT count(DISTINCT mention_id) FROM sel", params).fetchone()[0]
    return {"mentions": round(n / rate), "exact": False}


def to_handle(conn: sqlite3.Connection, f: Filters, brand: str, limit: int = 5) -> list[dict[str, Any]]:
    """What to act on: `brand`'s negative mentions of the selection with the widest audience first (the
    mention's author, platform, medium, reach and link are in each row, as in `list_mentions`)."""
    narrowed = replace(f, brands=(brand,), sentiments=("negative",))
    return list_mentions(conn, narrowed, sort="reach", limit=limit)["rows"]


def mentions_by_id(conn: sqlite3.Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """These mentions (by id, in this order) as `list_mentions` rows; ids no longer in the base are skipped."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    seqs = {r[0]: r[1] for r in conn.execute(f"SELECT id, seq FROM mentions WHERE id IN ({marks})", list(ids))}
    return _mention_details(conn, [seqs[i] for i in ids if i in seqs])


def export_mentions(conn: sqlite3.Connection, f: Filters, search: str | None = None, sort: str = "date",
                    topic: tuple[str, ...] | None = None, cap: int = EXPORT_CAP) -> list[dict[str, Any]]:
    """The selection as rows of `veille export` (`export_queries.EXPORT_COLUMNS`, one schema for both), at most
    `cap` mentions in the page's order: the Mentions page's CSV download."""
    seqs = _page_seqs(conn, f, search, sort, cap, 0, topic)[0][:cap]
    ids = dict(conn.execute("SELECT seq, id FROM mentions WHERE seq IN (SELECT value FROM json_each(?))",
                            [json.dumps(seqs)]))
    return rows_by_id(conn, [ids[seq] for seq in seqs if seq in ids])


# --- who is talking: authors and media ------------------------------------------------------------

VOICES = {"author": "dash_facts_author", "medium": "dash_facts_medium"}
RANKINGS = {"reach": "reach", "mentions": "mentions"}
# Up to this many (mention, brand) pairs, a selection is grouped by voice directly (time index, temporary
# table); beyond, voices are read from the widest (most active) down in dash_voices, whose all-time figures
# bound what a voice can have in the selection, until no unread voice can enter the ranking.
VOICE_DIRECT_MAX = 60_000
VOICE_BATCH = 300
VOICE_BATCHES = 12
_VOICE_AGG = """count(*) AS mentions, sum(f.reach) AS reach, sum(f.sentiment = 'positive') AS positive,
    sum(f.sentiment = 'neutral') AS neutral, sum(f.sentiment = 'mixed') AS mixed,
    sum(f.sentiment = 'negative') AS negative, max(f.published_at) AS last_at"""


def _bound_brand(f: Filters) -> str:
    """The dash_voices rows bounding this selection: its one brand's, else the all-brands rows ('')."""
    return f.only_brand or ""


def _authors_direct(conn: sqlite3.Connection, f: Filters, by: str,
                    limit: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A small selection grouped by author in one pass: the `limit` with the most `by`, and the new ones (first
    seen on or after the period's start) with the most reach."""
    where, params = filter_terms(f, FACTS)
    rows = _rows(conn, f"""
        WITH g AS MATERIALIZED (SELECT f.author AS voice, {_VOICE_AGG} FROM dash_facts f
                                WHERE f.author != '' AND {' AND '.join(where)} GROUP BY f.author)
        SELECT 'top' AS list, * FROM (SELECT * FROM g ORDER BY {RANKINGS[by]} DESC, voice LIMIT ?)
        UNION ALL
        SELECT 'new', * FROM (SELECT g.* FROM g JOIN dash_voices v ON v.kind = 'author' AND v.brand = ?
                                                                   AND v.voice = g.voice
                              WHERE v.first_at >= ? ORDER BY g.reach DESC, g.voice LIMIT ?)""",
                 [*params, limit, _bound_brand(f), f.time_range[0], limit])
    return [r for r in rows if r["list"] == "top"], [r for r in rows if r["list"] == "new"]


def _authors_bounded(conn: sqlite3.Connection, f: Filters, by: str, limit: int,
                     new_since: str | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """The `limit` authors with the most `by` in a large selection (only those first seen on or after
    `new_since` when given), read from the widest down in dash_voices until no unread author can enter the
    ranking. Returns (rows, bound): bound is None when the ranking is exact, else the most `by` an author
    left out could have (the search stopped after VOICE_BATCHES batches)."""
    column = RANKINGS[by]
    where, params = filter_terms(f, FACTS)
    brand = _bound_brand(f)
    best: list[dict[str, Any]] = []
    after: tuple[int, str] | None = None
    for _ in range(VOICE_BATCHES):
        page = conn.execute(f"""
            SELECT voice, {column} FROM dash_voices INDEXED BY dash_voices_{column}
            WHERE kind = 'author' AND brand = ? {'AND first_at >= ?' if new_since else ''}
              {f'AND ({column}, voice) < (?, ?)' if after else ''}
            ORDER BY {column} DESC, voice DESC LIMIT ?""",
                            [brand, *([new_since] if new_since else []), *(after or ()), VOICE_BATCH]).fetchall()
        if not page:
            return best, None
        marks = ",".join("?" * len(page))
        best += _rows(conn, f"""
            SELECT f.author AS voice, {_VOICE_AGG} FROM dash_facts f INDEXED BY dash_facts_author
            WHERE f.author IN ({marks}) AND f.author != '' AND {' AND '.join(where)} GROUP BY f.author""",
                      [r[0] for r in page] + params)
        best = sorted(best, key=lambda r: (-r[column], r["voice"]))[:limit]
        after = (page[-1][1], page[-1][0])
        if len(page) < VOICE_BATCH or (len(best) == limit and after[0] <= best[-1][column]):
            return best, None
    return best, after[0]


def voices(conn: sqlite3.Connection, f: Filters, kind: str = "author", by: str = "reach",
           limit: int = 20) -> dict[str, Any]:
    """Who talks most in the selection: authors (`kind='author'`) or media (`'medium'`, the publication of
    news items), ranked by reach or by volume (`by='mentions'`), and the new voices of the period (first seen
    about the selected brand, or any brand, on or after its start) by reach.

    Each row: voice (the key), platform, name, handle, followers (from its latest mention in the selection),
    mentions, reach, positive, neutral, negative, net sentiment, last_at, last_url. Counts are (mention,
    brand) pairs, as everywhere on the dashboard. Returns {"top", "new", "bound", "new_bound"}: a bound is
    None when the ranking is exact, else the most a voice left out could have (said on the page).
    """
    if kind not in VOICES or by not in RANKINGS:
        raise ValueError(f"classement inconnu : {kind}, {by}")
    bound = new_bound = None
    if kind == "medium":
        top, new = _media(conn, f, by, limit)
    elif selection_size(conn, f) <= VOICE_DIRECT_MAX:
        top, new = _authors_direct(conn, f, by, limit)
    else:
        top, bound = _authors_bounded(conn, f, by, limit)
        new, new_bound = _authors_bounded(conn, f, "reach", limit, new_since=f.time_range[0])
    return {"top": _voice_details(conn, f, kind, top), "new": _voice_details(conn, f, kind, new), "bound": bound,
            "new_bound": new_bound}


def _media(conn: sqlite3.Connection, f: Filters, by: str,
           limit: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Media ranked from the label summaries (exact; a motivation filter reads the facts instead), and the new
    ones (first seen on or after the period's start)."""
    if f.motivation is None:
        rows = [{"voice": r["label"], **r} for r in label_totals(conn, f, "medium")]
    else:
        where, params = filter_terms(f, FACTS)
        rows = _rows(conn, f"""SELECT f.medium AS voice, {_VOICE_AGG} FROM dash_facts f INDEXED BY dash_facts_medium
                               WHERE f.medium != '' AND {' AND '.join(where)} GROUP BY f.medium""", params)
    fresh = {r[0] for r in conn.execute("SELECT voice FROM dash_voices WHERE kind = 'medium' AND brand = ? "
                                        "AND first_at >= ?", [_bound_brand(f), f.time_range[0]])}
    column = RANKINGS[by]
    top = sorted(rows, key=lambda r: (-r[column], r["voice"]))[:limit]
    new = sorted((r for r in rows if r["voice"] in fresh), key=lambda r: (-r["reach"], r["voice"]))[:limit]
    return top, new


def _voice_details(conn: sqlite3.Connection, f: Filters, kind: str,
                   rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ranking rows with who the voice is, from its latest mention in the selection: name, handle, followers,
    platform, date and link."""
    where, params = filter_terms(f, FACTS)
    out = []
    for r in rows:
        latest = conn.execute(f"""
            SELECT m.platform, m.author_name, m.author_handle, m.author_followers, m.url, f.published_at
            FROM dash_facts f INDEXED BY {VOICES[kind]} JOIN mentions m ON m.seq = f.seq
            WHERE f.{kind} = ? AND f.{kind} != '' AND {' AND '.join(where)}
            ORDER BY f.published_at DESC LIMIT 1""", [r["voice"], *params]).fetchone()
        platform, name, handle, followers, url, last_at = latest or ("rss", None, None, None, None, None)
        out.append({
            "voice": r["voice"], "platform": platform,
            "name": r["voice"] if kind == "medium" else (name or handle or ""),
            "handle": None if kind == "medium" else handle, "followers": None if kind == "medium" else followers,
            "mentions": r["mentions"], "reach": r["reach"], "positive": r["positive"], "neutral": r["neutral"],
            "mixed": r["mixed"], "negative": r["negative"],
            "net": net_sentiment(r["positive"], r["negative"], r["neutral"], r["mixed"]),
            "last_at": r.get("last_at") or last_at, "last_url": url,
        })
    return out


def voice_mentions(conn: sqlite3.Connection, f: Filters, kind: str, voice: str, limit: int = 50) -> list[dict[str, Any]]:
    """The latest mentions of one author or medium (a `voices` key) in the selection, newest first."""
    if kind not in VOICES:
        raise ValueError(f"type de voix inconnu : {kind}")
    where, params = filter_terms(f, FACTS)
    rows = conn.execute(f"""
        SELECT DISTINCT f.seq, f.published_at FROM dash_facts f INDEXED BY {VOICES[kind]}
        WHERE f.{kind} = ? AND f.{kind} != '' AND {' AND '.join(where)} ORDER BY f.published_at DESC, f.seq DESC LIMIT ?""",
                        [voice, *params, limit])
    return _mention_details(conn, [r[0] for r in rows], f.brands)


# --- alerts and sources ----------------------------------------------------------------------------


def count_alerts(conn: sqlite3.Connection, status: str | None = None, brands: Sequence[str] = (),
                 since: str | None = None, until: str | None = None) -> int:
    """Alerts by status and brands whose spike window started in [since, until)."""
    where, params = ["1"], []
    if status is not None:
        where.append("status = ?")
        params.append(status)
    _in("brand", brands, where, params)
    if since is not None:
        where.append("window_start >= ?")
        params.append(since)
    if until is not None:
        where.append("window_start < ?")
        params.append(until)
    return int(conn.execute(f"SELECT count(*) FROM alerts WHERE {' AND '.join(where)}", params).fetchone()[0])


def alert_markers(conn: sqlite3.Connection, f: Filters) -> list[dict[str, Any]]:
    """Alerts whose window starts in the period, for markers on the curves."""
    since, until = f.time_range
    where, params = ["window_start >= ?", "window_start < ?"], [since, until]
    _in("brand", f.brands, where, params)
    return _rows(conn, f"SELECT id, brand, metric, window_start, window_end, observed, expected, severity, status "
                       f"FROM alerts WHERE {' AND '.join(where)} ORDER BY window_start", params)


def fetch_summary(conn: sqlite3.Connection, since: str) -> list[dict[str, Any]]:
    """Per source since `since`: fetches, failures (failed or rate-limited) and new mentions.

    The rest of a source's health (status, errors, next attempt, volumes) is `storage.health.source_health`,
    shared with `veille sources`.
    """
    return _rows(conn, """
        SELECT source, count(*) AS fetches, sum(status IN ('failed', 'rate_limited')) AS failures,
               sum(new_mentions) AS new_mentions
        FROM fetches WHERE started_at >= ? GROUP BY source""", [since])


def recent_fetches(conn: sqlite3.Connection, source: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The latest fetch audit rows (all sources or one), newest first."""
    where, params = ("WHERE source = ?", [source]) if source else ("", [])
    return _rows(conn, f"SELECT source, target, started_at, finished_at, status, http_status, items, new_mentions, "
                       f"error, warnings FROM fetches {where} ORDER BY started_at DESC, id DESC LIMIT ?",
                 [*params, limit])


def fetch_activity(conn: sqlite3.Connection, since: str) -> list[dict[str, Any]]:
    """New mentions and failures per hour and source since `since` (collector activity chart)."""
    return _rows(conn, """
        SELECT substr(started_at, 1, 13) || ':00:00Z' AS hour, source, sum(new_mentions) AS new_mentions,
               sum(status IN ('failed', 'rate_limited')) AS failures
        FROM fetches WHERE started_at >= ? GROUP BY 1, 2 ORDER BY 1""", [since])
