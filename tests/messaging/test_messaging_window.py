"""Sending windows in Amsterdam time: DST, working days, Sundays and Dutch public holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from outreach import calendar_nl
from outreach.errors import InputError
from outreach.messaging import window

MON_FRI = frozenset(range(5))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # aware UTC, as the outbox stores it


@pytest.mark.parametrize(
    ("due", "days", "expected", "why"),
    [
        (utc(2026, 11, 25, 10, 0), MON_FRI, utc(2026, 11, 25, 10, 0), "Wednesday 11:00 CET: open"),
        (utc(2026, 11, 25, 6, 0), MON_FRI, utc(2026, 11, 25, 8, 0), "07:00 CET waits for 09:00 CET"),
        (utc(2026, 11, 25, 19, 30), MON_FRI, utc(2026, 11, 26, 8, 0), "20:30 CET waits for the next morning"),
        (utc(2026, 11, 27, 19, 0), MON_FRI, utc(2026, 11, 30, 8, 0), "Friday 20:00 CET: Monday"),
        (utc(2026, 11, 28, 12, 0), frozenset(range(6)), utc(2026, 11, 28, 12, 0), "Saturday for a Saturday coach"),
        (utc(2026, 11, 29, 12, 0), frozenset(range(7)), utc(2026, 11, 30, 8, 0), "never on Sunday"),
        (utc(2026, 7, 1, 6, 0), MON_FRI, utc(2026, 7, 1, 7, 0), "summer time: 09:00 CEST is 07:00 UTC"),
        (utc(2026, 3, 27, 19, 30), MON_FRI, utc(2026, 3, 30, 7, 0), "over the DST weekend: Monday 09:00 CEST"),
        (utc(2026, 10, 23, 19, 0), MON_FRI, utc(2026, 10, 26, 8, 0), "back to winter time"),
        (utc(2026, 12, 24, 19, 30), MON_FRI, utc(2026, 12, 28, 8, 0), "Christmas: 25 and 26 Dec closed"),
        (utc(2026, 4, 26, 12, 0), MON_FRI, utc(2026, 4, 28, 7, 0), "Koningsdag Monday 27 April 2026"),
        (utc(2026, 5, 13, 19, 0), MON_FRI, utc(2026, 5, 15, 7, 0), "Hemelvaartsdag 14 May 2026"),
        (utc(2026, 11, 25, 10, 0), frozenset({3}), utc(2026, 11, 26, 8, 0), "a coach who works Thursdays only"),
    ],
)
def test_next_opening(monkeypatch: pytest.MonkeyPatch, due: datetime, days: frozenset[int], expected: datetime, why: str) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")
    assert window.next_opening(due, days) == expected, why


def test_window_off_sends_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    sunday_night = utc(2026, 11, 29, 2, 0)
    assert window.next_opening(sunday_night) == sunday_night


@pytest.mark.parametrize("value", ["9-20", "20:00-09:00", "nu"])
def test_bad_window_is_a_dutch_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", value)
    with pytest.raises(InputError, match="09:00-20:00"):
        window.next_opening(utc(2026, 11, 25, 10, 0))


@pytest.mark.parametrize(
    ("value", "days"),
    [(None, {0, 1, 2, 3, 4}), ("ma,wo", {0, 2}), ("ma di za zo", {0, 1, 5}), ([1, 3], {1, 3}), ("0,4", {0, 4}), ("zo", {0, 1, 2, 3, 4})],
)
def test_working_days(value: object, days: set[int]) -> None:
    assert window.weekdays(value) == frozenset(days)  # type: ignore[arg-type]


def test_bad_working_days() -> None:
    with pytest.raises(InputError, match="werkdagen"):
        window.weekdays("maandag,feestdag")


@pytest.mark.parametrize(
    ("year", "easter"), [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28))]
)
def test_easter(year: int, easter: date) -> None:
    assert calendar_nl.easter(year) == easter


def test_koningsdag_moves_to_saturday_when_27_april_is_a_sunday() -> None:
    assert calendar_nl.holiday_table(2025)["koningsdag"] == date(2025, 4, 26)


def test_to_utc_reads_naive_as_local_time() -> None:
    assert window.to_utc(datetime(2026, 7, 1, 9, 0)) == utc(2026, 7, 1, 7, 0)
    assert window.to_utc(datetime(2026, 7, 1, 9, 0, tzinfo=UTC)) == utc(2026, 7, 1, 9, 0)


@pytest.mark.parametrize("name", ["Europe/Nergens", "../etc/passwd", "Amsterdam"])
def test_unknown_time_zone_is_one_dutch_error_for_messaging_and_tracking(monkeypatch: pytest.MonkeyPatch,
                                                                         name: str) -> None:
    from outreach import clock

    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")
    monkeypatch.setenv("OUTREACH_TIMEZONE", name)
    errors = []
    for call in (lambda: window.next_opening(utc(2026, 11, 25, 10, 0)), lambda: window.to_utc(datetime(2026, 11, 25)),
                 clock.zone, calendar_nl.zone):
        with pytest.raises(InputError, match="tijdzone") as caught:
            call()
        errors.append(str(caught.value))
    assert len(set(errors)) == 1 and "OUTREACH_TIMEZONE" in errors[0] and name in errors[0]


def test_time_zone_default_and_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert calendar_nl.zone().key == "Europe/Amsterdam"
    monkeypatch.setenv("OUTREACH_TIMEZONE", "Europe/Brussels")
    assert window.zone().key == "Europe/Brussels"
