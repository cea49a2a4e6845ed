"""Opening the database: WAL, busy timeout, foreign keys, migrations; read-only for readers."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from storage.migrations import migrations
from storage.query import Query, parse_query

BUSY_TIMEOUT_MS = 30_000


class DatabaseError(Exception):
    """A database problem the user can fix (path, permissions); the message says how."""


class DiskFull(Exception):
    """No room left to write the database (or its lock, WAL); the message gives the free space and the fix."""


def utcnow() -> str:
    """Now, UTC, ISO-8601 with seconds: the format of every `*_at` column."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=64)
def _query(text: str) -> Query:
    return parse_query(text)


def _query_match(query: str, title: str | None, text: str | None) -> bool:
    """SQL `veille_match(query, title, text)`: a mention as the collectors match it, with the case of a `{Total}`
    that FTS5 cannot see (`storage.filters.search_condition`)."""
    return _query(query).matches(f"{title or ''}\n{text or ''}")


def _configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.create_function("veille_match", 3, _query_match, deterministic=True)
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
        if is_disk_full(exc):
            raise DiskFull(disk_full_message(path)) from exc
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
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception: all or nothing.

    SQLite may have rolled back by itself (a full disk does that): the original error is what the
    user needs, never "cannot rollback - no transaction is active".
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the error being raised says why; SQLite undoes the transaction when the file is reopened
        raise


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error means there is no room left to write (SQLite's SQLITE_FULL, or ENOSPC/EDQUOT)."""
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def disk_full_message(path: str | Path) -> str:
    """French explanation of a full disk, with the free space left where the database lives."""
    folder = Path(path).resolve().parent
    try:
        free = f"{shutil.disk_usage(folder).free / 1e6:.1f}".replace(".", ",") + " Mo libres"
    except OSError:
        free = "espace libre inconnu"
    return (f"disque plein : {free} sur {folder} (dossier de la base). Libérez de la place (anciennes sauvegardes, "
            "`veille prune --older-than N --vacuum`) puis relancez : les données déjà enregistrées sont intactes et "
            "la collecte reprendra où elle s'est arrêtée.")


FOREIGN_KEYS_OFF = "-- veille: foreign_keys off"  # first line of a migration that rebuilds a parent table


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations in order, each in its own transaction; return the names applied.

    A migration that rebuilds a table other tables point to runs with foreign keys off (else dropping
    the old table would cascade-delete their rows; the pragma cannot change inside a transaction), and
    must leave no foreign key broken that was not broken before (`PRAGMA foreign_key_check`).
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    applied = []
    for name, sql in migrations():
        if name in done:
            continue
        keys_off = sql.startswith(FOREIGN_KEYS_OFF)
        if keys_off:
            conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with transaction(conn):
                broken_before = _broken_keys(conn) if keys_off else 0
                for statement in _split_sql(sql):
                    conn.execute(statement)
                if keys_off and _broken_keys(conn) > broken_before:
                    raise DatabaseError(f"migration {name} : des liens entre tables seraient rompus ; rien n'a été "
                                        "modifié. Signalez ce problème avec une copie de la base.")
                conn.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, utcnow()))
        finally:
            if keys_off:
                conn.execute("PRAGMA foreign_keys = ON")
        applied.append(name)
    return applied


def _broken_keys(conn: sqlite3.Connection) -> int:
    return len(conn.execute("PRAGMA foreign_key_check").fetchall())


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
