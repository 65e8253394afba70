"""One Babel format each for date, time and date-time, used by every page and command (18.17)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from outreach import dates

PACKAGE = Path(__file__).resolve().parent.parent / "outreach"


@pytest.mark.parametrize("value, text", [
    (dt.date(2026, 12, 2), "woensdag 2 december 2026"),
    (dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.timezone.utc), "donderdag 2 juli 2026"),  # a summer night in Amsterdam: the next day
])
def test_date(value: dt.date, text: str) -> None:
    assert dates.date(value) == text


def test_time_and_date_time() -> None:
    assert dates.time(dt.time(9, 5)) == "9.05"
    assert dates.date_time(dt.datetime(2026, 12, 2, 13, 30, tzinfo=dt.timezone.utc)) == "woensdag 2 december 2026 om 14.30"
    assert dates.date_time(dt.datetime(2026, 12, 2, 13, 30)) == "woensdag 2 december 2026 om 14.30"  # naive: UTC from the database


def test_no_page_or_command_formats_a_date_itself() -> None:
    own = re.compile(r"strftime\(|format_date\(|format_time\(|format_datetime\(|:%d-%m|%H\.%M")
    for path in [*PACKAGE.glob("web/pages/*.html"), *PACKAGE.glob("cli/*.py"), *PACKAGE.glob("web/*.py"),
                 *PACKAGE.glob("tracking/*.py"), *PACKAGE.glob("messaging/*.py")]:
        if path.name == "fakeserver.py":  # Twilio's RFC 2822 dates, for machines
            continue
        assert not own.search(path.read_text(encoding="utf-8")), path.name
