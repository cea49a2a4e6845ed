"""Tables in French: numbers written by `presentation.numbers`, "—" in every empty cell.

`french(df, formats)` returns a pandas Styler: Streamlit's `st.dataframe` shows its display values while
sorting a column still uses the numbers, and a report can render it with `to_html()`. Streamlit writes
"None" in a cell whose value is missing, whatever the display value: so no cell stays missing — text gets
"—", and a number gets −∞ (shown "—", sorted last from the top).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from presentation.numbers import MISSING, missing


def text(value: Any) -> str:
    """A cell as text, "—" when empty."""
    return MISSING if missing(value) or value == "" else str(value)


def french(df: pd.DataFrame, formats: dict[str, Callable[[Any], str]] | None = None,
           links: tuple[str, ...] = ("Lien",)) -> Styler:
    """`df` with French display values: `formats` maps a column to its formatter (`numbers.number`,
    `numbers.compact`, …); every other column is shown as text, "—" where empty, except the `links` columns
    (a missing link stays missing: Streamlit's link column shows an empty cell, never a link to "—")."""
    formats = formats or {}
    unknown = set(formats) - set(df.columns)
    if unknown:
        raise KeyError(f"colonnes absentes du tableau : {sorted(unknown)}")
    df = df.copy()
    for column in df.columns:
        if column in links:
            continue
        if pd.api.types.is_numeric_dtype(df[column]) and not pd.api.types.is_bool_dtype(df[column]):
            df[column] = df[column].astype(float).fillna(-math.inf)
        else:
            df[column] = df[column].map(text)
    shown = {c: _shown(formats.get(c, text)) for c in df.columns if c not in links}
    return df.style.format(shown).hide(axis="index")


def _shown(fmt: Callable[[Any], str]) -> Callable[[Any], str]:
    """`fmt`, with the −∞ that stands for a missing number shown as "—"."""
    return lambda value: MISSING if isinstance(value, float) and value == -math.inf else fmt(value)
