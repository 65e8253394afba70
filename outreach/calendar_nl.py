"""Turn a year into Dutch public holidays, and a coach's weekdays and closed days into working days.

A tiny base module with no dependencies, shared by every capability that needs to know whether
a day is a working day: tracking's call planning and messaging's sending windows use the same
`Calendar` (weekdays, holidays by name, a municipality's own closed days). Holidays follow
the Algemene termijnenwet (the days Dutch law treats like a Sunday); Goede Vrijdag is known
by name but not in the default set. Weekdays are numbered as `date.weekday()`: Monday = 0.
`zone()` is the one reader of OUTREACH_TIMEZONE (a Dutch error for an unknown zone).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .fields import whole_number

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


def parse_weekdays(value: Iterable[int] | str | None, default: frozenset[int] = OFFICE_DAYS,
                   strict: bool = False) -> frozenset[int]:
    """Weekday numbers from ints (Monday = 0), or a string or list of Dutch names ("ma,di,wo").

    Lenient (the default) also takes digits ("0,1,2") and gives `default` for None or nothing.
    Strict takes Dutch names only and refuses an empty value. Raises ValueError with the bad part.
    """
    if value is None and not strict:
        return default
    if isinstance(value, str) or value is None:
        parts = [p for p in (value or "").replace(",", " ").lower().split() if p]
    else:
        parts = [str(p).strip().lower() for p in value if str(p).strip()]
    days = set()
    for part in parts:
        if not strict and (number := whole_number(part, 6)) is not None:
            days.add(number)
        elif part[:2] in WEEKDAYS and (not strict or part.isalpha()):
            days.add(WEEKDAYS.index(part[:2]))
        else:
            raise ValueError(part)
    if strict and not days:
        raise ValueError("leeg")
    return frozenset(days) or default


def format_weekdays(days: Iterable[int]) -> str:
    """'ma,di,do' for weekday numbers."""
    return ",".join(WEEKDAYS[d] for d in sorted(days))


class Calendar:
    """Which days count: the working days, minus Sundays, the named holidays and the closed days."""

    def __init__(self, working_days: Iterable[int] = OFFICE_DAYS, holiday_names: Iterable[str] = DEFAULT_HOLIDAYS,
                 closed: Iterable[date] = ()) -> None:
        self.working_days = frozenset(d for d in working_days if d != SUNDAY)
        self.holiday_names = tuple(holiday_names)
        self.closed = frozenset(closed)
        if not self.working_days:
            raise ValueError("no working days")

    def is_call_day(self, day: date) -> bool:
        return (
            day.weekday() in self.working_days
            and day not in self.closed
            and day not in holidays(day.year, self.holiday_names)
        )

    def on_or_after(self, day: date) -> date:
        """`day` itself if it counts, else the next day that does."""
        while not self.is_call_day(day):
            day += timedelta(days=1)
        return day

    def after(self, day: date, working_days: int = 1) -> date:
        """The day that lies `working_days` counting days after `day`."""
        for _ in range(max(working_days, 1)):
            day = self.on_or_after(day + timedelta(days=1))
        return day


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
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as 'Europe', an unreadable file
        raise InputError(t("cli.bad_timezone", name=name), Where(field="OUTREACH_TIMEZONE")) from None
