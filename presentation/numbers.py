"""The one French number formatter: every figure the dashboard and `veille report` show goes through it.

`1 000`, `2,4`, `3,2 M`, `308 k`, `+51,8 %`, `−29,8 pts`: a narrow no-break space groups thousands and
separates units, a comma marks decimals, a true minus sign (U+2212) marks negatives. Anything missing
(None, NaN, NaT, pandas' NA) reads "—", so no "None" or "nan" ever reaches a reader. Charts get the
same rules through `D3_LOCALE` (Vega's number locale) and `AXIS_COMPACT` (axis labels).
"""

from __future__ import annotations

import math
from typing import Any

MISSING = "—"
NNBSP = "\u202f"  # narrow no-break space: thousands separator, and before a unit
MINUS = "\u2212"
# Vega/d3 number locale with the same rules (charts: tooltips and axes formatted in the browser).
D3_LOCALE = {"decimal": ",", "thousands": NNBSP, "grouping": [3], "currency": ["", f"{NNBSP}€"], "minus": MINUS}
# Vega expression for compact axis labels, as `compact` writes them (needs D3_LOCALE): 1,8 k, 3,2 M.
AXIS_COMPACT = (
    f"abs(datum.value) >= 1e6 ? format(datum.value / 1e6, ',.1~f') + '{NNBSP}M' : "
    f"abs(datum.value) >= 1e3 ? format(datum.value / 1e3, ',.1~f') + '{NNBSP}k' : format(datum.value, ',~f')"
)


def missing(x: Any) -> bool:
    """None, NaN, NaT or pandas' NA: a value nobody should see printed."""
    if x is None:
        return True
    try:
        return bool(x != x)  # NaN and NaT are the only values not equal to themselves
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def _fixed(x: float, digits: int) -> str:
    """`x` rounded to `digits` decimals, French separators, true minus sign, no "−0"."""
    text = f"{x:,.{digits}f}"
    if text.lstrip("-").strip("0.,") == "":  # -0.0 → 0
        text = text.lstrip("-")
    return text.replace(",", NNBSP).replace(".", ",").replace("-", MINUS)


def number(x: float | int | None, digits: int = 0) -> str:
    """12 345 · 2,4 (with `digits=1`) · −3."""
    return MISSING if missing(x) else _fixed(float(x), digits)


def signed(x: float | int | None, digits: int = 0) -> str:
    """+12 · −3 · 0: a change or a net score, always with its sign (none for zero)."""
    if missing(x):
        return MISSING
    text = _fixed(float(x), digits)
    return text if text.startswith(MINUS) or text.strip("0,") == "" else "+" + text


def compact(x: float | int | None) -> str:
    """3,2 M · 308 k · 12,5 k · 950: big figures at a glance (one decimal below 100 of the unit)."""
    if missing(x):
        return MISSING
    x = float(x)
    for size, unit in ((1e9, "Md"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size * 0.9995:
            scaled = x / size
            text = _fixed(scaled, 0 if abs(scaled) >= 99.95 else 1).removesuffix(",0")
            return f"{text}{NNBSP}{unit}"
    return _fixed(x, 0)


def percent(x: float | None, digits: int = 1, sign: bool = False) -> str:
    """51,8 % · +51,8 % (with `sign`): `x` is already in percent (51.8, not 0.518)."""
    if missing(x):
        return MISSING
    return f"{signed(x, digits) if sign else _fixed(float(x), digits)}{NNBSP}%"


def points(x: float | None, digits: int = 1) -> str:
    """−29,8 pts · +3,0 pts: a change of a share or of a net score, in percentage points."""
    return MISSING if missing(x) else f"{signed(x, digits)}{NNBSP}pts"


def count(n: int | None, singular: str, plural: str | None = None) -> str:
    """« 1 mention », « 12 mentions », « 0 alerte » (French: 0 and 1 take the singular)."""
    if missing(n):
        return MISSING
    word = singular if abs(n) < 2 else (plural or singular + "s")
    return f"{number(n)} {word}"


def mentions(n: int | None) -> str:
    return count(n, "mention")


def ratio(x: float | None) -> str:
    """× 2,5: how many times more."""
    return MISSING if missing(x) or math.isinf(x) else f"×{NNBSP}{_fixed(float(x), 1)}"
