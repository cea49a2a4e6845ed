"""The one French number formatter: what a reader sees for every figure, and "—" for anything missing."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from presentation import numbers

N = "\u202f"  # narrow no-break space
M = "\u2212"  # minus sign


@pytest.mark.parametrize("value, expected", [
    (1000, f"1{N}000"), (228015, f"228{N}015"), (0, "0"), (-3, f"{M}3"), (-0.2, "0"), (12.5, "12"),
])
def test_number(value, expected) -> None:
    assert numbers.number(value) == expected


@pytest.mark.parametrize("value, expected", [
    (3_200_000, f"3,2{N}M"), (308_000, f"308{N}k"), (1_800, f"1,8{N}k"), (12_500, f"12,5{N}k"), (950, "950"),
    (999.6, f"1{N}k"), (99_960, f"100{N}k"), (2_000_000, f"2{N}M"), (-45_000, f"{M}45{N}k"),
    (4_100_000_000, f"4,1{N}Md"),
])
def test_compact(value, expected) -> None:
    assert numbers.compact(value) == expected


def test_percent_points_signed_and_ratio() -> None:
    assert numbers.percent(51.8, sign=True) == f"+51,8{N}%"
    assert numbers.percent(-2.5, sign=True) == f"{M}2,5{N}%"
    assert numbers.percent(100.0) == f"100,0{N}%"
    assert numbers.points(-29.8) == f"{M}29,8{N}pts" and numbers.points(0.04) == f"0,0{N}pts"
    assert numbers.signed(-20) == f"{M}20" and numbers.signed(7) == "+7" and numbers.signed(0) == "0"
    assert numbers.number(2.44, 1) == "2,4" and numbers.ratio(2.5) == f"×{N}2,5"


@pytest.mark.parametrize("empty", [None, float("nan"), pd.NaT, pd.NA, math.nan])
def test_anything_missing_reads_a_dash(empty) -> None:
    for fmt in (numbers.number, numbers.compact, numbers.percent, numbers.points, numbers.signed, numbers.ratio,
                numbers.mentions):
        assert fmt(empty) == "—"


def test_counts_agree_in_french() -> None:
    assert numbers.mentions(0) == "0 mention" and numbers.mentions(1) == "1 mention"
    assert numbers.mentions(1500) == f"1{N}500 mentions"
    assert numbers.count(3, "alerte ouverte", "alertes ouvertes") == "3 alertes ouvertes"


ENGLISH = re.compile(r"\d\.\d|\d,\d{3}(?!\d)|-\d|\d[KMB]\b")


def test_no_english_format_ever() -> None:
    for x in (1234.5, 3_200_000.0, 0.5, -1234.0, 1_000.0, 308_000.0):
        for text in (numbers.number(x), numbers.number(x, 1), numbers.compact(x), numbers.percent(x),
                     numbers.points(x), numbers.signed(x)):
            assert not ENGLISH.search(text), text
    assert ENGLISH.search("3.2M") and ENGLISH.search("1,000") and ENGLISH.search("-29.8 pts")
