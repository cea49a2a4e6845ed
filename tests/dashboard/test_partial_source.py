"""The Sources page names the failing addresses of a partial source (issue 12, defect 11)."""

from __future__ import annotations

from pathlib import Path

import storage
from storage.collect_writes import set_source_health, sync_source


def test_a_partial_source_is_shown_with_its_failing_addresses(app, populated_db: Path) -> None:
    conn = storage.connect(populated_db)
    sync_source(conn, "presse", "rss", {})
    failing = [{"target": "https://presse.example/accueil", "error": "page HTML reçue au lieu d'un flux RSS/Atom"}]
    set_source_health(conn, "presse", "partial", "1 adresse(s) sur 20 en échec", None, failing)
    conn.close()
    at = app(populated_db, "sources")
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value.set_index("Source")
    assert table.loc["presse", "État"] == "Partiel (des adresses en échec)"
    assert table.loc["presse", "Adresses en échec"] == "https://presse.example/accueil"
    assert int(at.metric[1].value) >= 1  # counted among the sources in trouble
