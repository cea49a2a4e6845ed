"""The export schema for a spreadsheet: French values of its coded columns, formula-safe CSV cells.

Shared by `veille export` (its writers, `--fr`) and the dashboard's CSV download, so both give the same
columns, headers and values. The columns themselves (`storage.export_queries.EXPORT_COLUMNS`: code, kind,
French header) are passed in: this room may not import `storage`. The French names come from
`presentation.labels`, the labels the dashboard shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from presentation import labels

_YES_NO = {True: "oui", False: "non"}
# Sentiments in lower case, as a value in a cell (the dashboard's capitalised names are titles and legends).
_SENTIMENTS = {code: name.lower() for code, name in labels.SENTIMENTS.items() if code not in ("", "mixed")}
# Column code → stored value → French value; every boolean column is oui/non; the other columns not listed keep
# their values (text, numbers, dates).
FRENCH_VALUES: dict[str, dict[Any, str]] = {
    "sentiment": _SENTIMENTS, "model_sentiment": _SENTIMENTS,
    "date_source": {"item": "article", "url": "lien", "feed": "flux", "http": "serveur", "first_seen": "collecte",
                    "unknown": "inconnue"},
    "motivations": {code: names[0] for code, names in labels.MOTIVATIONS.items()},
    "categories": labels.CATEGORIES, "emotions": labels.EMOTIONS,
    "brand_sentiments": {**_SENTIMENTS, "mixed": labels.SENTIMENTS["mixed"].lower()},
}
PAIRS = frozenset({"brand_sentiments"})  # list columns of `Marque:code` items
# A cell starting with one of these is a formula for Excel/LibreOffice: mention text is
# attacker-controlled, so CSV cells get a leading apostrophe (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Column(Protocol):
    """What is read of an export column (`storage.export_queries.Column`)."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def french(self) -> str: ...


def neutralise(value: str | None) -> str | None:
    """The cell with a leading apostrophe when a spreadsheet would read it as a formula."""
    if value is not None and value.startswith(FORMULA_START):
        return "'" + value
    return value


def french_values(name: str, kind: str) -> dict[Any, str] | None:
    """Stored value → French value for one column (oui/non for every boolean), or None when it keeps its values."""
    return _YES_NO if kind == "bool" else FRENCH_VALUES.get(name)


def in_french(name: str, kind: str) -> Callable[[Any], Any] | None:
    """The French label of a coded value (a list's items one by one, the code after the last `:` of a
    `Marque:code` pair), or None when the column has none."""
    names = french_values(name, kind)
    if names is None:
        return None
    if name in PAIRS:
        return lambda items: [f"{brand} : {names.get(code, code)}" for brand, code in pairs(items)]
    if kind == "list":
        return lambda items: [names.get(item, item) for item in items]
    return lambda value: None if value is None else names.get(value, value)


def _bool_cell(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _list_cell(items: list[str]) -> str | None:
    return neutralise(",".join(items))


_CELLS: dict[str, Callable[[Any], Any] | None] = {
    "text": neutralise, "time": None, "int": None, "real": None, "bool": _bool_cell, "list": _list_cell}


def csv_cells(columns: Sequence[Column], french: bool = False) -> list[tuple[str, Callable[[Any], Any] | None]]:
    """(column code, converter or None) per column: the CSV cell of a row's value, formulas neutralised, lists
    joined with commas, booleans 1/0; with `french`, coded values in French first (booleans oui/non).

    One converter per column, chosen once: a CSV writer applies them to millions of cells.
    """
    cells = []
    for c in columns:
        cell = _CELLS[c.kind]
        if french:
            cell = _then(in_french(c.name, c.kind), cell if c.kind != "bool" else None)
        cells.append((c.name, cell))
    return cells


def _then(first: Callable | None, second: Callable | None) -> Callable | None:
    if first is None or second is None:
        return first or second
    return lambda value: second(first(value))


def spreadsheet_rows(columns: Sequence[Column], rows: Iterable[dict], brand: str | None = None) -> list[dict[str, Any]]:
    """Export rows as `veille export --fr` writes them in CSV: French headers, French values, CSV cells.

    With `brand` (a selection of one brand), a column « sentiment envers <brand> » follows « marques »: the one
    a communicator reads for that brand, where `sentiment` is the text's as a whole (a press article neutral as a
    whole can blame the brand). Its value is the brand's item of `brand_sentiments`."""
    cells = csv_cells(columns, french=True)
    headers = [c.french for c in columns]
    after = next((c.french for c in columns if c.name == "brands"), None) if brand is not None else None
    out = []
    for row in rows:
        sheet = {}
        for header, (name, cell) in zip(headers, cells, strict=True):
            sheet[header] = row[name] if cell is None else cell(row[name])
            if header == after:
                sheet[f"sentiment envers {brand}"] = brand_sentiment(row["brand_sentiments"], brand)
        out.append(sheet)
    return out


def brand_sentiment(items: Sequence[str], brand: str) -> str | None:
    """The French sentiment of `brand` among `Marque:code` items (None: not analysed, or not its mention)."""
    names = FRENCH_VALUES["brand_sentiments"]
    return next((names.get(code, code) for name, code in pairs(items) if name == brand), None)


def pairs(items: Iterable[str]) -> Iterable[tuple[str, str]]:
    """(brand, code) of `Marque:code` items; the code is after the last `:` (a brand's name may hold one)."""
    return ((brand, code) for brand, _, code in (item.rpartition(":") for item in items))
