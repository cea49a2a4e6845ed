"""One selection model for every reader of mentions: the dashboard's pages and export button, `veille export`
and `veille report`.

The same `Filters` become SQL on two kinds of rows, each described once by a `Rows` beside its readers:
`dashboard_queries.FACTS` (dash_facts, one row per mention × brand, tags flattened: a 'mixed' sentiment, a
motivation bit mask) and `export_queries.TAGGED` (the mentions_tagged view, one row per mention: a
mitigated mention is neutral with `mixed = 1`, brands and motivations in their own tables).
`filter_terms` is the only place where a filter becomes SQL: a new filter is one field here and one
term per kind of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from storage.query import parse_query

# A filter's SQL on rows aliased `alias` for these values (never empty): (term, parameters).
Term = Callable[[str, tuple[str, ...]], tuple[str, list[Any]]]


@dataclass(frozen=True)
class Filters:
    """A selection of mentions. Empty tuples and None mean "all"; several values of one filter are OR-ed.

    `start`/`end` are UTC days (ISO, both inclusive; the dashboard always sets both, its periods need them).
    `since`/`until` (UTC ISO-8601, until exclusive) narrow the period to part of a day, for drill-downs;
    the daily summaries ignore them. `sentiments` may contain 'mixed' (the mitigated mentions) and, on the
    dashboard, '' (not analysed yet); `langs` may contain '' (unknown language). `query` is in the brand
    query language, searched in the full text by row-level reads (the dashboard's summaries refuse it).
    """

    start: str | None = None
    end: str | None = None
    brands: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    motivations: tuple[str, ...] = ()
    query: str | None = None
    since: str | None = None
    until: str | None = None

    @property
    def motivation(self) -> str | None:
        """The one motivation selected, or None for all: the dashboard's summaries hold one label per row."""
        if len(self.motivations) > 1:
            raise ValueError("les résumés du tableau de bord ne lisent qu'une motivation à la fois")
        return self.motivations[0] if self.motivations else None

    @property
    def only_brand(self) -> str | None:
        """The brand when exactly one is selected: a page about one brand shows and exports its own sentiment."""
        return self.brands[0] if len(self.brands) == 1 else None

    @property
    def days(self) -> int:
        return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days + 1

    def previous(self) -> Filters:
        """The same selection over the period of equal length just before."""
        n = self.days
        start = date.fromisoformat(self.start)
        return replace(self, start=(start - timedelta(days=n)).isoformat(),
                       end=(start - timedelta(days=1)).isoformat(), since=None, until=None)

    def narrow(self, since: str, until: str, brand: str | None = None) -> Filters:
        """A drill-down: this selection restricted to [since, until) and optionally one brand."""
        return replace(self, since=since, until=until, brands=(brand,) if brand else self.brands)

    @property
    def time_range(self) -> tuple[str | None, str | None]:
        """[since, until) as published_at text bounds; None on a side the selection leaves open."""
        first = None if self.start is None else f"{self.start}T00:00:00Z"
        after = None if self.end is None else (date.fromisoformat(self.end) + timedelta(days=1)).isoformat()
        last = None if after is None else f"{after}T00:00:00Z"
        since = max(self.since, first) if self.since and first else self.since or first
        return since, self.until or last


def marks(values: Sequence[Any]) -> str:
    """`IN (?, ?, …)` for these values."""
    return f"IN ({','.join('?' * len(values))})"


def column(name: str) -> Term:
    """A filter on a column of the rows themselves."""
    return lambda alias, values: (f"{alias}.{name} {marks(values)}", list(values))


def linked(table: str, name: str) -> Term:
    """A filter on a table of (mention_id, `name`) rows: the mention has one of the values."""
    return lambda alias, values: (f"EXISTS (SELECT 1 FROM {table} x WHERE x.mention_id = {alias}.id "
                                  f"AND x.{name} {marks(values)})", list(values))


@dataclass(frozen=True)
class Rows:
    """How each filter reads one table or view, aliased `alias`; time, platform and language are its columns.

    `query` is the term selecting the rows of `{a}`, the alias, whose mention `mentions_fts` finds by `{match}`
    (`search_condition`). `sentiments` also gets the brands filtered on: the sentiment asked for is the mention's
    toward them (a row per mention and brand has it; a row per mention looks it up).
    """

    alias: str
    brands: Term
    sentiments: Callable[[str, tuple[str, ...], tuple[str, ...]], tuple[str, list[Any]]]
    motivations: Term
    query: str


def filter_terms(f: Filters, rows: Rows) -> tuple[list[str], list[Any]]:
    """The terms (to be AND-ed) and parameters selecting `f` on `rows`.

    Raises `QuerySyntaxError` on a bad query.
    """
    a = rows.alias
    terms: list[str] = []
    params: list[Any] = []
    since, until = f.time_range
    for bound, op in ((since, ">="), (until, "<")):
        if bound is not None:
            terms.append(f"{a}.published_at {op} ?")
            params.append(bound)
    for values, term in ((f.brands, rows.brands), (f.platforms, column("platform")),
                         (f.sentiments, lambda alias, values: rows.sentiments(alias, values, f.brands)),
                         (f.langs, column("lang")), (f.motivations, rows.motivations)):
        if values:
            sql, values_params = term(a, values)
            terms.append(sql)
            params += values_params
    if f.query:
        condition, condition_params = search_condition(f.query)
        terms.append(rows.query.format(a=a, match=condition))
        params += condition_params
    return terms, params


def search_condition(text: str) -> tuple[str, list[Any]]:
    """The condition on `mentions_fts` selecting what the query `text` finds, and its parameters. FTS5 finds the
    words; a `{Total}`, whose case it cannot see, is then checked by the collectors' own matcher (`veille_match`,
    registered by `storage.db`). Raises `QuerySyntaxError` on a bad query."""
    query = parse_query(text)
    if not query.cased:
        return "mentions_fts MATCH ?", [query.to_fts5()]
    return "mentions_fts MATCH ? AND veille_match(?, mentions_fts.title, mentions_fts.text)", [query.to_fts5(), text]
