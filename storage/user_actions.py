"""The only writes the dashboard makes besides alert status: a user's correction of a mention's sentiment
(toward each brand, and of the text as a whole) or share motivations.

Sentiment corrections live in `brand_sentiment_overrides` (toward a brand: the dashboard summaries, the alerts,
the report and `brand_mentions` prefer them to the model's label, triggers of migration 0150 refresh the
summaries) and `sentiment_overrides` (the text as a whole: `mentions_tagged`); `train-sentiment` learns from
both. Motivation corrections live in `motivation_overrides` and are written into `mention_motivations`
(migration 0130), so every view shows them; `train-motivations` learns from them.
Acknowledging/resolving an alert is `storage.alerts.set_alert_status`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping

from storage.db import transaction, utcnow
from storage.filters import marks
from storage.labels import MOTIVATIONS, SENTIMENTS


class UserActionError(Exception):
    """A user action that cannot be done (unknown mention, unknown label); the message says why."""


def set_sentiment_overrides(
    conn: sqlite3.Connection, mention_id: str, sentiments: Mapping[str | None, str], by: str | None = None,
    cleared: Collection[str | None] = (),
) -> None:
    """Record (or replace) the user's sentiments for a mention and give `cleared` back to the model, in one
    transaction: key None is the text as a whole, a brand's name its sentiment toward that brand (what the
    dashboard, the alerts and the report count for it, migration 0150). Each answer keeps the model's label it
    answered (migration 0160): equal, it is a confirmation. Setting the same label again changes nothing."""
    for sentiment in sentiments.values():
        if sentiment not in SENTIMENTS:
            raise UserActionError(f"sentiment inconnu : {sentiment!r}. Valeurs possibles : {', '.join(SENTIMENTS)}")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM mentions WHERE id = ?", (mention_id,)).fetchone() is None:
            raise UserActionError(f"mention introuvable : {mention_id!r} (supprimée depuis l'affichage ?)")
        named = {r[0] for r in conn.execute("SELECT brand FROM mention_brands WHERE mention_id = ?", (mention_id,))}
        unknown = sorted(b for b in [*sentiments, *cleared] if b is not None and b not in named)
        if unknown:
            raise UserActionError(f"la mention {mention_id!r} ne concerne pas {', '.join(unknown)} : "
                                  f"marques possibles : {', '.join(sorted(named)) or 'aucune'}")
        _clear(conn, mention_id, cleared)
        now = utcnow()
        for brand, sentiment in sentiments.items():
            if brand is None:
                conn.execute(
                    "INSERT INTO sentiment_overrides (mention_id, sentiment, model_sentiment, corrected_at, "
                    f"corrected_by) VALUES (?, ?, ({_MODEL_WHOLE}), ?, ?) ON CONFLICT(mention_id) DO UPDATE SET "
                    "sentiment = excluded.sentiment, model_sentiment = excluded.model_sentiment, "
                    "corrected_at = excluded.corrected_at, corrected_by = excluded.corrected_by "
                    "WHERE sentiment_overrides.sentiment IS NOT excluded.sentiment",
                    (mention_id, sentiment, mention_id, now, by))
            else:
                conn.execute(
                    "INSERT INTO brand_sentiment_overrides (mention_id, brand, sentiment, model_sentiment, "
                    f"corrected_at, corrected_by) VALUES (?, ?, ?, ({_MODEL_BRAND}), ?, ?) ON CONFLICT(mention_id, "
                    "brand) DO UPDATE SET sentiment = excluded.sentiment, model_sentiment = excluded.model_sentiment, "
                    "corrected_at = excluded.corrected_at, corrected_by = excluded.corrected_by "
                    "WHERE brand_sentiment_overrides.sentiment IS NOT excluded.sentiment",
                    (mention_id, brand, sentiment, brand, mention_id, now, by))


# The model's label an answer answers, a mixed opinion as 'mixed'; a brand without its own label has the text's
# (as in the `brand_mentions` view).
_MODEL_WHOLE = ("SELECT CASE WHEN mixed = 1 THEN 'mixed' ELSE sentiment END FROM mention_tags "
                "WHERE mention_id = ? AND sentiment IS NOT NULL")
_MODEL_BRAND = ("SELECT CASE WHEN COALESCE(bs.mixed, t.mixed) = 1 THEN 'mixed' "
                "ELSE COALESCE(bs.sentiment, t.sentiment) END FROM mention_tags t "
                "LEFT JOIN brand_sentiments bs ON bs.mention_id = t.mention_id AND bs.brand = ? "
                "WHERE t.mention_id = ? AND COALESCE(bs.sentiment, t.sentiment) IS NOT NULL")


def clear_sentiment_overrides(conn: sqlite3.Connection, mention_id: str) -> bool:
    """Drop the user's sentiment answers of a mention (the text's and every brand's): the model's labels apply
    again. True when there was one."""
    with transaction(conn):
        return _clear(conn, mention_id, None) > 0


def _clear(conn: sqlite3.Connection, mention_id: str, answers: Collection[str | None] | None) -> int:
    """Delete the answers named (a brand; None for the text as a whole), every one when `answers` is None."""
    brands = None if answers is None else [b for b in answers if b is not None]
    removed = 0
    if answers is None or None in answers:
        removed += conn.execute("DELETE FROM sentiment_overrides WHERE mention_id = ?", (mention_id,)).rowcount
    if brands is None:
        removed += conn.execute("DELETE FROM brand_sentiment_overrides WHERE mention_id = ?", (mention_id,)).rowcount
    elif brands:
        removed += conn.execute(f"DELETE FROM brand_sentiment_overrides WHERE mention_id = ? AND brand {marks(brands)}",
                                (mention_id, *brands)).rowcount
    return removed


def set_motivation_override(
    conn: sqlite3.Connection, mention_id: str, motivations: list[str] | set[str], by: str | None = None
) -> None:
    """Record (or replace) the user's motivations for a mention (none is a valid answer) and show them."""
    unknown = sorted(set(motivations) - set(MOTIVATIONS))
    if unknown:
        raise UserActionError(f"motivation inconnue : {', '.join(unknown)}. Valeurs possibles : {', '.join(MOTIVATIONS)}")
    chosen = [m for m in MOTIVATIONS if m in motivations]
    with transaction(conn):
        if conn.execute("SELECT 1 FROM mentions WHERE id = ?", (mention_id,)).fetchone() is None:
            raise UserActionError(f"mention introuvable : {mention_id!r} (supprimée depuis l'affichage ?)")
        model = dict(conn.execute("SELECT motivation, confidence FROM mention_motivations WHERE mention_id = ?",
                                  (mention_id,)).fetchall())
        conn.execute(
            "INSERT INTO motivation_overrides (mention_id, motivations, model_motivations, corrected_at, corrected_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(mention_id) DO UPDATE SET motivations = excluded.motivations, "
            "corrected_at = excluded.corrected_at, corrected_by = excluded.corrected_by "
            "WHERE motivation_overrides.motivations IS NOT excluded.motivations",
            (mention_id, json.dumps(chosen), json.dumps(model), utcnow(), by),
        )
        _show_motivations(conn, mention_id, dict.fromkeys(chosen, 1.0))


def clear_motivation_override(conn: sqlite3.Connection, mention_id: str) -> bool:
    """Drop the user's correction: the tagger's motivations are shown again. True when there was one."""
    with transaction(conn):
        row = conn.execute("SELECT model_motivations FROM motivation_overrides WHERE mention_id = ?",
                           (mention_id,)).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM motivation_overrides WHERE mention_id = ?", (mention_id,))
        _show_motivations(conn, mention_id, json.loads(row[0]))
    return True


def _show_motivations(conn: sqlite3.Connection, mention_id: str, motivations: dict[str, float]) -> None:
    """Make `mention_motivations` hold exactly these {motivation: confidence} (the dashboard triggers move the
    summaries; rows already right are left alone)."""
    conn.execute(f"DELETE FROM mention_motivations WHERE mention_id = ? AND motivation NOT IN "
                 f"({','.join('?' * len(motivations))})", (mention_id, *motivations))
    conn.executemany("INSERT OR IGNORE INTO mention_motivations (mention_id, motivation, confidence) VALUES (?, ?, ?)",
                     [(mention_id, m, c) for m, c in motivations.items()])
