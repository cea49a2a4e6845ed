"""Helpers shared by the social collector tests: fixture replies and what the database holds."""

from __future__ import annotations

import json
from pathlib import Path

from demo.server import Reply

SOCIAL = Path(__file__).resolve().parents[1] / "fixtures" / "social"


def fixture(platform: str, name: str):
    return json.loads((SOCIAL / platform / f"{name}.json").read_text(encoding="utf-8"))


def reply(platform: str, name: str, status: int = 200, **headers: str) -> Reply:
    return Reply(status, (SOCIAL / platform / f"{name}.json").read_bytes(),
                 {"Content-Type": "application/json; charset=utf-8", **headers})


def params(request) -> dict[str, str]:
    """A request's query parameters, first value of each."""
    return {k: v[0] for k, v in request.query.items()}


def stored(conn) -> dict[str, list[str]]:
    """Mention id → brands matched."""
    rows = conn.execute("SELECT m.id, group_concat(b.brand) AS brands FROM mentions m "
                        "JOIN mention_brands b ON b.mention_id = m.id GROUP BY m.id ORDER BY m.id").fetchall()
    return {r["id"]: sorted(r["brands"].split(",")) for r in rows}


def state(conn, source: str, brand: str) -> dict:
    row = conn.execute("SELECT state FROM fetch_state WHERE source = ? AND target = ?",
                       (source, f"brand:{brand}")).fetchone()
    return json.loads(row["state"]) if row else {}
