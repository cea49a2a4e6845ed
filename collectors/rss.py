"""RSS/Atom collector: news and blog feeds over HTTP, or local files for offline use.

Fetching goes through `collectors.http.Fetcher` (timeouts, size cap) with conditional GET,
plus a content hash for servers that ignore it: an unchanged feed is never parsed again.
`parse_feed` is pure (bytes + headers → mentions + warnings) so fixture files drive it.
feedparser gets bytes in a stream, never a URL or a path (it has no timeout, and it would
open a local file whose name a server sent as the body); HTML sanitising and relative-URI
resolution are off because we only ever keep plain text.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote_plus, unquote, urljoin, urlsplit, urlunsplit

import feedparser

from collectors.base import Collector, CollectorError, Target
from collectors.feed_dates import date_in_url, parse_french_date
from collectors.html_text import html_to_text, squeeze
from collectors.http import Fetcher, MiB, header
from collectors.settings import setting
from collectors.translate import without_case
from storage.records import LIMITS, Batch, Brand, Mention

ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, " \
         "text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True, kw_only=True)
class RssSettings:
    """The settings of an `rss` source: `url` or `urls`, exactly one of them (checked at load)."""

    EXACTLY_ONE: ClassVar[tuple[tuple[str, ...], ...]] = (("url", "urls"),)

    url: str | None = setting(str, help="adresse du flux : `http(s)://…`, `file://…` ou chemin d'un fichier local ; "
                                        "`{query}` y est remplacé par la requête de chaque marque (un flux de "
                                        "recherche par marque)")
    urls: list[str] | None = setting(list, help="plusieurs adresses de flux, à la place de `url` (mêmes règles)")
    max_items: int = setting(int, 200, help="articles gardés au plus par flux à chaque collecte")
    max_age_days: int | None = setting(int, help="ignorer les articles publiés il y a plus de N jours (utile au "
                                                 "premier passage sur un flux d'archives)")
    lang: str | None = setting(str, help='langue des articles quand le flux ne la déclare pas, ex. `"fr"`')
    timeout: float = setting((int, float), 20, help="attente maximale d'une réponse du serveur, en secondes")
    max_size_mb: float = setting((int, float), 20, help="taille maximale d'un flux une fois décompressé, en Mio")
    user_agent: str | None = setting(str, help="User-Agent envoyé (certains sites refusent les robots inconnus)")


class RssCollector(Collector):
    """News and blog feeds (RSS 0.9x/1.0/2.0, Atom), fetched over HTTP(S) or read from local files."""

    name = "rss"
    label = "Presse et blogs (RSS)"
    short_label = "Presse, blogs"
    Settings = RssSettings
    settings: RssSettings

    def __init__(self, source, session: Any = None):
        super().__init__(source, session)
        settings = self.settings
        options: dict[str, Any] = {"read_timeout": settings.timeout, "total_timeout": max(60, 3 * settings.timeout),
                                   "max_bytes": int(settings.max_size_mb * MiB)}
        if settings.user_agent:
            options["user_agent"] = settings.user_agent
        self.fetcher = Fetcher(session=session, **options)
        self.brands_digest = ""

    def targets(self, brands: list[Brand]) -> list[Target]:
        """One target per feed URL; a URL with `{query}` gives one target per brand."""
        url, urls = self.settings.url, self.settings.urls  # exactly one: `EXACTLY_ONE`, checked at load
        self.brands_digest = hashlib.sha256(
            "\n".join(sorted(f"{b.name}\t{b.query}" for b in brands)).encode()).hexdigest()[:16]
        targets = []
        for template in [url] if url is not None else urls:
            template = template.strip()
            if "{query}" not in template:
                targets.append(Target(key=template, params={"url": template}))
                continue
            for brand in brands:
                filled = template.replace("{query}", quote_plus(without_case(brand.query)))
                targets.append(Target(key=filled, params={"url": filled, "brand": brand.name}))
        return targets

    def fetch(self, target: Target, state: dict[str, Any]) -> Batch:
        """Conditional fetch, then parse only when the body changed (or the brands did)."""
        url = target.params["url"]
        fresh = state.get("brands") != self.brands_digest  # new brands: look at every current item again
        if _is_local(url):
            body, headers, status, requests, final = self.fetcher.read_file(_local_path(url)), {}, None, 0, url
        else:
            conditional = {}
            if not fresh and state.get("etag"):
                conditional["If-None-Match"] = state["etag"]
            if not fresh and state.get("last_modified"):
                conditional["If-Modified-Since"] = state["last_modified"]
            response = self.fetcher.fetch(url, headers={"Accept": ACCEPT, **conditional})
            if response.status == 304:
                return Batch([], dict(state), requests=response.requests, http_status=304, not_modified=True)
            body, status, requests, final = response.body, response.status, response.requests, response.url
            headers = dict(response.headers)
        digest = hashlib.sha256(body).hexdigest()
        new_state = {"sha256": digest, "brands": self.brands_digest}
        for key, name in (("etag", "etag"), ("last_modified", "last-modified")):
            value = header(headers, name)
            if value:
                new_state[key] = value
        if not fresh and state.get("sha256") == digest:
            return Batch([], new_state, requests=requests, http_status=status, not_modified=True)
        # A feed seen for the first time (or with new brands) shows its backlog: an undated item there is not new
        mentions, warnings = parse_feed(body, headers, self.source.name, final, backlog=fresh)
        mentions = self._keep(mentions)
        return Batch(mentions, new_state, requests=requests, warnings=warnings, http_status=status)

    def _keep(self, mentions: list[Mention]) -> list[Mention]:
        """Apply the source's `lang`, `max_age_days` and `max_items` settings."""
        default_lang = _lang(self.settings.lang)
        if default_lang:
            for m in mentions:
                m.lang = m.lang or default_lang
        if self.settings.max_age_days:
            oldest = (datetime.now(UTC) - timedelta(days=self.settings.max_age_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
            mentions = [m for m in mentions if m.published_at is None or m.published_at >= oldest]
        return mentions[: self.settings.max_items]


# --- local files ---


def _is_local(url: str) -> bool:
    scheme = urlsplit(url).scheme.lower()
    return scheme == "file" or len(scheme) <= 1  # no scheme, or a Windows drive letter


def _local_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path)) if url.lower().startswith("file:") else Path(url).expanduser()


# --- parsing ---


def parse_feed(data: bytes, headers: Mapping[str, str], source: str, feed_url: str,
               backlog: bool = True) -> tuple[list[Mention], list[str]]:
    """Feed bytes → (mentions, warnings). Raises `CollectorError` when nothing usable is there.

    An item without a readable date takes the day in its link; failing that, in a `backlog` (the feed's
    first collection) the feed's own date (channel date, else HTTP Last-Modified) or none at all
    (`date_source` `unknown`: kept out of trends); later, a new item is dated when first seen.
    """
    headers = {k.lower(): v for k, v in headers.items()}
    warnings: list[str] = []
    if not data.strip():
        raise CollectorError(f"{feed_url} : réponse vide, aucun flux. Vérifiez l'adresse.")
    data, headers, note = _fix_mislabelled_utf8(data, headers)
    if note:
        warnings.append(note)
    if not _looks_like_html(data):
        headers = _xml_content_type(headers)
    is_web = urlsplit(feed_url).scheme.lower() in ("http", "https")  # links are resolved against it below
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    entries = parsed.entries
    if not entries:
        if _looks_like_html(data) and not parsed.get("version"):
            raise CollectorError(_html_page_message(data, feed_url))
        if parsed.bozo and not parsed.get("version"):
            raise CollectorError(f"{feed_url} : ni RSS ni Atom lisible ({_problem(parsed.bozo_exception)}). "
                                 "Vérifiez que l'adresse mène au flux lui-même.")
        if not parsed.get("version"):
            raise CollectorError(f"{feed_url} : ce contenu n'est pas un flux RSS ou Atom. Vérifiez l'adresse.")
    elif parsed.bozo:
        warnings.append(f"flux mal formé ({_problem(parsed.bozo_exception)}) : {len(entries)} article(s) "
                        "récupéré(s) malgré tout")

    feed_lang = _lang(parsed.feed.get("language")) or _lang(headers.get("content-language"))
    mentions, seen_ids, seen_links = [], set(), set()
    empty = bad_dates = 0
    for entry in entries:
        mention, bad_date = _mention(entry, source, feed_url if is_web else "", feed_lang, parsed.feed)
        bad_dates += bad_date
        if mention is None:
            empty += 1
            continue
        if mention.id in seen_ids or (mention.url and mention.url in seen_links):
            continue  # the same article twice in one feed
        seen_ids.add(mention.id)
        if mention.url:
            seen_links.add(mention.url)
        mentions.append(mention)
    feed_date = _feed_date(parsed.feed)
    http_date = _http_date(headers.get("last-modified"))
    for m in mentions:
        if m.published_at is None:
            m.published_at, m.date_source = _undated(m.url, backlog, feed_date, http_date)
    if empty:
        warnings.append(f"{empty} article(s) sans titre, texte ni lien ignoré(s)")
    if bad_dates:
        warnings.append(f"{bad_dates} date(s) de publication illisible(s) : date de l'adresse, du flux ou de "
                        "première collecte utilisée à la place, sinon article laissé sans date")
    return mentions, warnings


def _undated(url: str | None, backlog: bool, feed_date: str | None, http_date: str | None) -> tuple[str | None, str]:
    """(published_at, date_source) of an item without a date of its own (see `parse_feed`)."""
    in_url = date_in_url(url) if url else None
    if in_url:
        return _when(in_url), "url"
    if not backlog:
        return None, "first_seen"  # `save_batch` dates it with the collection time
    if feed_date:
        return feed_date, "feed"
    if http_date:
        return http_date, "http"
    return None, "unknown"


def _feed_date(feed: Mapping[str, Any]) -> str | None:
    """The channel's own date (RSS `pubDate`, else `lastBuildDate`; Atom `updated`), unless in the future."""
    when = dict.get(feed, "published_parsed") or dict.get(feed, "updated_parsed")
    if when:
        return _when(datetime(*when[:6], tzinfo=UTC))
    written = dict.get(feed, "published") or dict.get(feed, "updated")
    return _when(parse_french_date(written)) if written else None


def _http_date(value: str | None) -> str | None:
    try:
        moment = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return _when(moment.replace(tzinfo=moment.tzinfo or UTC) if moment else None)


def _when(moment: datetime | None) -> str | None:
    """UTC ISO-8601 of a date a feed or server gives, or None when absent or in the future (a wrong clock)."""
    if moment is None or moment > datetime.now(UTC) + timedelta(days=1):
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _mention(entry: Mapping[str, Any], source: str, base: str, feed_lang: str | None,
             feed: Mapping[str, Any]) -> tuple[Mention | None, bool]:
    """One feed entry → a Mention (None when the entry has nothing in it), and whether its date was unreadable."""
    title = _detail_text(entry.get("title", ""), entry.get("title_detail"), one_line=True)
    body, body_detail = _body(entry)
    text = _detail_text(body, body_detail)[:LIMITS["text"]]  # the rest is cut at a word when saved
    link = (entry.get("link") or "").strip()
    url = normalize_url(urljoin(base, link) if base else link) if link else None
    guid = (entry.get("id") or "").strip()
    if guid:
        mention_id = "rss:" + _qualified_guid(guid, url, base)
    elif url:
        mention_id = "rss:" + hashlib.sha1(url.encode()).hexdigest()
    elif title or text:
        mention_id = "rss:" + hashlib.sha1(f"{title}\n{text}".encode()).hexdigest()
    else:
        return None, False
    published, bad_date = _published(entry)
    declared = [entry.get("language"), (body_detail or {}).get("language"),
                (entry.get("title_detail") or {}).get("language")]  # xml:lang in Atom, dc:language in RSS
    lang = next((_lang(x) for x in declared if _lang(x)), None) or feed_lang
    author = ((entry.get("author_detail") or {}).get("name") or entry.get("author")
              or (feed.get("author_detail") or {}).get("name") or feed.get("author"))
    raw = {
        "guid": guid or None,
        "link": link or None,
        "published": dict.get(entry, "published") or dict.get(entry, "updated"),
        "tags": [t.get("term") for t in entry.get("tags", [])[:20] if t.get("term")],
        "feed_title": feed.get("title"),
    }
    enclosures = [e.get("href") for e in entry.get("enclosures", [])[:5] if e.get("href")]
    if enclosures:
        raw["enclosures"] = enclosures
    return Mention(
        id=mention_id, platform="rss", source=source, text=text or title, url=url, title=title or None,
        author_name=(author or "").strip() or None, lang=lang, published_at=published, raw=raw,
        publication=publication(entry, feed, url),
    ), bad_date


def publication(entry: Mapping[str, Any], feed: Mapping[str, Any], url: str | None) -> str | None:
    """The medium that published an item: the original publisher an aggregator names in `<source>`, else the
    feed's own title, else the article's domain (`lemonde.fr`)."""
    for title in ((entry.get("source") or {}).get("title"), feed.get("title")):
        name = " ".join(str(title or "").split())
        if name:
            return name[:120]
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or None


def _published(entry: Mapping[str, Any]) -> tuple[str | None, bool]:
    """UTC ISO-8601 of `published`, else `updated`; and whether a date was there but unreadable."""
    # dict.get: FeedParserDict.get("updated…") silently maps to "published…" with a DeprecationWarning
    when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    if when:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", when), False
    written = dict.get(entry, "published") or dict.get(entry, "updated")
    if not written:
        return None, False
    french = parse_french_date(written)
    return (french.strftime("%Y-%m-%dT%H:%M:%SZ"), False) if french else (None, True)


def _body(entry: Mapping[str, Any]) -> tuple[str, Mapping[str, Any] | None]:
    """The fullest text of an entry: its content when given (often the whole article), else its summary."""
    for content in entry.get("content") or []:
        if (content.get("value") or "").strip():
            return content["value"], content
    return entry.get("summary", ""), entry.get("summary_detail")


def _detail_text(value: str, detail: Mapping[str, Any] | None, one_line: bool = False) -> str:
    kind = (detail or {}).get("type", "text/html")
    text = _feed_html_text(value) if "html" in kind else squeeze(value)
    return " ".join(text.split()) if one_line else text


def _qualified_guid(guid: str, url: str | None, base: str) -> str:
    """A GUID as a global key: URLs are normalised; a bare number or slug gets the site's host first."""
    if re.match(r"https?://", guid, re.I):
        return normalize_url(guid)
    if ":" in guid:  # urn:, tag:, a URI of some kind: already global
        return guid
    host = urlsplit(url or base).netloc.lower()
    return f"{host}/{guid}" if host else guid


def _lang(value: Any) -> str | None:
    """`fr-FR`, `FR`, `fr_fr` → `fr`."""
    if not isinstance(value, str):
        return None
    primary = re.split(r"[-_,;\s]", value.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


# --- problems, in French ---


def _problem(exc: Any) -> str:
    name = type(exc).__name__
    if name == "CharacterEncodingOverride":
        m = re.search(r"declared as (\S+), but parsed as (\S+)", str(exc))
        return (f"encodage déclaré « {m.group(1)} » incorrect, lu en « {m.group(2)} »" if m else
                "encodage déclaré incorrect, lu avec un autre encodage")
    if name == "CharacterEncodingUnknown":
        return "encodage inconnu"
    if name == "NonXMLContentType":
        return f"type de contenu non XML ({exc})"
    line = getattr(exc, "getLineNumber", None)
    where = f"ligne {line()} : " if callable(line) else ""
    message = getattr(exc, "getMessage", None)
    return f"XML invalide, {where}{message() if callable(message) else exc}"


_DECLARATION = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)(["'])""")
_SINGLE_BYTE = re.compile(r"(iso-?8859-?\d+|latin-?1|windows-125\d|cp125\d|us-ascii|ascii)$", re.I)


def _fix_mislabelled_utf8(data: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str], str | None]:
    """A feed declared Latin-1/Windows-1252 whose bytes are valid UTF-8 with accents is UTF-8: read it so.

    Otherwise feedparser trusts the declaration and every « é » becomes « Ã© ». The reverse case
    (declared UTF-8, really Latin-1) is caught by feedparser itself, which falls back and flags it.
    """
    declaration = _DECLARATION.match(data[:200])
    charset = re.search(r"charset=[\"']?([\w.-]+)", headers.get("content-type", ""), re.I)
    declared = (charset.group(1) if charset else None) or (declaration.group(2).decode() if declaration else None)
    if not declared or not _SINGLE_BYTE.match(declared) or data.isascii():
        return data, headers, None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data, headers, None
    if declaration:
        data = _DECLARATION.sub(rb"\1utf-8\3", data, count=1)
    if charset:
        headers = {**headers, "content-type": headers["content-type"].replace(charset.group(1), "utf-8")}
    return data, headers, f"encodage déclaré « {declared} » mais contenu en UTF-8 : lu en UTF-8"


def _xml_content_type(headers: dict[str, str]) -> dict[str, str]:
    """Treat a feed served as text/html, text/plain or untyped as XML, keeping its charset.

    Misconfigured servers are common and their users cannot fix them: without this, feedparser
    flags every fetch of a perfectly good feed as malformed.
    """
    kind = headers.get("content-type", "")
    if "xml" in kind.split(";")[0].lower():
        return headers
    charset = re.search(r"charset=[\"']?([\w.-]+)", kind, re.I)
    return {**headers, "content-type": "application/xml" + (f"; charset={charset.group(1)}" if charset else "")}


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:300]


class _FeedLinks(HTMLParser):
    """Collect `<link rel="alternate" type="application/rss+xml" href=…>` from an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "link" and "alternate" in a.get("rel", "").lower() and \
                a.get("type", "").lower() in ("application/rss+xml", "application/atom+xml") and a.get("href"):
            self.feeds.append(a["href"])


def _html_page_message(data: bytes, feed_url: str) -> str:
    finder = _FeedLinks()
    finder.feed(data[:512 * 1024].decode("utf-8", "replace"))
    found = [urljoin(feed_url, href) for href in dict.fromkeys(finder.feeds)][:3]
    if len(found) == 1:
        hint = f"Ce site annonce ce flux : {found[0]} ; mettez cette adresse dans veille.toml à la place."
    elif found:
        hint = f"Ce site annonce ces flux : {', '.join(found)} ; mettez l'une de ces adresses dans veille.toml."
    else:
        hint = ("Cherchez l'adresse du flux (lien « RSS » du site, souvent /feed ou /rss) et mettez-la dans "
                "veille.toml.")
    return f"{feed_url} : page HTML reçue au lieu d'un flux RSS/Atom. {hint}"


# --- HTML to plain text ---

_LEFTOVER_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)


def _feed_html_text(fragment: str) -> str:
    """`html_to_text`, plus a second decoding for the double-escaped entities (`&amp;eacute;`) common in French feeds."""
    text = html_to_text(fragment)
    return squeeze(unescape(text)) if _LEFTOVER_ENTITY.search(text) else text


# --- URL normalisation ---

TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
                   "_hsenc", "_hsmi", "mkt_tok", "xtor", "xtref", "ito", "at_medium", "at_campaign",
                   "at_format", "at_platform", "at_send_date", "at_link", "at_creation", "at_ptr_name",
                   "oref", "ref_src", "cmpid", "s_cid", "ncid", "sr_share", "wt_mc"}
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "ns_")


def normalize_url(url: str) -> str:
    """Canonical form of an article link: tracking parameters and fragment dropped, host lower-cased.

    The remaining query is kept byte for byte (no re-encoding), so the link still works.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a malformed port: leave the link alone rather than guess
        return url
    netloc = host if port in (None, {"http": 80, "https": 443}[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    kept = [p for p in parts.query.split("&") if p and not _is_tracking(unquote(p.split("=", 1)[0]).lower())]
    return urlunsplit((scheme, netloc, parts.path or "/", "&".join(kept), ""))


def _is_tracking(key: str) -> bool:
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)
