"""Huge and undated mentions on the dashboard (issue 12, defects 5 and 10), through Streamlit's AppTest.

A 1 MB title froze the Mentions page in Chromium for 100 s: no page ever receives a string longer than the
storage limits (docs/schema.md), even from rows written before those limits existed. Undated mentions are
listed apart on the Mentions page, as « date inconnue ».
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd

import storage
from storage.collect_writes import save_batch, sync_source
from storage.db import utcnow
from storage.records import LIMITS, Batch, Mention

YEAR = {"periode": "12 derniers mois"}
HUGE = "Titre " + "démesuré " * 120_000  # ~1 MB
# the longest string a page may show: the text limit, plus a title and a separator in the table's Texte column
LONGEST = LIMITS["title"] + 3 + LIMITS["text"]


def longest_string(at) -> int:
    """The longest string any element of the run shows (texts, captions, markdown, every dataframe cell)."""
    sizes = [len(str(e.value)) for kind in ("text", "caption", "markdown", "info", "warning", "subheader")
             for e in getattr(at, kind)]
    for frame in at.dataframe:
        df: pd.DataFrame = frame.value
        sizes += [len(v) for col in df.columns for v in df[col] if isinstance(v, str)]
    return max(sizes, default=0)


def brand_of(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT name FROM brands ORDER BY own DESC, name LIMIT 1").fetchone()[0]


def test_a_huge_title_never_reaches_the_mentions_page(app, populated_db: Path) -> None:
    brand = brand_of(populated_db)
    conn = storage.connect(populated_db)
    sync_source(conn, "hostile", "rss", {})
    fresh = Mention(id="rss:huge-new", platform="rss", source="hostile", text="Texte court.", title=HUGE,
                    author_name="A" * 500_000, published_at=utcnow(), brands=[brand])
    save_batch(conn, "hostile", "t", Batch([fresh], {}), utcnow(), None)  # bounded when saved
    old = Mention(id="rss:huge-old", platform="rss", source="hostile", text="Texte.", published_at=utcnow(),
                  brands=[brand])
    save_batch(conn, "hostile", "t", Batch([old], {}), utcnow(), None)
    conn.execute("UPDATE mentions SET title = ? WHERE id = 'rss:huge-old'", (HUGE,))  # as an older version stored it
    conn.close()

    at = app(populated_db, "mentions", query=YEAR)
    assert not at.exception, [e.value for e in at.exception]
    shown = at.dataframe[0].value["Texte"]
    assert any(t.startswith("Titre démesuré") for t in shown)  # both are listed…
    assert longest_string(at) <= LONGEST  # …cut to their limits


def test_a_huge_title_never_reaches_the_alert_detail(app, populated_db: Path) -> None:
    """The alert shows its influential mentions as they are now in the database: one stored by an older
    version with a 1 MB title and a 100 KB link is cut to its limits there too."""
    conn = storage.connect(populated_db)
    sync_source(conn, "hostile", "rss", {})
    old = Mention(id="rss:huge-influential", platform="rss", source="hostile", text="Texte.", published_at=utcnow(),
                  brands=[brand_of(populated_db)])
    save_batch(conn, "hostile", "t", Batch([old], {}), utcnow(), None)
    conn.execute("UPDATE mentions SET title = ?, text = ?, url = ? WHERE id = ?",
                 (HUGE, "t" * 300_000, "https://presse.example/" + "a" * 100_000, old.id))
    alert_id, explanation = conn.execute("SELECT id, explanation FROM alerts ORDER BY id LIMIT 1").fetchone()
    explanation = json.loads(explanation)
    explanation["mentions"] = [{"id": old.id}]
    conn.execute("UPDATE alerts SET explanation = ? WHERE id = ?", (json.dumps(explanation), alert_id))
    conn.close()
    at = app(populated_db, "alerts", query={"alert": str(alert_id)})
    assert not at.exception, [e.value for e in at.exception]
    table = next(f.value for f in at.dataframe if "Texte" in f.value.columns)
    assert table["Texte"].iloc[0].startswith("Titre démesuré")
    assert longest_string(at) <= LONGEST


def test_undated_mentions_are_listed_apart_as_date_inconnue(app, populated_db: Path) -> None:
    brand = brand_of(populated_db)
    conn = storage.connect(populated_db)
    sync_source(conn, "archives", "rss", {})
    undated = [Mention(id=f"rss:sans-date-{i}", platform="rss", source="archives", text=f"Article ancien {i}.",
                       title=f"Archive {i}", date_source="unknown", brands=[brand]) for i in range(3)]
    save_batch(conn, "archives", "t", Batch(undated, {}), utcnow(), None)
    conn.close()

    at = app(populated_db, "mentions", query=YEAR)
    assert not at.exception, [e.value for e in at.exception]
    assert any("Mentions sans date de publication (3)" in e.label for e in at.expander)
    table = next(f.value for f in at.dataframe if f.value["Texte"].str.startswith("Archive").any())
    assert set(table["Date"]) == {"date inconnue"} and len(table) == 3
    dated = at.dataframe[0].value  # the main table, by period, holds none of them
    assert not dated["Texte"].str.startswith("Archive").any()
