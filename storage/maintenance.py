"""Data lifecycle: consistent backups while collectors write, pruning old mentions, compaction.

Backups use SQLite's online backup API in ONE step: the source is read inside a single read
transaction, which in WAL mode is a consistent snapshot that never blocks writers (a stepped
backup would restart every time another connection commits, and might never finish under cron).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from storage.db import DatabaseError, open_readonly, transaction

PRUNE_BATCH = 2000  # mentions per transaction: keeps the WAL small and other writers' waits short


@dataclass
class BackupReport:
    path: Path
    size: int  # bytes
    mentions: int


def backup_database(source: Path, dest: Path) -> BackupReport:
    """Copy `source` to `dest` consistently, check the copy, then move it in place atomically.

    The copy is written next to `dest` under a temporary name, switched to the rollback journal
    (a single self-contained file, openable read-only or `immutable`), checked with
    `PRAGMA integrity_check` and the FTS5 index check, and only then renamed to `dest`: a
    failed backup never replaces a good one. Overwriting is the caller's decision.
    """
    dest = Path(dest)
    if dest.resolve() == Path(source).resolve():
        raise DatabaseError(f"la sauvegarde ne peut pas remplacer la base elle-même ({source}) : choisissez un autre fichier.")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)  # dated folders: sauvegardes/2026-11-27/veille.db
    except OSError as exc:
        raise DatabaseError(f"impossible de créer le dossier de sauvegarde {dest.parent} : {exc.strerror}. "
                            "Vérifiez le chemin et les droits d'écriture.") from exc
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    src = open_readonly(source)
    try:
        copy = sqlite3.connect(tmp, isolation_level=None)
        try:
            src.backup(copy)  # pages=-1: one step, one snapshot
            copy.execute("PRAGMA journal_mode = DELETE")
            problems = _integrity_problems(copy)
            if problems:
                raise DatabaseError(f"la copie n'est pas intègre ({'; '.join(problems[:5])}). {_damaged(source)}")
            mentions = copy.execute("SELECT count(*) FROM mentions").fetchone()[0]
        finally:
            copy.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
        directory = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)
    except sqlite3.DatabaseError as exc:
        hint = _damaged(source) if "malformed" in str(exc) or "not a database" in str(exc) else (
            "Vérifiez l'espace disque et les droits d'écriture du dossier de sauvegarde.")
        raise DatabaseError(f"sauvegarde vers {dest} impossible : {exc}. {hint}") from exc
    finally:
        src.close()
        tmp.unlink(missing_ok=True)
    return BackupReport(dest, dest.stat().st_size, mentions)


def _damaged(source: Path) -> str:
    return (f"La base {source} est sans doute endommagée : gardez vos sauvegardes précédentes, vérifiez-la avec "
            f"`sqlite3 {source} 'PRAGMA integrity_check'` et récupérez ce qui peut l'être avec `.recover`.")


def _integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """Messages from `integrity_check` and the FTS5 index check; empty when the file is sound."""
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    if not problems:
        try:
            conn.execute("INSERT INTO mentions_fts(mentions_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"index plein texte : {exc}")
    return problems


# --- Pruning ---


@dataclass
class PruneReport:
    """Rows deleted (or that would be, in a dry run) per table, and corrected mentions kept."""

    cutoff: str
    deleted: dict[str, int] = field(default_factory=dict)
    kept_corrected: int = 0


def mention_children(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, column) of every table whose rows belong to a mention, found from the foreign keys.

    Discovered rather than listed so tables added by later migrations are pruned too. The brand
    links come first: the dashboard summaries (migration 0100) are keyed by (mention, brand) and
    drop a mention's rows when its links go, so the later deletes have nothing left to refresh
    (20 % faster on 100k mentions than alphabetical order). Before them only the rows that belong to a
    brand link (`brand_sentiment_overrides`, migration 0150), which would otherwise go by cascade, uncounted.
    """
    rows = conn.execute(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
        "WHERE m.type = 'table' AND f.\"table\" = 'mentions' AND f.\"to\" = 'id' "
        "ORDER BY NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) g WHERE g.\"table\" = 'mention_brands'), "
        "m.name != 'mention_brands', m.name"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


# An undated mention (published_at NULL, migration 0103) ages from its collection.
_OLDER = "(m.published_at < :cutoff OR (m.published_at IS NULL AND m.collected_at < :cutoff))"


# A user's corrections: the mentions they label are training data, kept by a prune unless asked otherwise.
CORRECTIONS = ("sentiment_overrides", "brand_sentiment_overrides", "motivation_overrides")
_CORRECTED = " OR ".join(f"EXISTS (SELECT 1 FROM {table} o WHERE o.mention_id = m.id)" for table in CORRECTIONS)


def _candidates(keep_corrected: bool) -> str:
    sql = f"SELECT id FROM mentions m WHERE {_OLDER}"
    if keep_corrected:
        sql += f" AND NOT ({_CORRECTED})"
    return sql


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def plan_prune(conn: sqlite3.Connection, cutoff: str, keep_corrected: bool = True) -> PruneReport:
    """What `prune_mentions` would delete, counted without writing (works on a read-only connection)."""
    report = PruneReport(cutoff)
    params = {"cutoff": cutoff}
    report.deleted["mentions"] = conn.execute(f"SELECT count(*) FROM ({_candidates(keep_corrected)})",
                                              params).fetchone()[0]
    for table, column in mention_children(conn):
        report.deleted[table] = conn.execute(
            f"SELECT count(*) FROM {_quote(table)} WHERE {_quote(column)} IN ({_candidates(keep_corrected)})",
            params,
        ).fetchone()[0]
    report.deleted.update(_audit_counts(conn, cutoff))
    if keep_corrected:
        report.kept_corrected = _kept_corrected(conn, cutoff)
    return report


def prune_mentions(
    conn: sqlite3.Connection, cutoff: str, keep_corrected: bool = True, batch_size: int = PRUNE_BATCH
) -> PruneReport:
    """Delete mentions published before `cutoff` (UTC ISO-8601) with every row that belongs to them.

    Alerts and their notifications are kept (they are the incident history); mentions a user
    corrected are kept unless `keep_corrected` is False (they are labelled training data for
    `veille train-sentiment`). Audit rows (`fetches`, finished `runs`) older than the cutoff go too.
    Each batch is its own transaction: an interrupted prune leaves a consistent database and
    simply resumes when run again. The FTS5 index follows through the delete trigger.
    """
    report = PruneReport(cutoff)
    children = mention_children(conn)
    totals = dict.fromkeys(["mentions", *(t for t, _ in children)], 0)
    select = _candidates(keep_corrected) + " ORDER BY m.published_at LIMIT :limit"
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS prune_batch (id TEXT PRIMARY KEY)")
    try:
        while True:
            with transaction(conn):
                conn.execute("DELETE FROM temp.prune_batch")
                conn.execute(f"INSERT INTO temp.prune_batch (id) {select}", {"cutoff": cutoff, "limit": batch_size})
                # Children first, explicitly: exact counts, and no orphans even on a connection
                # opened without `PRAGMA foreign_keys` (the ON DELETE CASCADE is the safety net).
                for table, column in children:
                    totals[table] += conn.execute(
                        f"DELETE FROM {_quote(table)} WHERE {_quote(column)} IN (SELECT id FROM temp.prune_batch)"
                    ).rowcount
                deleted = conn.execute("DELETE FROM mentions WHERE id IN (SELECT id FROM temp.prune_batch)").rowcount
            totals["mentions"] += deleted
            if deleted < batch_size:
                break
        with transaction(conn):
            totals.update(_delete_audit(conn, cutoff))
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.prune_batch")
    report.deleted = totals
    if keep_corrected:
        report.kept_corrected = _kept_corrected(conn, cutoff)
    return report


def _kept_corrected(conn: sqlite3.Connection, cutoff: str) -> int:
    return conn.execute(
        f"SELECT count(*) FROM mentions m WHERE {_OLDER} AND ({_CORRECTED})",
        {"cutoff": cutoff},
    ).fetchone()[0]


_AUDIT = {
    "fetches": "FROM fetches WHERE started_at < :cutoff",
    "runs": "FROM runs WHERE started_at < :cutoff AND status != 'running'",
}


def _audit_counts(conn: sqlite3.Connection, cutoff: str) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) {w}", {"cutoff": cutoff}).fetchone()[0] for t, w in _AUDIT.items()}


def _delete_audit(conn: sqlite3.Connection, cutoff: str) -> dict[str, int]:
    return {t: conn.execute(f"DELETE {w}", {"cutoff": cutoff}).rowcount for t, w in _AUDIT.items()}


def optimize(conn: sqlite3.Connection, vacuum: bool = False) -> None:
    """Refresh the planner statistics; with `vacuum`, also merge the FTS index and give space back to the disk.

    VACUUM rewrites the whole file (through the WAL): it needs free space about the size of
    the database and makes other writers wait until it ends.
    """
    if vacuum:
        with transaction(conn):
            conn.execute("INSERT INTO mentions_fts(mentions_fts) VALUES ('optimize')")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA optimize")
