"""Messages with a deadline (`not_after`): a reminder never arrives after the appointment."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from messaging_helpers import VALUES, number

from outreach import db
from outreach.messaging import Message, list_messages, schedule, send_due
from outreach.messaging.models import CANCELLED, QUEUED, SENT

AMS = ZoneInfo("Europe/Amsterdam")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=AMS)  # reminder: the day before, 10:00
WEDNESDAY_14 = datetime(2026, 11, 25, 14, 0, tzinfo=AMS)  # the appointment


@pytest.fixture(autouse=True)
def _window_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'deadline.db'}"


def _reminder(s, working_days: str | None = None, due: datetime = TUESDAY_10,  # type: ignore[no-untyped-def]
              not_after: datetime | None = WEDNESDAY_14) -> Message | None:
    return schedule(s, prospect_id=1, purpose="herinnering-afspraak:1", template="volgende-maand", channel="sms",
                    to=number(1), values=VALUES, due_at=due, working_days=working_days, not_after=not_after)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # aware UTC, as the outbox stores it


@pytest.mark.parametrize(
    ("working_days", "due", "scheduled", "why"),
    [
        (None, TUESDAY_10, True, "Monday to Friday: Tuesday 10:00 is fine"),
        ("ma,do", TUESDAY_10, False, "coach works Mon and Thu: the first opening is Thursday, after the appointment"),
        ("di", TUESDAY_10, True, "a Tuesday coach"),
        (None, datetime(2026, 11, 25, 14, 0, tzinfo=AMS), False, "due at the very start: too late"),
        (None, datetime(2026, 11, 24, 21, 0, tzinfo=AMS), True, "evening: Wednesday 09:00 is still before 14:00"),
    ],
)
def test_schedule_refuses_a_message_whose_first_opening_is_too_late(
        database_url: str, working_days: str | None, due: datetime, scheduled: bool, why: str) -> None:
    with db.session(database_url) as s:
        msg = _reminder(s, working_days, due)
        assert (msg is not None) is scheduled, why
        if msg is not None:
            assert msg.not_after == utc(2026, 11, 25, 13, 0) and msg.send_at < msg.not_after
        else:
            assert list_messages(s) == []


def test_without_not_after_nothing_changes(url: str) -> None:
    with db.session(url) as s:
        msg = _reminder(s, "ma,do", not_after=None)
        assert msg is not None and msg.not_after is None and msg.send_at == utc(2026, 11, 26, 8, 0)


@pytest.mark.parametrize(
    ("now", "status", "why"),
    [
        (utc(2026, 11, 24, 9, 0), SENT, "Tuesday 10:00 local: in time"),
        (utc(2026, 11, 25, 12, 59), SENT, "a minute before the appointment: still goes"),
        (utc(2026, 11, 25, 13, 0), CANCELLED, "the sender was down until the appointment began"),
        (utc(2026, 11, 26, 8, 0), CANCELLED, "down until the next day"),
        (utc(2026, 11, 24, 19, 30), SENT, "after hours: deferred to Wednesday 09:00, before 14:00"),
    ],
)
def test_send_due_cancels_instead_of_sending_too_late(url: str, tmp_path: Path, now: datetime, status: str,
                                                      why: str) -> None:
    with db.session(url) as s:
        assert _reminder(s) is not None
    out = tmp_path / "sent"
    report = send_due("file", url=url, directory=out, now=now)
    if status == SENT and report.deferred:  # the window was closed: try again at its opening
        with db.session(url) as s:
            assert list_messages(s)[0].status == QUEUED
        report = send_due("file", url=url, directory=out, now=utc(2026, 11, 25, 8, 0))
    with db.session(url) as s:
        row = list_messages(s)[0]
    assert row.status == status, why
    if status == CANCELLED:
        assert report.cancelled == 1 and list(out.glob("*.json")) == []
        assert row.error_code == "too-late" and "na de afspraak" in (row.error or "")
    else:
        assert report.sent == 1


def test_a_closed_window_whose_next_opening_is_too_late_cancels(url: str, tmp_path: Path) -> None:
    """Tuesday 20:30 with a coach who works Mon, Tue and Thu: the next opening is Thursday."""
    with db.session(url) as s:
        assert _reminder(s, "ma,di,do") is not None
    report = send_due("file", url=url, directory=tmp_path, now=utc(2026, 11, 24, 19, 30))
    assert (report.cancelled, report.deferred, report.sent) == (1, 0, 0)
    with db.session(url) as s:
        assert list_messages(s)[0].status == CANCELLED


@pytest.mark.parametrize(("working_days", "weekday"), [("ma,di,wo,do,vr", 1), ("ma,do", 0)])
def test_tracking_appointment_reminder_is_bound_to_the_appointment(url: str, tmp_path: Path, working_days: str,
                                                                   weekday: int) -> None:
    """An appointment on a Wednesday: the reminder goes the day before, or for a coach who works Monday
    and Thursday on Monday (never on Thursday, after the appointment)."""
    from datetime import timedelta

    from outreach import tracking
    from outreach import clock

    csv = tmp_path / "lijst.csv"
    csv.write_text("klantnummer;voornaam;achternaam;postcode;telefoon\nK-1;Fatima;Voorbeeld;5038 AB;06-12345601\n",
                   encoding="utf-8")
    day = clock.today() + timedelta(days=7)
    day += timedelta(days=(2 - day.weekday()) % 7)  # a Wednesday at least a week ahead
    starts = datetime.combine(day, datetime.min.time().replace(hour=14), tzinfo=clock.zone())
    with db.session(url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld", phone="06-12345699", working_days=working_days)
        tracking.import_prospects(s, tracking.actor(s), csv, coach="Sanne Voorbeeld")
    with db.session(url) as s:
        tracking.log_attempt(s, tracking.actor(s), "K-1", "afspraak-gemaakt", appointment_at=starts, place="Buurthuis")
    with db.session(url) as s:
        rows = list_messages(s)
        assert [m.purpose.split(":")[0] for m in rows] == ["herinnering-afspraak"]
        assert [clock.local(m.send_at).weekday() for m in rows] == [weekday]
        for m in rows:
            # two hours before the appointment: a reminder later than that is no use
            assert m.not_after == starts - timedelta(hours=2)
