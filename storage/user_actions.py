"""The only writes the dashboard makes besides alert status: a user's correction of a mention's sentiment
or share motivations.

Sentiment corrections live in `sentiment_overrides`: the analyst views and the dashboard summaries prefer
them to the model's label (triggers of migration 0100 refresh the summaries), and `train-sentiment` learns
from them. Motivation corrections live in `motivation_overrides` and are written into `mention_motivations`
(migration 0130), so every view shows them; `train-motivations` learns from them.
Acknowledging/resolving an alert is `storage.alerts.set_alert_status`.
"""

from __future__ import annotations

import json
import sqlite3

from storage.db import transaction, utcnow
from storage.labels import MOTIVATIONS, SENTIMENTS


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
