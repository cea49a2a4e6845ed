"""`veille export`: mentions and their tags to CSV, JSON Lines or Parquet, with the dashboard's filters.

Rows are streamed batch by batch (constant memory at any size) from one read snapshot, into a
temporary file renamed at the end: an interrupted export never leaves a truncated file behind.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from presentation.export import csv_cells, in_french
from storage import labels
from storage.dashboard_queries import brand_names
from storage.db import open_readonly
from storage.export_queries import EXPORT_COLUMNS, count_mentions, iter_export
from storage.filters import Filters
from storage.query import QuerySyntaxError, parse_query
from veille.commands._common import (
    EXIT_OK,
    UsageError,
    add_config_args,
    open_context,
    replacing,
    resolve_brands,
)
from veille.logs import show_progress

log = logging.getLogger("veille.export")

FORMATS = ("csv", "jsonl", "parquet")
# --sentiment: a stored sentiment, or the mitigated ones (their sentiment is neutral, `mixed` = 1).
SENTIMENTS = (*labels.SENTIMENTS, labels.MIXED)
PARQUET_ROW_GROUP = 25_000  # rows: a few tens of MB in memory; tiny row groups make Parquet slow to scan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="exporter les mentions et leurs étiquettes (CSV, JSONL, Parquet)",
        description="Exporte les mentions avec leurs étiquettes (marques, sentiment, motivations…), avec les "
        "mêmes filtres que le tableau de bord. L'export lit un instantané cohérent de la base : on peut le "
        "lancer pendant une collecte.",
    )
    add_config_args(p)
    p.add_argument("-o", "--output", required=True, metavar="FICHIER",
                   help="fichier à écrire (remplacé s'il existe) ; « - » pour la sortie standard (CSV, ou JSONL avec "
                        "--format jsonl)")
    p.add_argument("--format", choices=FORMATS,
                   help="format (défaut : d'après l'extension du fichier : .csv, .jsonl, .parquet)")
    p.add_argument("--since", type=_date, metavar="AAAA-MM-JJ", help="publiées ce jour ou après")
    p.add_argument("--until", type=_date, metavar="AAAA-MM-JJ", help="publiées ce jour ou avant")
    p.add_argument("--brand", action="append", default=[], metavar="MARQUE",
                   help="mentions qui nomment cette marque, majuscules et accents libres (répétable : l'une ou "
                        "l'autre)")
    p.add_argument("--platform", action="append", default=[], metavar="PLATEFORME",
                   help="rss, x, mastodon, bluesky, reddit… (répétable)")
    p.add_argument("--sentiment", action="append", default=[], choices=SENTIMENTS,
                   help="sentiment envers une marque de --brand (n'importe laquelle sans --brand), celui du "
                        "tableau de bord ; la correction d'un utilisateur l'emporte ; mixed = les avis mitigés "
                        "(éloge et reproche sans vainqueur), que neutral ne prend pas ; répétable")
    p.add_argument("--motivation", action="append", default=[], choices=labels.MOTIVATIONS,
                   help="motivation de partage (répétable)")
    p.add_argument("--lang", action="append", default=[], metavar="CODE", help="langue : fr, en… (répétable)")
    p.add_argument("--fr", action="store_true",
                   help="en-têtes et valeurs en français (négatif, Défendre une cause, oui/non…) pour un tableur ; "
                        "CSV et JSONL. Sans cette option : les codes stables (negative, cause…) pour les scripts")
    p.add_argument("--query", metavar="REQUÊTE",
                   help='recherche plein texte, même langage que les marques : \'livraison AND (retard OR "colis perdu")\'')
    p.set_defaults(func=run)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » : format attendu AAAA-MM-JJ, "
                                          "par exemple 2026-11-01") from None


def choose_format(output: str, fmt: str | None) -> str:
    """The explicit format, else the file extension's."""
    if fmt is None and output == "-":
        return "csv"
    if fmt is None:
        fmt = Path(output).suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise UsageError(f"format d'export inconnu pour « {output} » : précisez --format csv, jsonl ou parquet")
    if output == "-" and fmt == "parquet":
        raise UsageError("Parquet ne s'écrit pas sur la sortie standard : donnez un fichier avec -o FICHIER.parquet")
    return fmt


def check_french(fmt: str, french: bool) -> None:
    if french and fmt == "parquet":
        raise UsageError("--fr : pour CSV et JSONL seulement ; Parquet garde les codes et les types que pandas et "
                         "DuckDB attendent")


def filters_from_args(args: argparse.Namespace) -> Filters:
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} est après --until {args.until} : inversez les deux dates")
    if args.query:
        try:
            parse_query(args.query)
        except QuerySyntaxError as exc:
            raise UsageError(f"--query « {args.query} » : {exc}") from exc
    return Filters(
        start=args.since.isoformat() if args.since else None, end=args.until.isoformat() if args.until else None,
        brands=tuple(args.brand), platforms=tuple(args.platform),
        sentiments=tuple(args.sentiment), motivations=tuple(args.motivation), langs=tuple(args.lang),
        query=args.query or None,
    )


# --- Writers: each takes the batches and a destination, returns the number of rows written ---


def write_csv(batches: Iterable[list[dict]], out: IO[str], french: bool = False) -> int:
    """RFC 4180 CSV, UTF-8, header row; lists joined with commas; formula-like cells neutralised. `french`, for a
    spreadsheet: semicolons and a byte order mark, which Excel in French needs to open it as it is, like the
    dashboard's CSV download (`presentation.frames.to_csv`)."""
    columns = csv_cells(EXPORT_COLUMNS, french)
    if french:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if french else ",")
    writer.writerow([c.french if french else c.name for c in EXPORT_COLUMNS])
    n = 0
    for batch in batches:
        writer.writerows([row[name] if fn is None else fn(row[name]) for name, fn in columns] for row in batch)
        n += len(batch)
    return n


def write_jsonl(batches: Iterable[list[dict]], out: IO[str], french: bool = False) -> int:
    """One JSON object per line, text exactly as collected, lists as JSON arrays."""
    n = 0
    translate = {c.name: (c.french, in_french(c.name, c.kind) or _same) for c in EXPORT_COLUMNS} if french else {}
    for batch in batches:
        if french:
            batch = [{translate[k][0]: translate[k][1](v) for k, v in row.items()} for row in batch]
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in batch)
        n += len(batch)
    return n


def _same(value: Any) -> Any:
    return value


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parquet_schema():
    """Typed columns: timestamps in UTC, integers, lists of strings (what pandas and DuckDB expect)."""
    import pyarrow as pa

    types = {"text": pa.string(), "int": pa.int64(), "real": pa.float64(), "bool": pa.bool_(),
             "time": pa.timestamp("ms", tz="UTC"), "list": pa.list_(pa.string())}
    return pa.schema([(c.name, types[c.kind]) for c in EXPORT_COLUMNS])


def write_parquet(batches: Iterable[list[dict]], path: Path) -> int:
    """Row groups of about `PARQUET_ROW_GROUP` rows: memory stays bounded, the file stays efficient to scan."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    times = [c.name for c in EXPORT_COLUMNS if c.kind == "time"]
    n, pending, pending_rows = 0, [], 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in batches:
            columns = {c.name: [row[c.name] for row in batch] for c in EXPORT_COLUMNS}
            for name in times:
                columns[name] = [_parse_time(v) for v in columns[name]]
            pending.append(pa.RecordBatch.from_pydict(columns, schema=schema))
            pending_rows += len(batch)
            n += len(batch)
            if pending_rows >= PARQUET_ROW_GROUP:
                writer.write_table(pa.Table.from_batches(pending, schema=schema))
                pending, pending_rows = [], 0
        if pending:
            writer.write_table(pa.Table.from_batches(pending, schema=schema))
    return n


def run(args: argparse.Namespace) -> int:
    fmt = choose_format(args.output, args.format)
    check_french(fmt, args.fr)
    filters = filters_from_args(args)
    ctx = open_context(args, config_required=False)
    if filters.brands:  # `--brand orbelle` is Orbelle; an unknown brand is an error, not an empty export
        with closing(open_readonly(ctx.db_path)) as probe:
            known = brand_names(probe)
        filters = replace(filters, brands=tuple(resolve_brands(filters.brands, known, "--brand")))
    conn = open_readonly(ctx.db_path)
    rows = iter_export(conn, filters)
    try:
        conn.execute("BEGIN")  # one snapshot for the count and every batch
        total = count_mentions(conn, filters) if show_progress(args.quiet) else None
        n = _write(fmt, rows if total is None else _with_progress(rows, total), args.output, args.fr)
    except BrokenPipeError:  # `veille export -o - | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        rows.close()  # its cursor first, then the connection
        conn.close()
    log.info("%d mention(s) exportée(s) vers %s (%s)", n, args.output, fmt)
    return EXIT_OK


def _write(fmt: str, batches: Iterable[list[dict]], output: str, french: bool = False) -> int:
    if output == "-":
        return (write_csv if fmt == "csv" else write_jsonl)(batches, sys.stdout, french)
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"impossible de créer le dossier de l'export {path.parent} : {exc.strerror} ; "
                         "vérifiez le chemin et les droits d'écriture") from exc
    with replacing(path) as tmp:
        if fmt == "parquet":
            return write_parquet(batches, tmp)
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            return (write_csv if fmt == "csv" else write_jsonl)(batches, out, french)


def _with_progress(batches: Iterable[list[dict]], total: int) -> Iterator[list[dict]]:
    from tqdm import tqdm

    with tqdm(total=total, unit=" mentions", desc="export") as bar:
        for batch in batches:
            yield batch
            bar.update(len(batch))
