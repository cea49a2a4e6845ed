"""Opening the database: WAL, busy timeout, foreign keys, migrations; read-only for readers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from storage.migrations import migrations

BUSY_TIMEOUT_MS = 30_000


class DatabaseError(Exception):
    """A database problem the user can fix (path, permissions, disk full); the message says how."""


def utcnow() -> str:
    """Now, UTC, ISO-8601 with seconds: the format of every `*_at` column."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


def connect(path: str | Path, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the database for writing, in WAL mode, migrated to the latest schema.

    The connection is in autocommit mode (`isolation_level=None`): writers group their
    statements with `transaction(conn)`.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"impossible de créer le dossier de la base {path.parent} : {exc.strerror}") from exc
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            apply_migrations(conn)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(
            f"base de données {path} inutilisable : {exc}. Vérifiez le chemin (--db, VEILLE_DB ou "
            "[database] path dans veille.toml), les droits d'écriture sur le fichier et son dossier, "
            "et l'espace disque."
        ) from exc
    return conn


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an existing database read-only (dashboard, analysts): it never blocks the writer in WAL mode."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"base de données introuvable : {path}. Lancez `veille collect` ou `veille demo` d'abord.")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    _configure(conn)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception: all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations in order, each in its own transaction; return the names applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    applied = []
    for name, sql in migrations():
        if name in done:
            continue
        with transaction(conn):
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, utcnow()))
        applied.append(name)
    return applied


def _split_sql(sql: str) -> list[str]:
    """Split a script into statements (triggers contain `;` inside BEGIN … END)."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--") and not current.strip():
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
