"""The report's period: `7j`, `30j`, `90j`, `2s`, `3m`, `12m` or `tout`, in whole UTC days ending on a given day.

A report covers complete days: by default the last one is yesterday, so a Monday-morning report of `7j`
reads Monday to Sunday of the week before, compared with the seven days before that.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MAX_DAYS = 3660  # ten years: more says nothing in one report and costs time
_SPEC = re.compile(r"(\d{1,4})\s*(j|jours?|s|semaines?|m|mois)")
EXAMPLES = "7j (jours), 2s (semaines), 3m (mois), 12m ou tout (depuis la première mention)"


class PeriodError(ValueError):
    """A period the report cannot use; the message says what to write instead."""


@dataclass(frozen=True)
class PeriodSpec:
    """A parsed `--period`: `count` units (`j`, `s`, `m`), or everything (`unit == "tout"`)."""

    count: int
    unit: str

    def bounds(self, last: date, first_known: date | None = None) -> tuple[date, date]:
        """First and last day of the period ending on `last` (`tout`: from the first day with data)."""
        if self.unit == "tout":
            return min(first_known or last, last), last
        if self.unit == "m":
            return _months_before(last + timedelta(days=1), self.count), last
        days = self.count * (7 if self.unit == "s" else 1)
        return last - timedelta(days=days - 1), last


def parse_period(text: str) -> PeriodSpec:
    """`7j`, `30 jours`, `2s`, `3m`, `12 mois`, `tout`: case and spaces do not matter."""
    plain = " ".join(text.strip().casefold().split())
    if plain in ("tout", "toutes", "depuis le début"):
        return PeriodSpec(0, "tout")
    found = _SPEC.fullmatch(plain)
    if not found or int(found[1]) == 0:
        raise PeriodError(f"période « {text} » incomprise : écrivez par exemple {EXAMPLES}")
    count, unit = int(found[1]), found[2][0]
    days = count * {"j": 1, "s": 7, "m": 31}[unit]
    if days > MAX_DAYS:
        raise PeriodError(f"période « {text} » trop longue : dix ans au plus ({MAX_DAYS} jours), ou « tout »")
    return PeriodSpec(count, unit)


def _months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it is shorter: 31 mars − 1 mois → 28 févr.)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
