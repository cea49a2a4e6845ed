"""The collection runner: every source, every target, one transaction per batch.

Collectors fetch and parse; the runner bounds every field, matches brands, saves mentions with
the new cursor and an audit row in one transaction, and turns collector errors into source
health. One source failing never stops the others, one URL failing never stops the other URLs
of its source (the source is then `partial`); nothing here ever sleeps.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from collectors.base import AuthError, Collector, CollectorError, RateLimited, SourceConfig, targets_noun
from collectors.registry import COLLECTORS
from storage import collect_writes as writes
from storage.db import utcnow
from storage.query import Query, cased_tokenize, parse_query, tokenize
from storage.records import Brand, Mention, bound

log = logging.getLogger("veille.collect")

SessionFactory = Callable[[SourceConfig], Any]


@dataclass
class SourceReport:
    """What happened to one source in this run."""

    name: str
    status: str = "ok"  # ok | warning | partial | failed | rate_limited | skipped
    new: int = 0
    fetched: int = 0
    errors: list[str] = field(default_factory=list)
    next_attempt_at: str | None = None
    tried: int = 0  # targets fetched (not skipped)
    failed_targets: list[dict[str, str]] = field(default_factory=list)  # {"target", "error"}: the failing URLs

    @property
    def failure_summary(self) -> str:
        """« 1 adresse(s) sur 20 en échec » (feeds) or « 1 recherche(s) de marque sur 3 en échec » (platforms)."""
        noun = targets_noun([f["target"] for f in self.failed_targets])
        return f"{len(self.failed_targets)} {noun} sur {self.tried} en échec"


@dataclass
class CollectReport:
    sources: list[SourceReport]

    @property
    def failed(self) -> list[SourceReport]:
        """Sources that need the operator: failed, waiting out a rate limit, or partial (some URLs failed)."""
        return [s for s in self.sources if s.status in ("failed", "partial", "rate_limited")]

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)


class BrandMatcher:
    """Re-checks every fetched item locally against every brand query (tokenised once per mention). What a brand's
    own account publishes (`Brand.accounts`) is not a mention of that brand: its incident notices and its
    promotions would count in its volume, sentiment, share of voice and alerts."""

    def __init__(self, brands: list[Brand]):
        self.queries: list[tuple[str, Query]] = [(b.name, parse_query(b.query)) for b in brands]
        self.cased = any(query.cased for _, query in self.queries)
        self.accounts = {b.name: frozenset(map(account_key, b.accounts)) for b in brands}

    def match(self, mention: Mention) -> list[str]:
        text = f"{mention.title or ''}\n{mention.text}"
        tokens, cased = tokenize(text), cased_tokenize(text) if self.cased else None
        author = account_key(mention.author_handle or "")
        names = {author, author.split("@", 1)[0]} if author else set()  # `orbelle@instance` is also `orbelle`
        return [name for name, query in self.queries
                if not names & self.accounts[name] and query.matches_tokens(tokens, cased)]


def account_key(handle: str) -> str:
    """An account as the config and the platforms may write it: `@OrangeFR`, `orangefr` and Reddit's `u/OrangeFR`
    are one account; a Mastodon account keeps its instance (`orange@mastodon.social`)."""
    return handle.strip().removeprefix("@").removeprefix("u/").casefold()


def collect(
    conn: sqlite3.Connection,
    brands: list[Brand],
    sources: list[SourceConfig],
    run_id: int | None = None,
    only: set[str] | None = None,
    session_factory: SessionFactory | None = None,
) -> CollectReport:
    """Collect every configured source (or those named in `only`); return what happened to each."""
    writes.sync_brands(conn, brands)
    matcher = BrandMatcher(brands)
    reports = []
    for source in sources:
        if only and source.name not in only:
            continue
        writes.sync_source(conn, source.name, source.type, source.settings)
        report = _run_source(conn, source, brands, matcher, run_id, session_factory)
        if report.status != "skipped":  # a skipped source keeps the health its last real run gave it
            writes.set_source_health(conn, source.name, report.status, "; ".join(report.errors) or None,
                                     report.next_attempt_at, report.failed_targets)
        reports.append(report)
    return CollectReport(reports)


def _run_source(
    conn: sqlite3.Connection, source: SourceConfig, brands: list[Brand], matcher: BrandMatcher, run_id: int | None,
    session_factory: SessionFactory | None,
) -> SourceReport:
    """One source: skipped while its API quota waits, failed when its settings are wrong, else collected."""
    session = session_factory(source) if session_factory else None
    try:
        collector = COLLECTORS[source.type](source, session=session)
    except CollectorError as exc:  # a wrong setting in a config built in code (the loader refuses it earlier)
        return _failed(source.name, exc)
    waiting_until = writes.source_wait(conn, source.name)
    if waiting_until and waiting_until > utcnow():  # the API quota is per app: every target waits
        writes.record_skip(conn, source.name, "*", run_id, f"limite de l'API : en attente jusqu'à {waiting_until}")
        log.info("source %s : limite de l'API, en attente jusqu'à %s", source.name, waiting_until,
                 extra={"source": source.name})
        return SourceReport(source.name, "skipped", next_attempt_at=waiting_until)
    return _collect_source(conn, collector, brands, matcher, run_id)


def _failed(name: str, exc: CollectorError) -> SourceReport:
    """A source that cannot start (wrong settings): logged, and failed with the message that says the fix."""
    log.error("source %s : %s", name, exc, extra={"source": name, "cause": str(exc)})
    return SourceReport(name, "failed", errors=[str(exc)])


def _collect_source(
    conn: sqlite3.Connection, collector: Collector, brands: list[Brand], matcher: BrandMatcher, run_id: int | None
) -> SourceReport:
    name = collector.source.name
    report = SourceReport(name)
    try:
        targets = collector.targets(brands)
    except CollectorError as exc:
        return _failed(name, exc)
    skipped = 0
    auth_failed = False
    for target in targets:
        state, next_attempt = writes.load_state(conn, name, target.key)
        if next_attempt and next_attempt > utcnow():
            writes.record_skip(conn, name, target.key, run_id, f"en attente jusqu'à {next_attempt}")
            log.info("source %s, cible %s : en attente jusqu'à %s (limite de l'API)", name, target.key, next_attempt,
                     extra={"source": name, "target": target.key})
            report.next_attempt_at = max(report.next_attempt_at or "", next_attempt)
            skipped += 1
            continue
        started = utcnow()
        context = {"source": name, "target": target.key, "brand": target.params.get("brand")}
        report.tried += 1
        try:
            batch = collector.fetch(target, state)
            for mention in batch.mentions:
                bound(mention)  # a 1 MB title is cut before it is matched, stored or shown
                mention.brands = matcher.match(mention)
            batch.mentions = [m for m in batch.mentions if m.brands]
            new = writes.save_batch(conn, name, target.key, batch, started, run_id)
        except RateLimited as exc:
            writes.record_fetch_problem(conn, name, target.key, started, run_id, "rate_limited", str(exc),
                                        exc.http_status, exc.requests, next_attempt_at=exc.retry_at)
            log.warning("source %s, cible %s : limite atteinte, reprise après %s (%s)", name, target.key,
                        exc.retry_at, exc, extra={**context, "cause": "rate_limited"})
            report.status, report.next_attempt_at = "rate_limited", exc.retry_at
            report.errors.append(f"{target.key} : {exc}")
            break  # the quota is shared by every target of this source
        except AuthError as exc:
            writes.record_fetch_problem(conn, name, target.key, started, run_id, "failed", str(exc),
                                        exc.http_status, exc.requests)
            log.error("source %s : %s", name, exc, extra={**context, "cause": "auth"})
            auth_failed = True
            report.errors.append(str(exc))
            break  # the same credentials would fail for every target
        except CollectorError as exc:
            writes.record_fetch_problem(conn, name, target.key, started, run_id, "failed", str(exc),
                                        exc.http_status, exc.requests)
            said = str(exc).removeprefix(f"{target.key} : ")  # a feed's error names its address: the line does already
            log.error("source %s, cible %s : %s", name, target.key, said, extra={**context, "cause": str(exc)})
            report.failed_targets.append({"target": target.key, "error": str(exc)})
        except sqlite3.Error:
            raise  # a database problem is not the source's fault: stop the run with a clear error upstream
        except Exception as exc:  # a parser bug must not stop the other sources
            message = f"erreur inattendue {type(exc).__name__} : {exc}"
            writes.record_fetch_problem(conn, name, target.key, started, run_id, "failed", message)
            log.exception("source %s, cible %s : %s", name, target.key, message, extra=context)
            report.failed_targets.append({"target": target.key, "error": message})
        else:
            report.new += new
            report.fetched += len(batch.mentions)
            for warning in batch.warnings:
                log.warning("source %s, cible %s : %s", name, target.key, warning, extra=context)
            report.errors.extend(batch.warnings)
    if targets and skipped == len(targets):
        report.status = "skipped"
    else:
        report.status = _status(report, auth_failed)
    return report


def _status(report: SourceReport, auth_failed: bool) -> str:
    """rate_limited stays; failed when nothing worked (or the credentials did not); partial when some
    URLs failed and others worked; else warning or ok. The failing URLs come first in `errors` (what
    `veille sources` and the Sources page show)."""
    failures = report.failed_targets
    listed = [f"{f['target']} : {f['error']}" for f in failures]
    if report.status == "rate_limited" or auth_failed or (failures and report.tried == len(failures)):
        report.errors[:0] = listed
        return "rate_limited" if report.status == "rate_limited" else "failed"
    if failures:
        report.errors[:0] = [report.failure_summary, *listed]
        return "partial"
    return "warning" if report.errors else "ok"
