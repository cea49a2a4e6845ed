"""Dates that feedparser cannot read but French feeds publish anyway, and dates for items that have none.

French CMSs often put local, French-formatted dates in `pubDate`: `dim, 05/03/2020 - 11:30`
(Drupal's default, month first), `12 févr. 2024 à 10h30`, `il y a 2 heures`, `hier à 18:00`.
Without this, every such item would be undated. Times without a zone are taken as Paris time;
a weekday, when given, settles whether 05/03 is day-first or month-first.

An item with no date at all may still carry one in its link (`/2020/05/09/…`, Le Parisien's
`…-09-05-2020-8313681.php`): `date_in_url` reads it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from storage.query import fold

try:
    from zoneinfo import ZoneInfo

    PARIS: tzinfo = ZoneInfo("Europe/Paris")
except Exception:  # no tz database on this system: Paris in winter is the closer guess than UTC
    PARIS = timezone(timedelta(hours=1))

WEEKDAYS = {"lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6,
            "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = {"jan": 1, "fev": 2, "feb": 2, "mar": 3, "avr": 4, "apr": 4, "mai": 5, "may": 5, "juin": 6, "jun": 6,
          "juil": 7, "jul": 7, "aou": 8, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
UNITS = {"seconde": 1, "minute": 60, "heure": 3600, "jour": 86400, "semaine": 7 * 86400, "mois": 30 * 86400}

_TIME = r"(?:\s*(?:-|a|,|t)?\s*(\d{1,2})\s*[:h]\s*(\d{2})?(?::(\d{2}))?)?"
_ZONE = r"\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?\s*$"
_WEEKDAY = r"(?:([a-z]+)\.?,?\s+)?"
_NUMERIC = re.compile(r"^" + _WEEKDAY + r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})" + _TIME + _ZONE)
_TEXTUAL = re.compile(r"^" + _WEEKDAY + r"(\d{1,2})(?:er)?\s+([a-z]+)\.?,?\s+(\d{4})" + _TIME + _ZONE)
_RELATIVE = re.compile(r"^il y a\s+(\d+|une?|quelques)\s+(seconde|minute|heure|jour|semaine|mois)s?\b")
_DAY_WORD = re.compile(r"^(aujourd'hui|aujourd hui|hier|avant-hier)" + _TIME + r"\s*$")


def parse_french_date(text: str, now: datetime | None = None) -> datetime | None:
    """A UTC datetime for the French date formats above, or None when `text` is none of them."""
    now = now or datetime.now(UTC)
    s = " ".join(fold(text).replace("\u2019", "'").split())
    if m := _RELATIVE.match(s):
        count = {"un": 1, "une": 1, "quelques": 3}.get(m.group(1)) or int(m.group(1))
        return (now - timedelta(seconds=count * UNITS[m.group(2)])).replace(microsecond=0)
    if m := _DAY_WORD.match(s):
        back = {"hier": 1, "avant-hier": 2}.get(m.group(1), 0)
        day = now.astimezone(PARIS).date() - timedelta(days=back)
        return _at(day, m.group(2), m.group(3), m.group(4), None)
    if m := _NUMERIC.match(s):
        weekday, a, b, year = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        day = _day_month(weekday, a, b, year)
        return _at(day, *m.group(5, 6, 7, 8)) if day else None
    if m := _TEXTUAL.match(s):
        month = next((n for prefix, n in MONTHS.items() if m.group(3).startswith(prefix)), None)
        try:
            day = date(int(m.group(4)), month, int(m.group(2))) if month else None
        except ValueError:
            return None
        return _at(day, *m.group(5, 6, 7, 8)) if day else None
    return None


_URL_YMD = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[/_-]([0-9]{1,2})[/_-]([0-9]{1,2})(?![0-9])")
_URL_DMY = re.compile(r"(?<![0-9])([0-9]{1,2})[_-]([0-9]{1,2})[_-]((?:19|20)[0-9]{2})(?![0-9])")


def date_in_url(url: str, now: datetime | None = None) -> datetime | None:
    """The day written in an article's link (year first, or French day first), at noon UTC; None when absent.

    Only the day is known: noon UTC keeps it the same day in every European time zone. A date in
    the future or before 1995 is not a publication date.
    """
    now = now or datetime.now(UTC)
    path = url.split("://", 1)[-1].partition("/")[2]  # the host cannot hold a date
    found = [(int(y), int(m), int(d)) for y, m, d in _URL_YMD.findall(path)]
    found += [(int(y), int(m), int(d)) for d, m, y in _URL_DMY.findall(path)]
    for year, month, day in found:
        try:
            when = datetime(year, month, day, 12, tzinfo=UTC)
        except ValueError:
            continue
        if 1995 <= year and when <= now + timedelta(days=1):
            return when
    return None


def _day_month(weekday: str | None, a: int, b: int, year: int) -> date | None:
    """Day-first (French) unless impossible or the weekday says month-first."""
    candidates = []
    for day, month in ((a, b), (b, a)):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            pass
    wanted = WEEKDAYS.get((weekday or "")[:3])
    if wanted is not None:
        matching = [d for d in candidates if d.weekday() == wanted]
        if matching:
            return matching[0]
    return candidates[0] if candidates else None


def _at(day: date, hour: str | None, minute: str | None, second: str | None, zone: str | None) -> datetime | None:
    try:
        local = datetime(day.year, day.month, day.day, int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if zone in (None, ""):
        return local.replace(tzinfo=PARIS).astimezone(UTC)
    if zone in ("z", "utc", "gmt"):
        return local.replace(tzinfo=UTC)
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return local.replace(tzinfo=timezone(sign * offset)).astimezone(UTC)
