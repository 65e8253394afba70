"""Turn a date and a coach's working days into the next day a call may be made.

Dutch public holidays come from the shared base module `outreach.calendar_nl` (Easter by the
Gregorian computus, Koningsdag on the 26th when 27 April is a Sunday). Which holidays count
comes from the rules file, so a municipality can add Goede Vrijdag or its own closing days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from ..calendar_nl import SUNDAY, WEEKDAYS, holiday_table, holidays

__all__ = ["SUNDAY", "WEEKDAYS", "Calendar", "format_days", "holiday_table", "holidays", "parse_days"]


def parse_days(text: str | Iterable[str]) -> frozenset[int]:
    """'ma,di,do' (or a list of those) as weekday numbers; unknown names raise ValueError."""
    names = [p.strip().lower()[:2] for p in (text.split(",") if isinstance(text, str) else text) if p.strip()]
    bad = [n for n in names if n not in WEEKDAYS]
    if bad or not names:
        raise ValueError(",".join(bad) or "leeg")
    return frozenset(WEEKDAYS.index(n) for n in names)


def format_days(days: Iterable[int]) -> str:
    return ",".join(WEEKDAYS[d] for d in sorted(days))


class Calendar:
    """Which days a coach can call: their working days, minus Sundays, holidays, closed days."""

    def __init__(self, working_days: Iterable[int], holiday_names: Iterable[str] = (), closed: Iterable[date] = ()) -> None:
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
        """`day` itself if calls are allowed then, else the next day they are."""
        while not self.is_call_day(day):
            day += timedelta(days=1)
        return day

    def after(self, day: date, working_days: int = 1) -> date:
        """The call day that lies `working_days` call days after `day`."""
        for _ in range(max(working_days, 1)):
            day = self.on_or_after(day + timedelta(days=1))
        return day
