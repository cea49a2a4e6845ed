"""`veille report`: the period's report of your brand against its competitors, as HTML or PDF, optionally e-mailed.

It reads the database like the dashboard does (read-only, the same queries), so it can run from cron while
`veille run` collects. The file is written to a temporary name and renamed at the end.
"""

from __future__ import annotations

import argparse
import logging
import os
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import storage
from storage import dashboard_queries as dq
from storage.db import open_readonly
from storage.query import fold
from veille.commands._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    UsageError,
    add_config_args,
    existing_db,
    open_context,
    replacing,
    resolve_brands,
)
from veille.config import NotificationSettings
from veille.notify import NotifyError, email_configured, send_email
from veille.report import content, render
from veille.report.period import EXAMPLES, PeriodError, PeriodSpec, parse_period

log = logging.getLogger("veille.report")

FORMATS = {".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf"}
HOW_TO_DECLARE = (
    "aucune marque n'est déclarée comme la vôtre : le rapport montre votre marque face à ses concurrents. "
    "Dans veille.toml, ajoutez `own = true` sous la vôtre ([[brands]] name = \"Votre marque\" … own = true), "
    "puis lancez `veille collect` (ou `veille run`) pour l'enregistrer dans la base, et relancez `veille report`."
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="écrire le rapport de la période (HTML ou PDF), et l'envoyer par e-mail",
        description="Écrit le rapport de votre marque face à ses concurrents sur la période, comparée à la "
        "période précédente de même durée : ce qui a changé, chiffres clés, volume et sentiment, part de voix, "
        "thèmes, auteurs et médias, mentions négatives à traiter, alertes. HTML autonome (images incluses, rien "
        "n'est chargé depuis le réseau) ou PDF. Le rapport porte sur des journées complètes : par défaut, les 7 "
        "jours qui finissent hier.",
    )
    add_config_args(p)
    p.add_argument("-o", "--output", required=True, metavar="FICHIER",
                   help="FICHIER.html (un seul fichier, images comprises) ou FICHIER.pdf ; remplacé s'il existe")
    p.add_argument("--period", "--periode", default=parse_period("7j"), type=_period, metavar="DURÉE",
                   help=f"durée couverte, jusqu'au jour --until compris : {EXAMPLES} (défaut : 7j)")
    p.add_argument("--until", type=_date, metavar="AAAA-MM-JJ",
                   help="dernier jour couvert, inclus (défaut : hier, pour des journées complètes)")
    p.add_argument("--brands", "--marques", nargs="+", action="extend", default=[], metavar="MARQUE",
                   help="marques à comparer (défaut : toutes) ; votre marque est toujours incluse ; séparées par "
                   "des espaces ou des virgules")
    p.add_argument("--email", action="store_true",
                   help="envoyer le rapport par e-mail, en pièce jointe, avec les réglages SMTP de [notifications] "
                   "(smtp_host, email_from, email_to)")
    p.add_argument("--to", action="append", default=[], metavar="ADRESSE",
                   help="avec --email : destinataire à la place de email_to (répétable)")
    p.set_defaults(func=run)


def _period(text: str) -> PeriodSpec:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » : format attendu AAAA-MM-JJ, "
                                          "par exemple 2026-11-30") from None


def output_type(output: str) -> str:
    """The MIME type of the file to write, from its extension."""
    suffix = Path(output).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"-o {output} : extension « {suffix or 'aucune'} » inconnue ; écrivez le rapport en HTML "
                         "(-o rapport.html) ou en PDF (-o rapport.pdf)")
    return FORMATS[suffix]


def choose_brands(options: dict, asked: list[str], configured: list[str] | None = None) -> tuple[str, tuple[str, ...]]:
    """(your brand, the brands compared: () for all). Names are matched without regard to case or accents; an
    unknown one is an error naming the known ones. `configured`, the own brands of the config given (`own = true`), win over
    those the database kept from the last `veille collect` (the user may have changed them since)."""
    if not options["brands"]:
        raise UsageError("la base ne contient encore aucune marque ni mention : déclarez vos marques dans veille.toml "
                         "(la vôtre avec own = true), lancez « veille collect » (ou « veille run »), puis relancez "
                         "« veille report »")
    chosen = resolve_brands(asked, options["brands"], "--brands", commas=True)
    known = {fold(b): b for b in options["brands"]}
    owns = options["owns"]
    if configured:
        absent = [name for name in configured if fold(name) not in known]
        if absent:
            raise UsageError(f"{', '.join(absent)}, votre marque d'après la configuration, est absente de la base : "
                             "lancez « veille collect » (ou « veille run »), puis relancez « veille report » ; "
                             f"marques de la base : {', '.join(options['brands'])}")
        owns = [known[fold(name)] for name in configured]
    if not owns:
        raise UsageError(HOW_TO_DECLARE)
    mine = [b for b in chosen if b in owns]
    own = mine[0] if mine else owns[0]
    if chosen and own not in chosen:
        log.info("%s, votre marque, est ajoutée aux marques demandées pour la comparer", own)
        chosen.append(own)
    return own, tuple(dict.fromkeys(chosen))


def email_settings(ctx, to: list[str]) -> NotificationSettings:
    """The [notifications] SMTP settings, recipients replaced by --to; an error naming what is missing."""
    settings = ctx.config.notifications if ctx.config else NotificationSettings()
    if to:
        settings = replace(settings, email_to=to)
    if not email_configured(settings):
        where = ctx.config.path if ctx.config else "veille.toml"
        raise UsageError(f"--email : l'envoi d'e-mail n'est pas configuré dans {where} : indiquez smtp_host, "
                         "email_from et email_to dans [notifications] (ou les destinataires avec --to) ; "
                         "identifiants dans VEILLE_SMTP_USER et VEILLE_SMTP_PASSWORD (voir docs/alerts.md)")
    return settings


def writable(path: Path) -> None:
    """An error now, before the work, when the report could not be written at `path`."""
    if path.is_dir():
        raise UsageError(f"-o {path} : c'est un dossier ; donnez un nom de fichier, par exemple -o {path / 'rapport.html'}")
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("."))
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"-o {path} : impossible d'écrire dans {folder} (droits insuffisants ou pas un dossier) ; "
                         "choisissez un dossier où vous pouvez écrire, par exemple -o ~/rapport.html")


def run(args: argparse.Namespace) -> int:
    mime = output_type(args.output)
    writable(Path(args.output))
    if args.to and not args.email:
        raise UsageError("--to ne sert qu'avec --email : ajoutez --email pour envoyer le rapport")
    ctx = open_context(args, config_required=args.email)
    settings = email_settings(ctx, args.to) if args.email else None  # checked before the work
    db = existing_db(ctx)
    storage.connect(db).close()  # a base written by an older version is migrated first, as for the dashboard
    conn = open_readonly(db)
    try:
        options = dq.filter_options(conn)
        configured = [b.name for b in ctx.config.brands if b.own] if ctx.config else None
        own, brands = choose_brands(options, args.brands, configured)
        until = args.until or datetime.now(UTC).date() - timedelta(days=1)
        first = date.fromisoformat(options["first_day"]) if options["first_day"] else None
        start, end = args.period.bounds(until, first)
        selection = dq.Filters(start=start.isoformat(), end=end.isoformat(), brands=brands)
        report = content.gather(conn, selection, own, options["brands"], datetime.now(UTC),
                                whole=args.period.unit == "tout")
    finally:
        conn.close()
    try:
        page = render.html(report)
        data = render.pdf(page) if mime == "application/pdf" else page.encode("utf-8")
    except render.RendererMissing as exc:
        raise UsageError(f"rapport impossible : {exc}") from exc
    path = write(Path(args.output), data)
    log.info("rapport %s écrit : %s (%s)", own, path, f"{len(data) / 1e3:.0f} ko".replace(".", ","))
    if settings is None:
        return EXIT_OK
    files = [(path.with_suffix(".html").name, page.encode("utf-8"), "text/html")]
    if mime == "application/pdf":
        files.append((path.name, data, mime))
    try:
        send_email(settings, report.subject, content.plain_text(report, [name for name, _, _ in files]), files)
    except NotifyError as exc:
        log.error("rapport écrit dans %s mais pas envoyé : %s", path, exc)
        return EXIT_PARTIAL
    log.info("rapport envoyé à %s", ", ".join(settings.email_to or ()))
    return EXIT_OK


def write(path: Path, data: bytes) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"impossible de créer le dossier du rapport {path.parent} : {exc.strerror} ; vérifiez le "
                         "chemin et les droits d'écriture") from exc
    try:
        with replacing(path) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"impossible d'écrire le rapport dans {path} : {exc.strerror} ; vérifiez le chemin, la "
                         "place libre et les droits d'écriture") from exc
    return path
