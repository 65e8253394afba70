"""Turn tracking's imports of weekday parsing and the calendar into the shared `outreach.calendar_nl` ones.

Dutch public holidays, weekday names and the `Calendar` (working days minus Sundays, holidays
and a municipality's closed days) live in the base module, so messaging's sending windows and
tracking's call planning agree. Tracking parses strictly: Dutch day names only, never empty.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..calendar_nl import SUNDAY, WEEKDAYS, Calendar, holiday_table, holidays, parse_weekdays
from ..calendar_nl import format_weekdays as format_days

__all__ = ["SUNDAY", "WEEKDAYS", "Calendar", "format_days", "holiday_table", "holidays", "parse_days"]


def parse_days(text: str | Iterable[str]) -> frozenset[int]:
    """'ma,di,do' (or a list of those) as weekday numbers; unknown names or nothing raise ValueError."""
    return parse_weekdays(text, strict=True)
