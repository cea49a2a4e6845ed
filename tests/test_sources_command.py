"""`veille sources` after a real `veille collect` of two social sources on a local server."""

from __future__ import annotations

import json
from pathlib import Path

from tests.collectors.social_support import reply
from veille.cli import main
from veille.commands.sources import format_table


def config(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "veille.toml"
    path.write_text(f"""
[database]
path = "v.db"
[[brands]]
name = "Lumina"
query = '"Lumina Énergie"'
own = true
[[sources]]
name = "reddit-fr"
type = "reddit"
oauth_url = "{url}"
auth_url = "{url}"
user_agent = "python:veille-test:0.1 (by /u/test)"
backoff = 0
[[sources]]
name = "x-fr"
type = "x"
api_url = "{url}"
lang = "fr"
[[sources]]
name = "bsky"
type = "bluesky"
service = "{url}"
""", encoding="utf-8")
    return path


def test_sources_table_and_json(tmp_path, http_server, monkeypatch, capsys):
    monkeypatch.setenv("REDDIT_CLIENT_ID", "id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "secret")
    monkeypatch.setenv("X_BEARER_TOKEN", "revoked")
    http_server.route("/api/v1/access_token", reply("reddit", "token"))
    http_server.route("/search", reply("reddit", "search_page2"))
    http_server.route("/2/tweets/search/recent", reply("x", "error_401", status=401))
    cfg = config(tmp_path, http_server.url)
    assert main(["collect", "-c", str(cfg), "--source", "reddit-fr", "--source", "x-fr"]) == 1
    capsys.readouterr()

    assert main(["sources", "-c", str(cfg)]) == 1  # a failed source: non-zero for monitoring probes
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["source", "type", "statut"]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert set(rows) == {"bsky", "reddit-fr", "x-fr"}
    assert "jamais collectée" in rows["bsky"]
    assert rows["reddit-fr"].split()[1:3] == ["reddit", "ok"] and rows["reddit-fr"].split()[-2:] == ["2", "2"]
    assert "échec" in rows["x-fr"] and "X_BEARER_TOKEN" in rows["x-fr"]
    assert lines[0].index("statut") == rows["reddit-fr"].index("ok") == rows["x-fr"].index("échec")

    assert main(["sources", "-c", str(cfg), "--json"]) == 1
    data = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert data["reddit-fr"]["mentions_total"] == 2 and data["x-fr"]["status"] == "failed"
    assert data["bsky"]["status"] == "new"


def test_missing_database_is_a_clear_error(tmp_path, capsys):
    assert main(["sources", "--db", str(tmp_path / "absent.db")]) == 2
    assert "absent.db" in capsys.readouterr().err


def test_empty_table_message():
    assert "Aucune source" in format_table([])
