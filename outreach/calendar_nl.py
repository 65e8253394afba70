"""Turn a year into Dutch public holidays, and a set of weekdays into working days.

A tiny base module with no dependencies, shared by any capability that needs to know whether
a day is a working day (messaging's sending windows; tracking may reuse it). Holidays follow
the Algemene termijnenwet (the days Dutch law treats like a Sunday); Goede Vrijdag is known
by name but not in the default set. Weekdays are numbered as `date.weekday()`: Monday = 0.
`zone()` is the one reader of OUTREACH_TIMEZONE (a Dutch error for an unknown zone).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")  # index = date.weekday()
SUNDAY = 6
OFFICE_DAYS = frozenset(range(5))  # Monday to Friday

DEFAULT_HOLIDAYS = (
    "nieuwjaarsdag",
    "eerste-paasdag",
    "tweede-paasdag",
    "koningsdag",
    "bevrijdingsdag",
    "hemelvaartsdag",
    "eerste-pinksterdag",
    "tweede-pinksterdag",
    "eerste-kerstdag",
    "tweede-kerstdag",
)


def easter(year: int) -> date:
    """Easter Sunday of `year` (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_table(year: int) -> dict[str, date]:
    """Every Dutch holiday this module knows, by name."""
    e = easter(year)
    kings = date(year, 4, 27)
    if kings.weekday() == SUNDAY:
        kings -= timedelta(days=1)
    return {
        "nieuwjaarsdag": date(year, 1, 1),
        "goede-vrijdag": e - timedelta(days=2),
        "eerste-paasdag": e,
        "tweede-paasdag": e + timedelta(days=1),
        "koningsdag": kings,
        "bevrijdingsdag": date(year, 5, 5),
        "hemelvaartsdag": e + timedelta(days=39),
        "eerste-pinksterdag": e + timedelta(days=49),
        "tweede-pinksterdag": e + timedelta(days=50),
        "eerste-kerstdag": date(year, 12, 25),
        "tweede-kerstdag": date(year, 12, 26),
    }


@lru_cache(maxsize=256)
def holidays(year: int, names: tuple[str, ...] = DEFAULT_HOLIDAYS) -> frozenset[date]:
    """The holidays of `year` that `names` selects."""
    table = holiday_table(year)
    return frozenset(table[n] for n in names if n in table)


def is_holiday(day: date, names: tuple[str, ...] = DEFAULT_HOLIDAYS) -> bool:
    """Whether `day` is a public holiday."""
    return day in holidays(day.year, names)


def parse_weekdays(value: Iterable[int] | str | None, default: frozenset[int] = OFFICE_DAYS) -> frozenset[int]:
    """Weekday numbers from ints (Monday = 0), or a string of them or of Dutch abbreviations ("ma,di,wo", "0,1,2").

    Raises ValueError for an unknown day; None or an empty value gives `default`.
    """
    if value is None:
        return default
    if isinstance(value, str):
        parts = [p for p in value.replace(",", " ").lower().split() if p]
        days = set()
        for part in parts:
            if part.isdigit() and int(part) < 7:
                days.add(int(part))
            elif part[:2] in WEEKDAYS:
                days.add(WEEKDAYS.index(part[:2]))
            else:
                raise ValueError(part)
    else:
        days = {int(d) for d in value}
        if any(d < 0 or d > 6 for d in days):
            raise ValueError(sorted(days))
    return frozenset(days) or default


def is_working_day(day: date, weekdays: frozenset[int] = OFFICE_DAYS) -> bool:
    """A weekday of the coach that is neither a Sunday nor a public holiday."""
    return day.weekday() in weekdays and day.weekday() != SUNDAY and not is_holiday(day)


def zone() -> ZoneInfo:
    """The local time zone (OUTREACH_TIMEZONE, default Europe/Amsterdam); a Dutch InputError if unknown."""
    from . import config
    from .errors import InputError, Where
    from .texts import t

    name = (config.get("OUTREACH_TIMEZONE") or "").strip() or "Europe/Amsterdam"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(t("cli.bad_timezone", name=name), Where(field="OUTREACH_TIMEZONE")) from None
