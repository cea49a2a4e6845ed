"""`veille report --period`: durations in days, weeks, months or everything, in whole days ending on a given day."""

from __future__ import annotations

from datetime import date

import pytest

from veille.report.period import PeriodError, parse_period


@pytest.mark.parametrize(("text", "start"), [
    ("7j", date(2026, 11, 24)), ("30 jours", date(2026, 11, 1)), ("1j", date(2026, 11, 30)),
    ("2s", date(2026, 11, 17)), ("1 semaine", date(2026, 11, 24)), ("1m", date(2026, 11, 1)),
    ("3 mois", date(2026, 9, 1)), ("12m", date(2025, 12, 1)), (" 90J ", date(2026, 9, 2)),
])
def test_a_period_ends_on_the_last_day_and_covers_whole_days(text, start):
    assert parse_period(text).bounds(date(2026, 11, 30)) == (start, date(2026, 11, 30))


def test_months_keep_the_day_or_take_the_shorter_month_s_last():
    assert parse_period("1m").bounds(date(2026, 3, 30)) == (date(2026, 2, 28), date(2026, 3, 30))
    assert parse_period("12m").bounds(date(2026, 12, 3)) == (date(2025, 12, 4), date(2026, 12, 3))


def test_everything_starts_at_the_first_mention():
    spec = parse_period("tout")
    assert spec.bounds(date(2026, 11, 30), date(2019, 11, 25)) == (date(2019, 11, 25), date(2026, 11, 30))
    assert spec.bounds(date(2026, 11, 30)) == (date(2026, 11, 30), date(2026, 11, 30))  # an empty base: one day
    assert spec.bounds(date(2019, 1, 1), date(2019, 11, 25)) == (date(2019, 1, 1), date(2019, 1, 1))


@pytest.mark.parametrize(("text", "why"), [("0j", "incomprise"), ("semaine", "incomprise"), ("7d", "incomprise"),
                                           ("-7j", "incomprise"), ("4000j", "trop longue"), ("200m", "trop longue")])
def test_a_period_it_cannot_read_says_what_to_write(text, why):
    with pytest.raises(PeriodError, match=why) as error:
        parse_period(text)
    assert "7j" in str(error.value) or "tout" in str(error.value)
