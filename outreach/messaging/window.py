"""Turn a due time and a coach's working days into the first moment a message may go out.

Sending windows are local time (OUTREACH_TIMEZONE, default Europe/Amsterdam, daylight saving
included) from OUTREACH_SEND_WINDOW ("09:00-20:00"; "off" sends at any time, for tests), on
the coach's working days, never on a Sunday or a Dutch public holiday. Datetimes in and out
are aware UTC, as the outbox stores them (`db.UtcDateTime`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from .. import calendar_nl, config
from ..errors import InputError
from ..texts import t


zone = calendar_nl.zone  # the one reader of OUTREACH_TIMEZONE: a Dutch error, never a traceback


def hours() -> tuple[time, time] | None:
    """The daily window as (start, end) local times, or None when switched off."""
    value = (config.get("OUTREACH_SEND_WINDOW") or "").strip().lower()
    if value in ("off", "uit", ""):
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError:
        raise InputError(t("messaging.bad_window", value=value)) from None
    if start >= end:
        raise InputError(t("messaging.bad_window", value=value))
    return start, end


def weekdays(value: Iterable[int] | str | None) -> frozenset[int]:
    """The coach's working days (Monday = 0); Sunday never counts. Default Monday to Friday."""
    try:
        days = calendar_nl.parse_weekdays(value)
    except ValueError:
        raise InputError(t("messaging.bad_working_days", value=value)) from None
    return frozenset(days - {calendar_nl.SUNDAY}) or calendar_nl.OFFICE_DAYS


def encode_weekdays(days: frozenset[int]) -> str:
    return ",".join(str(d) for d in sorted(days))


def next_opening(due: datetime, days: frozenset[int] | calendar_nl.Calendar = calendar_nl.OFFICE_DAYS) -> datetime:
    """The first moment at or after `due` (aware) inside the sending window, aware UTC.

    `days` are the coach's weekdays, or a whole `Calendar` with the municipality's own
    holidays and closed days (tracking's rules.toml), so messages and calls keep the same days.
    """
    window = hours()
    if due.tzinfo is None:
        raise ValueError("naive datetime")
    if window is None:
        return due.astimezone(UTC)
    cal = days if isinstance(days, calendar_nl.Calendar) else calendar_nl.Calendar(days)
    tz = zone()
    local = due.astimezone(tz)
    day = local.date()
    for _ in range(400):
        if cal.is_call_day(day):
            start = datetime.combine(day, window[0], tz)
            end = datetime.combine(day, window[1], tz)
            if local < end:
                return max(local, start).astimezone(UTC)
        day += timedelta(days=1)
    raise InputError(t("messaging.no_window"))  # unreachable with a sane calendar


def is_open(moment: datetime, days: frozenset[int] = calendar_nl.OFFICE_DAYS) -> bool:
    """Whether `moment` (aware) lies inside the sending window."""
    return next_opening(moment, days) == moment


def to_utc(value: datetime) -> datetime:
    """Aware UTC from an aware datetime, or from a naive one read as local time (as a coach types it)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone())
    return value.astimezone(UTC)
