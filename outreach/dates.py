"""Turn dates and times into the Dutch text pages and commands show: one Babel format each for date, time and date-time.

    date(d)          'woensdag 2 december 2026'            (written out, with the day a coach plans by)
    time(t)          '14.30'                               (as Dutch readers write a time)
    date_time(dt)    'woensdag 2 december 2026 om 14.30'   (an aware moment in the local zone)

Letters keep their own forms for the reader (`documents.filters`: 'dinsdag 8 december',
'8 december 2026' on the date line, '14.30 uur').
"""

from __future__ import annotations

import datetime as dt
from datetime import timezone

from . import clock

LOCALE = "nl_NL"
DATE, TIME = "EEEE d MMMM y", "H.mm"
DATE_TIME = f"{DATE} 'om' {TIME}"


def _local(moment: dt.datetime) -> dt.datetime:
    """`moment` in the local zone; a naive one is taken as UTC (how the database hands them back)."""
    return clock.local(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))


def date(value: dt.date | dt.datetime) -> str:
    from babel.dates import format_date

    return format_date(_local(value).date() if isinstance(value, dt.datetime) else value, DATE, locale=LOCALE)


def time(value: dt.time | dt.datetime) -> str:
    from babel.dates import format_time

    return format_time(_local(value).time() if isinstance(value, dt.datetime) else value, TIME, locale=LOCALE)


def date_time(value: dt.datetime) -> str:
    from babel.dates import format_datetime

    return format_datetime(_local(value), DATE_TIME, locale=LOCALE)
