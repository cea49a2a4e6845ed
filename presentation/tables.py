"""Tables in French: numbers written by `presentation.numbers`, "—" in every empty cell.

`french(df, formats)` returns a pandas Styler: Streamlit's `st.dataframe` shows its display values
while sorting a column still uses the numbers, and a report can render it with `to_html()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from presentation.numbers import MISSING, missing


def text(value: Any) -> str:
    """A cell as text, "—" when empty."""
    return MISSING if missing(value) or value == "" else str(value)


def french(df: pd.DataFrame, formats: dict[str, Callable[[Any], str]] | None = None) -> Styler:
    """`df` with French display values: `formats` maps a column to its formatter (`numbers.number`,
    `numbers.compact`, …); every other column is shown as text, "—" where empty."""
    formats = formats or {}
    unknown = set(formats) - set(df.columns)
    if unknown:
        raise KeyError(f"colonnes absentes du tableau : {sorted(unknown)}")
    return df.style.format({c: formats.get(c, text) for c in df.columns}).hide(axis="index")
