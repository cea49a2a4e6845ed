"""`veille sources`: the health of every source, for operators (plain aligned columns, or --json)."""

from __future__ import annotations

import argparse
import json

from collectors.base import targets_noun
from storage.db import open_readonly
from storage.health import source_health
from storage.redact import mask_secrets
from veille.commands._common import EXIT_OK, EXIT_PARTIAL, add_config_args, open_context
from veille.pipeline import STATUS_FR

TROUBLED = ("failed", "partial", "rate_limited")
COLUMNS = (("source", "name"), ("type", "type"), ("statut", "status"), ("dernière collecte (UTC)", "last_run_at"),
           ("prochain essai (UTC)", "next_attempt_at"), ("24 h", "mentions_24h"), ("total", "mentions_total"),
           ("erreur", "last_error"))
NUMERIC = {"mentions_24h", "mentions_total"}
MAX_ERROR = 100


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sources",
        help="état de chaque source : dernière collecte, erreur, prochain essai, mentions",
        description="Affiche chaque source : statut et erreur de la dernière collecte, prochain essai quand une "
        "limite d'API la met en attente, mentions collectées en 24 h et au total. Une source « partiel » a des "
        "adresses en échec (nommées) et d'autres qui marchent. Code de sortie 1 si une source est en échec, "
        "partielle ou en attente (pratique pour une sonde de supervision).",
    )
    add_config_args(parser)
    parser.add_argument("--json", action="store_true", help="sortie JSON (une liste d'objets) pour les scripts")
    parser.set_defaults(func=run)


def _rows(args: argparse.Namespace) -> list[dict]:
    ctx = open_context(args, config_required=False)
    conn = open_readonly(ctx.db_path)
    try:
        rows = source_health(conn)
    finally:
        conn.close()
    known = {r["name"] for r in rows}
    for source in ctx.config.sources if ctx.config else []:
        if source.name not in known:  # configured but never collected yet
            rows.append({"name": source.name, "type": source.type, "status": "new", "last_run_at": None,
                         "last_success_at": None, "last_error": None, "target_errors": [], "next_attempt_at": None,
                         "waiting_targets": 0, "mentions_24h": 0, "mentions_total": 0})
    masked = [{k: mask_secrets(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]
    return sorted(masked, key=lambda r: r["name"])  # masked: a database written by an older version may hold them


def _cell(row: dict, key: str) -> str:
    value = row.get(key)
    if key == "status":
        return STATUS_FR.get(value, value or "")
    if key == "last_error" and row.get("status") == "partial" and row.get("target_errors"):
        return _failing_urls(row["target_errors"])
    if key == "last_error" and value:
        value = " ".join(str(value).split())  # one line per source, whatever the error text holds
        return value if len(value) <= MAX_ERROR else value[:MAX_ERROR - 1] + "…"
    return "" if value is None else str(value)


def _failing_urls(failures: list[dict], shown: int = 3) -> str:
    """The failing URLs of a partial source, whole (a cut URL helps no one): the errors are in --json and the log."""
    urls = [f["target"] for f in failures]
    more = f" et {len(urls) - shown} autre(s)" if len(urls) > shown else ""
    return f"{len(urls)} {targets_noun(urls)} en échec : {', '.join(urls[:shown])}{more}"


def format_table(rows: list[dict]) -> str:
    """Aligned plain-text columns (numbers right-aligned), one line per source."""
    if not rows:
        return "Aucune source enregistrée : ajoutez des [[sources]] à veille.toml puis lancez `veille collect`."
    cells = [[_cell(r, key) for _, key in COLUMNS] for r in rows]
    widths = [max(len(title), *(len(c[i]) for c in cells)) for i, (title, _) in enumerate(COLUMNS)]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if key in NUMERIC else v.ljust(w)
                 for v, w, (_, key) in zip(values, widths, COLUMNS, strict=True)]
        return "  ".join(parts).rstrip()

    return "\n".join([line([t for t, _ in COLUMNS]), line(["-" * w for w in widths]), *map(line, cells)])


def run(args: argparse.Namespace) -> int:
    rows = _rows(args)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(format_table(rows))
    troubled = any(r["status"] in TROUBLED or r["next_attempt_at"] for r in rows)
    return EXIT_PARTIAL if troubled else EXIT_OK
