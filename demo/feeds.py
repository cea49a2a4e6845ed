"""Render generated items as RSS 2.0 and Atom 1.0 files, one file per publication and month.

Each publication has its own habits, as real ones do, so the collector's normalisation is
exercised: GMT or Paris-offset dates, HTML descriptions, `content:encoded` in CDATA,
`utm_*` tracking parameters on links, permalink and non-permalink GUIDs, per-entry language.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from demo.catalog import FEEDS, FeedSource
from demo.content import Item, paris_offset, slugify


@dataclass(frozen=True)
class DemoFeed:
    """One publication's feed files (one per month), as paths relative to the site directory."""

    source: str  # the [[sources]] name
    key: str
    format: str
    paths: tuple[Path, ...]
    items: int


TOPIC_LABELS = {"service_client": "Service client", "prix": "Prix", "qualite": "Réseau", "livraison": "Livraison",
                "rse": "Environnement", "rh": "Social", "leadership": "Entreprises", "innovation": "Innovation"}
SECTIONS = {"press": "economie/telecoms", "regional": "actualite", "tech": "articles", "forum": "sujet",
            "release": "communique", "en": "news"}
UTM = ("?utm_source=rss&utm_medium=flux&utm_campaign=telecoms", "?utm_source=feed&utm_medium=rss",
       "?utm_medium=social&utm_source=flux&utm_content=article")


def local_time(moment: datetime) -> datetime:
    """The same instant with the Europe/Paris offset, as a French publisher would write it."""
    return moment.astimezone(timezone(paris_offset(moment)))


def entry_link(source: FeedSource, item: Item, number: int) -> tuple[str, str]:
    """(clean permalink, link as published, sometimes with tracking parameters)."""
    day = item.published.strftime("%Y/%m/%d")
    clean = f"{source.site}/{SECTIONS[source.kind]}/{day}/{slugify(item.title)}-{number}"
    tracked = clean + UTM[number % len(UTM)] if number % 3 == 0 else clean
    return clean, tracked


def html_body(item: Item, link: str) -> str:
    parts = [f"<p>{html.escape(p, quote=False)}</p>" for p in item.paragraphs if p]
    if item.points:
        parts.insert(1, "<ul>" + "".join(f"<li>{html.escape(p, quote=False)}</li>" for p in item.points) + "</ul>")
    if item.incident and item.source != "avisconso":
        parts.append(f'<p><strong>À lire aussi :</strong> <a href="{html.escape(link)}">notre direct</a></p>')
    return "".join(parts)


def rss_item(source: FeedSource, item: Item, number: int) -> str:
    clean, link = entry_link(source, item, number)
    when = item.published if source.key in ("gazette", "eurotelco", "octets") else local_time(item.published)
    lines = [f"<title>{escape(item.title)}</title>", f"<link>{escape(link)}</link>"]
    if source.key in ("echo-midi", "eurotelco"):
        lines.append(f"<guid isPermaLink=\"true\">{escape(clean)}</guid>")
    elif source.key == "octets":
        lines.append(f"<guid isPermaLink=\"false\">{source.site}/?p={number}</guid>")
    else:
        lines.append(f"<guid isPermaLink=\"false\">{source.key}-{number}</guid>")
    lines.append(f"<pubDate>{format_datetime(when, usegmt=source.key == 'gazette')}</pubDate>")
    if source.key == "gazette":
        lines.append(f"<author>redaction@{source.site.split('//')[1].removeprefix('www.')} ({escape(item.author)})</author>")
    else:
        lines.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
    if item.topic:
        lines.append(f"<category>{escape(TOPIC_LABELS[item.topic])}</category>")
    if source.kind == "tech":
        lines.append(f"<description>{escape(item.paragraphs[0])}</description>")
        lines.append(f"<content:encoded><![CDATA[{html_body(item, clean)}]]></content:encoded>")
    elif source.kind in ("regional", "release"):
        lines.append(f"<description>{escape(html_body(item, clean))}</description>")
    else:
        lines.append(f"<description>{escape(item.text)}</description>")
    return "<item>\n  " + "\n  ".join(lines) + "\n</item>"


def rss_document(source: FeedSource, entries: list[tuple[Item, int]], self_path: str) -> str:
    newest = entries[0][0].published
    lang = "en-gb" if source.kind == "en" else "fr-fr"
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
            f"<channel>\n<title>{escape(source.title)}</title>\n<link>{source.site}/</link>\n"
            f"<description>{escape(source.description)}</description>\n<language>{lang}</language>\n"
            f'<atom:link href={quoteattr(source.site + self_path)} rel="self" type="application/rss+xml"/>\n'
            f"<lastBuildDate>{format_datetime(newest, usegmt=True)}</lastBuildDate>\n")
    return head + "\n".join(rss_item(source, i, n) for i, n in entries) + "\n</channel>\n</rss>\n"


def atom_entry(source: FeedSource, item: Item, number: int) -> str:
    clean, link = entry_link(source, item, number)
    host = source.site.split("//")[1]
    published = local_time(item.published).isoformat()
    edited = number % 5 == 0
    updated = local_time(item.published + timedelta(minutes=7 + number % 50)).isoformat() if edited else published
    lang = ' xml:lang="en"' if item.lang == "en" else ""
    return (f"<entry{lang}>\n  <title>{escape(item.title)}</title>\n"
            f"  <id>tag:{host},{item.published.year}:post-{number}</id>\n"
            f'  <link rel="alternate" type="text/html" href={quoteattr(link)}/>\n'
            f"  <published>{published}</published>\n  <updated>{updated}</updated>\n"
            f"  <author><name>{escape(item.author)}</name></author>\n"
            f'  <content type="html">{escape(html_body(item, clean))}</content>\n</entry>')


def atom_document(source: FeedSource, entries: list[tuple[Item, int]], self_path: str) -> str:
    host = source.site.split("//")[1]
    newest = local_time(entries[0][0].published).isoformat()
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">\n'
            f"<title>{escape(source.title)}</title>\n<subtitle>{escape(source.description)}</subtitle>\n"
            f"<id>tag:{host},2019:forum-telecom</id>\n<updated>{newest}</updated>\n"
            f'<link rel="self" type="application/atom+xml" href={quoteattr(source.site + self_path)}/>\n'
            f'<link rel="alternate" type="text/html" href="{source.site}/"/>\n'
            + "\n".join(atom_entry(source, i, n) for i, n in entries) + "\n</feed>\n")


def write_feeds(directory: Path, items: list[Item]) -> tuple[DemoFeed, ...]:
    """Write `flux/<source>/<YYYY-MM>.xml` files (newest entry first) and describe them."""
    out = []
    for source in FEEDS:
        mine = [i for i in items if i.source == source.key]
        base = 100000 + 7919 * (FEEDS.index(source) + 1)
        numbered = [(item, base + n) for n, item in enumerate(mine)]
        by_month: dict[str, list[tuple[Item, int]]] = defaultdict(list)
        for item, number in numbered:
            by_month[item.published.strftime("%Y-%m")].append((item, number))
        folder = directory / "flux" / source.key
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.xml"):
            stale.unlink()
        paths = []
        for month in sorted(by_month):
            entries = sorted(by_month[month], key=lambda e: e[0].published, reverse=True)
            rel = Path("flux", source.key, f"{month}.xml")
            render = atom_document if source.format == "atom" else rss_document
            (directory / rel).write_text(render(source, entries, "/" + rel.as_posix()), encoding="utf-8")
            paths.append(rel)
        out.append(DemoFeed(source.title, source.key, source.format, tuple(paths), len(mine)))
    return tuple(out)
