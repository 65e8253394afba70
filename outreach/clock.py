"""Turn the one clock and the configured time zone into aware datetimes; parse typed ones.

Everything in outreach that asks "now" asks this module (`now`, `utcnow`, `today`), so tests
freeze one clock (time-machine) and nothing depends on the hour or the day they run. What a
user types or reads is local time (OUTREACH_TIMEZONE, Europe/Amsterdam by default); the
database keeps UTC. Wrong formats become a Dutch InputError naming the option.
"""

from __future__ import annotations

import time as _time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import calendar_nl
from .errors import InputError, Where
from .texts import t


def zone() -> ZoneInfo:
    return calendar_nl.zone()  # shared with messaging: one reader, one Dutch error


_started: tuple[datetime, float] | None = None  # set by `started_at`: (moment, monotonic time then)


def utcnow() -> datetime:
    """The current moment, aware, in UTC (for storing)."""
    if _started is not None:
        moment, then = _started
        return moment + timedelta(seconds=_time.monotonic() - then)
    return datetime.now(UTC)


def now() -> datetime:
    """The current moment, aware, in the local zone."""
    return utcnow().astimezone(zone())


@contextmanager
def started_at(moment: datetime) -> Iterator[None]:
    """Run the block as if the clock had read `moment` (aware) when it began: for the demo's fixed story."""
    global _started
    before, _started = _started, (moment.astimezone(UTC), _time.monotonic())
    try:
        yield
    finally:
        _started = before


def today() -> date:
    """Today's date in the local zone (not the machine's)."""
    return now().date()


def local(moment: datetime) -> datetime:
    return moment.astimezone(zone())


FIRST_YEAR, LAST_YEAR = 2000, 2100  # outside this a typed date is a typing error (and 9999 overflows on time zones)


def _in_range(year: int, text: str, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(t("tracking.date_out_of_range", value=text, first=FIRST_YEAR, last=LAST_YEAR), Where(field=field))


def parse_date(text: str, field: str = "--date") -> date:
    """'2026-11-25' as a date between 2000 and 2100; anything else is a Dutch error."""
    try:
        day = date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InputError(t("tracking.bad_date", value=text), Where(field=field)) from None
    _in_range(day.year, text, field)
    return day


def parse_datetime(text: str, field: str = "--at") -> datetime:
    """'2026-11-25 14:30' (or with a T, or a date alone = 09:00) as an aware local datetime, 2000-2100.

    A local time that does not exist (skipped when the clocks go forward) is an error; one that
    exists twice (the night the clocks go back) is the first of the two, summer time.
    """
    value = (text or "").strip()
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), time(9))
        else:
            moment = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        raise InputError(t("tracking.bad_datetime", value=text), Where(field=field)) from None
    _in_range(moment.year, text, field)
    if moment.tzinfo is None:
        typed = moment
        moment = moment.replace(tzinfo=zone())
        if moment.astimezone(UTC).astimezone(zone()).replace(tzinfo=None) != typed:
            # 02:30 on the night the clocks go forward: read as 03:30 it would move the appointment
            raise InputError(t("tracking.time_skipped", value=text), Where(field=field))
    return moment.astimezone(zone())
