"""The only writes the dashboard makes besides alert status: a user's correction of a mention's sentiment.

Corrections live in `sentiment_overrides`: the analyst views and the dashboard summaries prefer them
to the model's label (triggers of migration 0100 refresh the summaries), and `train-sentiment` learns
from them. Acknowledging/resolving an alert is `storage.alerts.set_alert_status`.
"""

from __future__ import annotations

import sqlite3

from storage.db import transaction, utcnow

SENTIMENTS = ("positive", "neutral", "negative")


class UserActionError(Exception):
    """A user action that cannot be done (unknown mention, unknown label); the message says why."""


def set_sentiment_override(
    conn: sqlite3.Connection, mention_id: str, sentiment: str, by: str | None = None
) -> None:
    """Record (or replace) the user's sentiment for a mention; setting the same label again changes nothing."""
    if sentiment not in SENTIMENTS:
        raise UserActionError(f"sentiment inconnu : {sentiment!r}. Valeurs possibles : {', '.join(SENTIMENTS)}")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM mentions WHERE id = ?", (mention_id,)).fetchone() is None:
            raise UserActionError(f"mention introuvable : {mention_id!r} (supprimée depuis l'affichage ?)")
        conn.execute(
            "INSERT INTO sentiment_overrides (mention_id, sentiment, corrected_at, corrected_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(mention_id) DO UPDATE SET sentiment = excluded.sentiment, "
            "corrected_at = excluded.corrected_at, corrected_by = excluded.corrected_by "
            "WHERE sentiment_overrides.sentiment IS NOT excluded.sentiment",
            (mention_id, sentiment, utcnow(), by),
        )


def clear_sentiment_override(conn: sqlite3.Connection, mention_id: str) -> bool:
    """Drop the user's correction: the model's label applies again. True when there was one."""
    with transaction(conn):
        cur = conn.execute("DELETE FROM sentiment_overrides WHERE mention_id = ?", (mention_id,))
    return cur.rowcount > 0
