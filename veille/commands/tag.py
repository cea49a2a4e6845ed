"""`veille tag [FICHIER|-]`: tag any JSONL file of texts, write JSONL with the same tags `analyze` stores.

Input lines: {"text": "…", "brands": ["…"], "id": …} (`brands` and `id` optional). Output: one
line per input line, in order, with `line` (1-based), `id` when given, and the tags — or
`error` for a line that cannot be read (bad JSON, no text, invalid UTF-8). Streams: memory
stays flat whatever the file size.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from itertools import islice
from typing import IO, Any

from veille.commands._common import EXIT_OK, EXIT_PARTIAL, UsageError, add_config_args, open_context
from veille.commands.analyze import add_analysis_args, analysis_options
from veille.config import AnalysisSettings
from veille.logs import show_progress

log = logging.getLogger("veille.tag")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tag",
        help="analyser un fichier JSONL de textes (langue, sentiment, thèmes, entités, émotions, motivations)",
        description="Lit des lignes JSON {\"text\": …, \"brands\": […], \"id\": …} et écrit pour chacune, dans "
        "le même ordre, les étiquettes que `veille analyze` enregistre : lang, sentiment, brand_sentiment, "
        "motivations, topics, entities, emotions. Une ligne illisible donne une ligne {\"error\": …} sans "
        "arrêter le reste. Avec --db (ou VEILLE_DB), le modèle de sentiment entraîné pour cette base est utilisé.",
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FICHIER",
                        help="fichier JSONL à analyser, ou - pour l'entrée standard (défaut)")
    parser.add_argument("-o", "--output", metavar="FICHIER", help="fichier de sortie (défaut : sortie standard)")
    add_config_args(parser)
    add_analysis_args(parser)
    parser.set_defaults(func=run)


def parse_line(number: int, raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """(input object, None) or (None, French error message) for one line of the file."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"UTF-8 invalide (octet {exc.start + 1}) : enregistrez le fichier en UTF-8"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"JSON invalide : {exc.msg} (colonne {exc.colno})"
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return None, "il faut un objet JSON avec un champ \"text\" (chaîne)"
    brands = obj.get("brands", [])
    if not isinstance(brands, list) or not all(isinstance(b, str) for b in brands):
        return None, "\"brands\" doit être une liste de noms (chaînes)"
    return obj, None


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    number = 0
    for raw in stream:
        number += 1
        raw = raw.rstrip(b"\r\n")
        if raw.strip():
            yield number, raw


def tag_stream(tagger, source: IO[bytes], out: IO[str], batch_size: int, progress: bool = False) -> tuple[int, int]:
    """Tag every line of `source` into `out`; return (lines tagged, lines in error).

    `progress`: a line counter with its rate on stderr (a stream has no known length).
    """
    from tqdm import tqdm

    from analysis.tagger import Item, tags_json

    counts = [0, 0]
    lines = _lines(source)

    def batches() -> Iterator[list[tuple[int, dict | None, str | None]]]:
        while chunk := list(islice(lines, batch_size)):
            yield [(n, *parse_line(n, raw)) for n, raw in chunk]

    def items(parsed_batches) -> Iterator[list]:
        for parsed in parsed_batches:
            pending.append(parsed)
            yield [Item(str(n), obj["text"], tuple(obj.get("brands", ()))) for n, obj, _ in parsed if obj]

    pending: list = []
    bar = tqdm(unit=" lignes", desc="tag", disable=not progress)
    for tagged in tagger.tag_batches(items(batches())):
        parsed = pending.pop(0)
        bar.update(len(parsed))
        results = iter(tagged)
        for n, obj, error in parsed:
            if error is not None:
                row: dict[str, Any] = {"line": n, "error": error}
                counts[1] += 1
            else:
                row = {"line": n, **({"id": obj["id"]} if "id" in obj else {}), **tags_json(next(results))}
                counts[0] += 1
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
    bar.close()
    return counts[0], counts[1]


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args, config_required=False)
    batch_size, workers = analysis_options(args, ctx.config.analysis if ctx.config else AnalysisSettings())
    try:
        source = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"{args.file} : impossible de lire le fichier ({exc.strerror})") from exc
    try:
        out = sys.stdout if not args.output else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"{args.output} : impossible d'écrire ({exc.strerror})") from exc
    from analysis.model_store import load_tagger

    try:
        with load_tagger(ctx.db_path, workers=workers) as tagger:
            done, errors = tag_stream(tagger, source, out, batch_size, show_progress(args.quiet))
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if out is not sys.stdout:
            out.close()
    log.info("%d texte(s) analysé(s), %d ligne(s) en erreur", done, errors)
    return EXIT_PARTIAL if errors else EXIT_OK
