"""Datasette on a Veille database, in-process: metadata in sync with docs/schema.md, FTS search, doc examples."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import storage
from tools.datasette_metadata import METADATA, SCHEMA_DOC, build_metadata, render

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "datasette.md", ROOT / "docs" / "analysts.md")
INTERNAL = re.compile(r"^mentions_fts_|^sqlite_")

pytest.importorskip("datasette", reason="datasette is in the `test` extra: pip install -e '.[test]'")


def get(db: Path, *paths: str, immutable: bool = False) -> list:
    """GET each path from Datasette's ASGI app (no server, no network)."""
    from datasette.app import Datasette

    async def fetch() -> list:
        meta = json.loads(METADATA.read_text(encoding="utf-8"))
        ds = Datasette(files=[] if immutable else [str(db)], immutables=[str(db)] if immutable else [],
                       metadata=meta)
        await ds.invoke_startup()
        return [await ds.client.get(path) for path in paths]

    return asyncio.run(fetch())


def test_metadata_file_is_generated_from_the_schema_doc() -> None:
    expected = render(build_metadata(SCHEMA_DOC.read_text(encoding="utf-8")))
    assert METADATA.read_text(encoding="utf-8") == expected, (
        "docs/datasette-metadata.json is stale: run `.venv/bin/python -m tools.datasette_metadata`")


def test_metadata_describes_every_table_view_and_column(conn: sqlite3.Connection) -> None:
    meta = json.loads(METADATA.read_text(encoding="utf-8"))
    for name in ("veille", "demo"):
        tables = meta["databases"][name]["tables"]
        missing = []
        for (obj,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"):
            if INTERNAL.search(obj):
                continue
            described = tables.get(obj)
            if not described or not described["description"]:
                missing.append(obj)
                continue
            missing += [f"{obj}.{col}" for (col,) in conn.execute(f"SELECT name FROM pragma_table_info('{obj}')")
                        if not described["columns"].get(col)]
        assert not missing, f"no French description in the Datasette metadata for: {', '.join(missing)}"


def test_search_box_finds_the_right_mentions_without_accents(sample_db: Path) -> None:
    conn = storage.open_readonly(sample_db)
    expected = {r[0] for r in conn.execute("SELECT seq FROM mentions WHERE text LIKE '%déçu%'")}
    conn.close()
    page, rows, info = get(sample_db, "/veille/mentions", "/veille/mentions.json?_search=decu&_shape=array&_size=max",
                           "/veille.json")
    assert page.status_code == 200 and 'name="_search"' in page.text
    assert expected and {r["seq"] for r in rows.json()} == expected
    tables = {t["name"]: t for t in info.json()["tables"]}
    assert tables["mentions_fts"]["hidden"]


def test_raw_search_mode_and_canned_query(sample_db: Path) -> None:
    conn = storage.open_readonly(sample_db)
    colis = {r[0] for r in conn.execute("SELECT seq FROM mentions WHERE text LIKE '%colis%'")}
    raw, canned = get(sample_db, "/veille/mentions.json?_search=colis+NOT+Azura&_searchmode=raw&_shape=array&_size=max",
                      "/veille/recherche.json?recherche=colis&_shape=array")
    without_azura = {r[0] for r in conn.execute("SELECT seq FROM mentions WHERE text LIKE '%colis%' "
                                                "AND text NOT LIKE '%Azura%' AND coalesce(title, '') NOT LIKE '%Azura%'")}
    assert {r["seq"] for r in raw.json()} == without_azura and without_azura < colis
    rows = canned.json()
    assert len(rows) == min(200, len(colis))
    assert all("colis" in r["text"] and r["sentiment"] and r["brands"] for r in rows)


def test_immutable_mode_works_on_a_backup(sample_db: Path, tmp_path: Path) -> None:
    from storage.maintenance import backup_database

    copy = backup_database(sample_db, tmp_path / "veille.db").path
    (res,) = get(copy, "/veille/mentions.json?_search=decu&_shape=array&_size=max", immutable=True)
    assert res.status_code == 200 and res.json()


def doc_urls() -> list[str]:
    pattern = re.compile(r"<(http://127\.0\.0\.1:8001/[^>]*)>")
    urls = [url for doc in DOCS for url in pattern.findall(doc.read_text(encoding="utf-8"))]
    assert len(urls) >= 12
    return list(dict.fromkeys(urls))


def as_json(path: str) -> str:
    """The JSON twin of a Datasette page: `/veille/mentions?x` → `/veille/mentions.json?x`."""
    if ".json" in path or ".csv" in path:
        return path
    base, _, query = path.partition("?")
    return f"{base.rstrip('/') or ''}.json" + (f"?{query}" if query else "")


def test_every_example_url_of_the_datasette_doc_works(sample_db: Path) -> None:
    urls = doc_urls()
    paths = []
    for url in urls:
        parts = urlsplit(url)
        paths.append(parts.path + ("?" + parts.query if parts.query else ""))
    pages = get(sample_db, *paths, *(as_json(p) for p in paths))
    for url, page, data in zip(urls, pages[:len(urls)], pages[len(urls):], strict=True):
        assert page.status_code == 200 and data.status_code == 200, f"{url}: HTTP {page.status_code}"
        if ".csv" in url:
            assert len(data.text.splitlines()) > 1, f"{url}: no rows"
        elif urlsplit(url).path.strip("/"):  # a table, a query or SQL: it must return rows
            body = data.json()
            rows = body if isinstance(body, list) else body.get("rows", body.get("tables"))
            assert rows, f"{url}: no rows"
