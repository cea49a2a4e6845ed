"""The dashboard's read queries give the same answers as plain SQL over the analyst views."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

import storage
from presentation.export import spreadsheet_rows
from storage import dashboard_queries as dq
from storage.export_queries import EXPORT_COLUMNS
from storage.query import parse_query
from veille.cli import main


@pytest.fixture(scope="module")
def ro(populated_template):
    conn = storage.open_readonly(populated_template)
    yield conn
    conn.close()


def period(days: int, **kw) -> dq.Filters:
    end = datetime.now(UTC).date()
    return dq.Filters(start=(end - timedelta(days=days - 1)).isoformat(), end=end.isoformat(), **kw)


SELECTIONS = [
    period(30), period(365), period(90, brands=("Ondéa", "Lumeo")), period(365, platforms=("x", "reddit")),
    period(365, sentiments=("negative", "")), period(200, langs=("en",)), period(365, motivations=("cause",)),
    period(45, brands=("Voltéo",), sentiments=("positive",), motivations=("information",)),
]


def expected_per_brand(conn: sqlite3.Connection, f: dq.Filters) -> dict[str, tuple[int, int]]:
    """(mentions, reach) per brand straight from the `brand_mentions` view."""
    where, params = ["day >= ?", "day <= ?"], [f.start, f.end]
    for column, values in (("brand", f.brands), ("platform", f.platforms), ("lang", f.langs)):
        if values:
            where.append(f"coalesce({column}, '') IN ({','.join('?' * len(values))})")
            params += values
    if f.sentiments:
        where.append(f"coalesce(sentiment, '') IN ({','.join('?' * len(f.sentiments))})")
        params += f.sentiments
    if f.motivation:
        where.append("mention_id IN (SELECT mention_id FROM mention_motivations WHERE motivation = ?)")
        params.append(f.motivation)
    rows = conn.execute(f"SELECT brand, count(*), sum(reach) FROM brand_mentions WHERE {' AND '.join(where)} "
                        "GROUP BY brand", params)
    return {b: (n, r) for b, n, r in rows}


@pytest.mark.parametrize("f", SELECTIONS, ids=lambda f: f"{f.days}j-{f.brands}-{f.platforms}-{f.motivation}")
def test_totals_and_series_match_the_views(ro, f) -> None:
    expected = expected_per_brand(ro, f)
    assert expected, "the selection should not be empty"
    totals = {r["brand"]: (r["mentions"], r["reach"]) for r in dq.brand_totals(ro, f)}
    assert totals == expected
    assert dq.selection_size(ro, f) == sum(n for n, _ in expected.values())
    for grain in ("day", "week"):
        assert sum(r["mentions"] for r in dq.series(ro, f, grain)) == dq.selection_size(ro, f)


def test_whole_months_and_edge_days() -> None:
    assert dq._segments("2026-03-10", "2026-03-20") == ([("2026-03-10", "2026-03-20")], None)
    assert dq._segments("2026-01-15", "2026-05-10") == (
        [("2026-01-15", "2026-01-31"), ("2026-05-01", "2026-05-10")], ("2026-02", "2026-04"))
    assert dq._segments("2026-02-01", "2026-03-31") == ([], ("2026-02", "2026-03"))
    assert dq._segments("2025-12-31", "2026-01-31") == ([("2025-12-31", "2025-12-31")], ("2026-01", "2026-01"))


def test_hourly_series_counts_every_pair(ro) -> None:
    f = period(7)
    rows = dq.series(ro, f, "hour")
    assert sum(r["mentions"] for r in rows) == dq.selection_size(ro, f)
    assert all(r["bucket"].endswith(":00:00Z") for r in rows)
    with pytest.raises(ValueError):
        dq.series(ro, period(60), "hour")


def test_motivation_totals_match(ro) -> None:
    f = period(365, brands=("Ondéa",))
    got = {r["label"]: r["mentions"] for r in dq.label_totals(ro, f, "motivation")}
    want = dict(ro.execute(
        "SELECT mm.motivation, count(*) FROM brand_mentions b JOIN mention_motivations mm ON mm.mention_id = b.mention_id "
        "WHERE b.brand = 'Ondéa' AND b.day BETWEEN ? AND ? GROUP BY 1", (f.start, f.end)).fetchall())
    assert got == want
    by_month = dq.label_totals(ro, f, "motivation", "month")
    assert sum(r["mentions"] for r in by_month) == sum(want.values())
    assert all(r["month"].endswith("-01") for r in by_month)


@pytest.mark.parametrize("sort", ["date", "reach"])
def test_listing_is_distinct_sorted_paged_and_plan_independent(ro, monkeypatch, sort) -> None:
    f = period(365, brands=("Ondéa", "Voltéo", "Fibrane"))
    pages = [dq.list_mentions(ro, f, sort=sort, limit=40, offset=k * 40)["rows"] for k in range(3)]
    ids = [r["id"] for page in pages for r in page]
    assert len(ids) == len(set(ids)) == 120
    key = "published_at" if sort == "date" else "reach"
    values = [r[key] for page in pages for r in page]
    assert values == sorted(values, reverse=True)
    assert all(set(r["brands"].split(", ")) & set(f.brands) for page in pages for r in page)
    monkeypatch.setattr(dq, "ORDERED_SCAN_MIN", 10**9)  # force the collect-and-sort plan
    assert [r["id"] for r in dq.list_mentions(ro, f, sort=sort, limit=120)["rows"]] == ids


def test_search_uses_the_brand_query_language(ro, monkeypatch) -> None:
    query = parse_query('"service client" OR remboursement*')
    page = dq.list_mentions(ro, period(365), search=query.text, limit=200)
    assert page["rows"] and not page["capped"]
    assert all(query.matches(f"{r['title'] or ''} {r['text']}") for r in page["rows"])
    monkeypatch.setattr(dq, "SEARCH_CAP", 10)
    assert dq.list_mentions(ro, period(365), search=query.text, limit=5)["capped"]


def test_a_search_in_braces_keeps_only_the_mentions_written_with_that_case(ro, populated_template, tmp_path) -> None:
    """FTS5 cannot see case: the collectors' matcher (`veille_match`) narrows what it found, on the Mentions page
    and in `veille export --query` alike."""
    def written(rows: list[dict]) -> set[str]:
        return {r["id"] for r in rows if re.search(r"\bApr[eè]s\b", f"{r['title'] or ''}\n{r['text']}")}

    def page(search: str) -> list[dict]:
        return dq.list_mentions(ro, period(365), search=search, limit=500)["rows"]

    def export(query: str) -> list[dict]:
        out = tmp_path / "export.jsonl"
        assert main(["export", "--db", str(populated_template), "-o", str(out), "--query", query]) == 0
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    for found in (page, export):
        every, cased = found("après"), found("{Après}")
        assert 0 < len(cased) < len(every) and {r["id"] for r in cased} == written(every), found.__name__

def test_topic_drill_down(ro) -> None:
    f = period(365)
    for topic in (("category", "price"), ("LOC", "Brest")):
        rows = dq.list_mentions(ro, f, topic=topic, limit=30)["rows"]
        assert rows and all(topic in r["topics"] for r in rows)


def test_topic_counts_are_exact_on_a_small_selection_and_estimated_on_a_sample(ro) -> None:
    f = period(365, brands=("Ondéa",))
    exact = dq.topic_counts(ro, f, ("category", "keyphrase"))
    assert exact["rate"] == 1 and exact["pairs"] == dq.selection_size(ro, f)
    want = dict(ro.execute(
        "SELECT t.value, count(*) FROM brand_mentions b JOIN mention_topics t ON t.mention_id = b.mention_id "
        "WHERE b.brand = 'Ondéa' AND b.day BETWEEN ? AND ? AND t.kind = 'category' GROUP BY 1",
        (f.start, f.end)).fetchall())
    assert {r["value"]: r["n"] for r in exact["rows"] if r["kind"] == "category"} == want
    sampled = dq.topic_counts(ro, period(365), ("category",), sample=800)
    assert 0 < sampled["rate"] < 1
    top = dq.top_topics(sampled, ("category",), limit=3)
    truth = dict(ro.execute("SELECT t.value, count(*) FROM brand_mentions b JOIN mention_topics t "
                            "ON t.mention_id = b.mention_id WHERE t.kind = 'category' AND b.day >= ? GROUP BY 1",
                            (period(365).start,)).fetchall())
    for r in top:
        assert r["mentions"] == pytest.approx(truth[r["value"]], rel=0.35)


def test_trending_finds_a_burst(tmp_path) -> None:
    """A theme that appears this week and was absent before trends; one that follows the volume does not."""
    conn = storage.connect(tmp_path / "t.db")
    conn.execute("INSERT INTO sources (name, type, updated_at) VALUES ('s', 'rss', 'x')")
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)  # any hour keeps its UTC day
    rows = []
    for i in range(400):
        days_ago = i % 14
        when = (midnight - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
        topics = ["tarif"] + (["panne géante"] if days_ago < 7 and i % 3 == 0 else [])
        rows.append((f"m{i}", when, topics))
    for mid, when, topics in rows:
        conn.execute("INSERT INTO mentions (id, platform, source, text, published_at, collected_at) "
                     "VALUES (?, 'rss', 's', 't', ?, ?)", (mid, when, when))
        conn.executemany("INSERT INTO mention_topics (mention_id, kind, value) VALUES (?, 'keyphrase', ?)",
                         [(mid, t) for t in topics])
        conn.execute("INSERT INTO mention_brands VALUES (?, 'B')", (mid,))
    f = period(7)
    current, before = dq.topic_counts(conn, f), dq.topic_counts(conn, f.previous())
    rising = dq.trending_topics(current, before, ("keyphrase",))
    assert [r["value"] for r in rising] == ["panne géante"]
    assert rising[0]["change"] is None and rising[0]["previous"] == 0
    conn.close()


def test_category_totals_with_a_motivation_filter(ro) -> None:
    f = period(365, brands=("Ondéa",), motivations=("recommendation",))
    got = {r["label"]: r["mentions"] for r in dq.category_totals(ro, f)["rows"]}
    want = dict(ro.execute(
        "SELECT t.value, count(*) FROM brand_mentions b JOIN mention_topics t ON t.mention_id = b.mention_id "
        "JOIN mention_motivations mm ON mm.mention_id = b.mention_id AND mm.motivation = 'recommendation' "
        "WHERE b.brand = 'Ondéa' AND b.day BETWEEN ? AND ? AND t.kind = 'category' GROUP BY 1",
        (f.start, f.end)).fetchall())
    assert got == want


def test_export_is_flat_and_capped(ro) -> None:
    rows = dq.export_mentions(ro, period(365), cap=50)
    assert len(rows) == 50
    assert list(spreadsheet_rows(EXPORT_COLUMNS, rows)[0]) == [c.french for c in EXPORT_COLUMNS]


@pytest.mark.parametrize("search,sort", [(None, "date"), (None, "reach"), ("livraison OR prix", "reach")])
def test_export_has_the_page_order(ro, search: str | None, sort: str) -> None:
    page = dq.list_mentions(ro, period(365), search=search, sort=sort, limit=40)["rows"]
    assert len(page) == 40
    assert [r["id"] for r in dq.export_mentions(ro, period(365), search=search, sort=sort, cap=40)] == \
        [r["id"] for r in page]


def test_filter_options_and_alerts(ro) -> None:
    options = dq.filter_options(ro)
    assert options["own"] == "Ondéa" and options["brands"][0] == "Ondéa" and len(options["brands"]) == 10
    assert "fr" == options["langs"][0] and "rss" in options["platforms"]
    assert options["first_day"] < options["last_day"]
    assert dq.count_alerts(ro, "open") + dq.count_alerts(ro, "acknowledged") + dq.count_alerts(ro, "resolved") \
        == dq.count_alerts(ro)
    markers = dq.alert_markers(ro, period(365, brands=("Ondéa",)))
    assert markers and {m["brand"] for m in markers} == {"Ondéa"}


# --- own brand first, who is talking -----------------------------------------------------------------


def test_key_figures_put_the_own_brand_first_with_its_competitors(ro) -> None:
    f = period(90)
    figures = dq.key_figures(ro, f, "Ondéa")
    rows = figures["brands"]
    assert rows[0]["brand"] == "Ondéa" and rows[0]["own"] and not any(r["own"] for r in rows[1:])
    expected = expected_per_brand(ro, f)
    assert {r["brand"]: (r["mentions"], r["reach"]) for r in rows} == expected
    assert sum(r["share"] for r in rows) == pytest.approx(100.0)
    before = expected_per_brand(ro, f.previous())
    own = rows[0]
    assert own["mentions_change"] == pytest.approx(100 * (expected["Ondéa"][0] - before["Ondéa"][0]) / before["Ondéa"][0])
    counts = own["positive"] + own["neutral"] + own["mixed"] + own["negative"]  # mixed ones are analysed
    assert own["net"] == pytest.approx(100 * (own["positive"] - own["negative"]) / counts)
    alone = dq.key_figures(ro, period(90, brands=("Ondéa",)), "Ondéa")["brands"]
    assert len(alone) == 1 and alone[0]["share"] == 100.0 and alone[0]["share_change"] is None


def test_what_changed_names_where_the_negative_rose(ro) -> None:
    f = period(30)
    changed = dq.what_changed(ro, f, "Ondéa")
    assert changed["figures"]["brand"] == "Ondéa"
    assert changed["open_alerts"] == dq.count_alerts(ro, "open", ("Ondéa",))
    for key in ("category", "platform"):
        rising = changed[key]
        if rising is not None:
            assert rising["negative"] - rising["previous"] >= max(3, 0.2 * rising["previous"])


def test_to_handle_lists_the_own_brands_widest_negative_mentions(ro) -> None:
    f = period(365)
    rows = dq.to_handle(ro, f, "Ondéa", limit=5)
    assert len(rows) == 5
    reaches = [r["reach"] for r in rows]
    assert reaches == sorted(reaches, reverse=True)
    widest = ro.execute("SELECT max(reach) FROM brand_mentions WHERE brand = 'Ondéa' AND sentiment = 'negative' "
                        "AND day >= ?", (f.start,)).fetchone()[0]
    assert reaches[0] == widest
    for r in rows:
        assert "Ondéa" in r["brands"] and {"author_name", "author_handle", "publication", "url"} <= set(r)


def test_count_mentions_counts_a_mention_naming_two_brands_once(ro, monkeypatch) -> None:
    f = period(365)
    distinct = ro.execute("SELECT count(DISTINCT mention_id) FROM brand_mentions WHERE day >= ?",
                          (f.start,)).fetchone()[0]
    assert dq.count_mentions(ro, f) == {"mentions": distinct, "exact": True}
    assert distinct < dq.selection_size(ro, f)
    monkeypatch.setattr(dq, "DISTINCT_EXACT_MAX", 10)
    estimate = dq.count_mentions(ro, f)
    assert not estimate["exact"] and estimate["mentions"] == pytest.approx(distinct, rel=0.1)


def expected_voices(conn, f: dq.Filters, kind: str) -> dict[str, tuple[int, int]]:
    """(mentions, reach) per author or medium of the selection, by a plain GROUP BY over the views."""
    voice = ("CASE WHEN coalesce(m.author_handle, m.author_name, '') = '' THEN NULL ELSE m.platform || ':' || "
             "lower(coalesce(nullif(trim(m.author_handle), ''), trim(m.author_name))) END") if kind == "author" \
        else "m.publication"
    where, params = ["b.day >= ?", "b.day <= ?"], [f.start, f.end]
    if f.brands:
        where.append(f"b.brand IN ({','.join('?' * len(f.brands))})")
        params += f.brands
    if f.sentiments:
        where.append(f"coalesce(b.sentiment, '') IN ({','.join('?' * len(f.sentiments))})")
        params += f.sentiments
    rows = conn.execute(f"SELECT {voice} AS v, count(*), sum(b.reach) FROM brand_mentions b "
                        f"JOIN mentions m ON m.id = b.mention_id WHERE {' AND '.join(where)} AND v IS NOT NULL "
                        "GROUP BY v", params)
    return {v: (n, r) for v, n, r in rows}


@pytest.mark.parametrize("f", [period(30), period(365), period(365, brands=("Ondéa",), sentiments=("negative",))],
                         ids=["30j", "12m", "12m-ondea-negatif"])
@pytest.mark.parametrize("plan", ["direct", "bounded"])
def test_voice_rankings_equal_a_fresh_group_by(ro, monkeypatch, f, plan) -> None:
    if plan == "bounded":  # the early-stopping search over dash_voices, with small batches
        monkeypatch.setattr(dq, "VOICE_DIRECT_MAX", 0)
        monkeypatch.setattr(dq, "VOICE_BATCH", 7)
        monkeypatch.setattr(dq, "VOICE_BATCHES", 10_000)
    for kind in ("author", "medium"):
        truth = expected_voices(ro, f, kind)
        for by, pick in (("reach", lambda v: (-v[1][1], v[0])), ("mentions", lambda v: (-v[1][0], -v[1][1], v[0]))):
            found = dq.voices(ro, f, kind, by, limit=10)
            assert found["bound"] is None
            ranked = sorted(truth.items(), key=pick)[:10]
            column = 1 if by == "reach" else 0
            assert [r[by] for r in found["top"]] == [v[column] for _, v in ranked]
            for r in found["top"]:
                assert (r["mentions"], r["reach"]) == truth[r["voice"]]
                assert r["positive"] + r["neutral"] + r["negative"] <= r["mentions"]


def test_new_voices_were_never_seen_before_the_period(ro) -> None:
    f = period(30)
    found = dq.voices(ro, f, "author", "reach", limit=20)
    assert found["new"]
    for r in found["new"]:
        before = ro.execute("SELECT count(*) FROM dash_facts WHERE author = ? AND published_at < ?",
                            (r["voice"], f.time_range[0])).fetchone()[0]
        assert before == 0
    truth = ro.execute("""
        SELECT author, sum(reach) AS r FROM dash_facts WHERE author != '' AND published_at >= ? AND published_at < ?
          AND author NOT IN (SELECT author FROM dash_facts WHERE published_at < ?)
        GROUP BY author ORDER BY r DESC, author LIMIT 20""", (*f.time_range, f.time_range[0])).fetchall()
    assert [r["reach"] for r in found["new"]] == [r[1] for r in truth]


def test_a_voices_mentions(ro) -> None:
    f = period(365)
    top = dq.voices(ro, f, "medium", "mentions", limit=1)["top"][0]
    rows = dq.voice_mentions(ro, f, "medium", top["voice"], limit=30)
    assert len(rows) == min(30, top["mentions"]) and all(r["publication"] == top["voice"] for r in rows)
    dates = [r["published_at"] for r in rows]
    assert dates == sorted(dates, reverse=True)
