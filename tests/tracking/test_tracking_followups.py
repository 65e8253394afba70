"""Tracking events schedule follow-up messages in the real messaging outbox (when it exists)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from clock_helpers import earlier
from sqlalchemy import select

from outreach import db, tracking
from outreach import clock


CSV = """klantnummer;voornaam;achternaam;postcode;telefoon;telefoon2;whatsapp
K-1;Fatima;Voorbeeld;5038 AB;06-12345601;;nee
K-2;Jan;Proefpersoon;5038 AC;013-5430012;;
K-3;Anna;de Testers;5038 AD;013-5430013;06-12345603;ja
"""


@pytest.fixture(autouse=True)
def _window_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that do not pin the clock must not depend on the hour they run at."""
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    path = tmp_path / "lijst.csv"
    path.write_text(CSV, encoding="utf-8")
    with earlier(), db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld", phone="06-12345699")
        tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne Voorbeeld")
    return database_url


def outbox(url: str) -> list[tuple[int, str, str, str, str]]:
    from outreach.messaging import Message

    with db.session(url) as s:
        return [(m.prospect_id, m.purpose, m.template, m.channel, m.status)
                for m in s.scalars(select(Message).order_by(Message.id))]


def pid(url: str, ref: str) -> int:
    with db.session(url) as s:
        return tracking.find_prospect(s, tracking.actor(s), ref).id


def log(url: str, ref: str, code: str, **kw: object) -> tracking.service.Logged:  # type: ignore[name-defined]
    with db.session(url) as s:
        return tracking.log_attempt(s, tracking.actor(s), ref, code, **kw)


def test_unanswered_call_sends_one_missed_call_message_per_round(url: str) -> None:
    first = log(url, "K-1", "geen-gehoor")
    second = log(url, "K-1", "voicemail")
    assert first.messages[0].scheduled and not second.messages[0].scheduled  # same round: already there
    assert outbox(url) == [(pid(url, "K-1"), "gemist-gesprek:ronde-1", "gemist-gesprek", "sms", "queued")]


def test_only_mobile_numbers_get_messages_and_whatsapp_when_preferred(url: str) -> None:
    log(url, "K-2", "geen-gehoor")  # landline only: no message
    log(url, "K-3", "geen-gehoor")  # landline first, mobile second, prefers WhatsApp
    assert outbox(url) == [(pid(url, "K-3"), "gemist-gesprek:ronde-1", "gemist-gesprek", "whatsapp", "queued")]


def test_backdated_unanswered_call_sends_nothing(url: str) -> None:
    log(url, "K-1", "geen-gehoor", at=clock.now() - timedelta(days=2))
    assert outbox(url) == []


def test_appointment_reminder_day_before_at_ten_and_cancelled_when_missed(url: str) -> None:
    from outreach.messaging import Message

    starts = datetime.combine(clock.today() + timedelta(days=5), datetime.min.time().replace(hour=14), tzinfo=clock.zone())
    log(url, "K-1", "afspraak-gemaakt", appointment_at=starts, place="Buurthuis De Linde")
    with db.session(url) as s:
        msg = s.scalar(select(Message))
        assert msg is not None and msg.purpose.startswith("herinnering-afspraak:")
        due = clock.local(msg.due_at)
        assert (due.date(), due.hour, due.minute) == (starts.date() - timedelta(days=1), 10, 0)
        assert "Buurthuis De Linde" in msg.body
    log(url, "K-1", "afspraak-gemist", at=clock.now())
    assert [m[4] for m in outbox(url)] == ["cancelled"]


def test_not_at_home_and_not_interested(url: str) -> None:
    log(url, "K-1", "niet-thuis")
    log(url, "K-1", "geen-interesse")
    assert [m[2] for m in outbox(url)] == ["na-huisbezoek", "volgende-maand"]


def test_erase_forgets_messages(url: str) -> None:
    log(url, "K-1", "geen-gehoor")
    with db.session(url) as s:
        tracking.erase_prospect(s, tracking.actor(s), "K-1")
    assert outbox(url) == []


def test_a_coach_sees_and_changes_only_messages_of_their_own_people(url: str) -> None:
    from outreach.errors import NotFoundError

    with db.session(url) as s:
        tracking.add_coach(s, tracking.actor(s), "Bram Testcoach")
    log(url, "K-1", "geen-gehoor")
    with db.session(url) as s:
        sanne, bram = tracking.actor(s, "Sanne"), tracking.actor(s, "Bram")
        mine = tracking.messages_for(s, sanne)
        assert [m.client_number for m in mine] == ["K-1"] and tracking.messages_for(s, bram) == []
        with pytest.raises(NotFoundError):
            tracking.cancel_message(s, bram, mine[0].message.id)
        assert tracking.cancel_message(s, sanne, mine[0].message.id).status == "cancelled"


# --- coach Fatima works ma,di,do; the sending window is on; the clock is pinned -------------------

AMS = "Europe/Amsterdam"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=clock.zone())


@pytest.fixture
def fatima(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")
    monkeypatch.setenv("OUTREACH_TIMEZONE", AMS)
    path = tmp_path / "lijst.csv"
    path.write_text(CSV, encoding="utf-8")
    with earlier(), db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Fatima Testcoach", phone="06-12345698", working_days="ma,di,do")
        tracking.import_prospects(s, tracking.actor(s), path, coach="Fatima Testcoach")
    return database_url


def pin(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setattr(clock, "now", lambda: at(moment))


def rows(url: str) -> list[tuple[str, str, datetime, datetime | None, str]]:
    """(purpose, body, local send_at, local not_after, status) of every outbox row."""
    from outreach.messaging import Message

    def local(value: datetime | None) -> datetime | None:
        return clock.local(value.replace(tzinfo=timezone.utc)) if value else None

    with db.session(url) as s:
        return [(m.purpose, m.body, local(m.send_at), local(m.not_after), m.status)  # type: ignore[misc]
                for m in s.scalars(select(Message).order_by(Message.id))]


def test_reminder_names_the_day_and_goes_on_the_next_working_day_if_still_in_time(
        fatima: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, "2026-11-25 12:00")  # a Wednesday
    logged = log(fatima, "K-1", "afspraak-gemaakt", appointment_at=at("2026-12-03 14:30"), place="Buurthuis De Linde")
    [(purpose, body, send_at, not_after, status)] = rows(fatima)
    # due Wednesday 2 December 10:00, Fatima does not work then: Thursday 09:00, before 12:30
    assert send_at == at("2026-12-03 09:00") and not_after == at("2026-12-03 12:30") and status == "queued"
    assert "donderdag 3 december" in body and "om 14.30 uur" in body and "morgen" not in body.lower()
    assert logged.messages[0].send_at == at("2026-12-03 09:00")


def test_reminder_that_would_come_too_close_goes_on_the_last_working_day_before(
        fatima: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, "2026-11-25 12:00")
    log(fatima, "K-1", "afspraak-gemaakt", appointment_at=at("2026-12-03 10:30"))
    # Wednesday is no working day of hers and Thursday 09:00 is less than 2 hours before 10:30: Tuesday
    [(purpose, body, send_at, not_after, status)] = rows(fatima)
    assert send_at == at("2026-12-01 10:00") and status == "queued"
    assert "donderdag 3 december" in body and "morgen" not in body.lower()


def test_reminder_that_would_come_too_close_to_the_appointment_is_not_sent(
        fatima: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, "2026-12-02 12:00")  # Wednesday: Tuesday has gone
    logged = log(fatima, "K-1", "afspraak-gemaakt", appointment_at=at("2026-12-03 10:30"))
    assert rows(fatima) == []  # Thursday 09:00 is less than 2 hours before 10:30
    assert (logged.messages[0].scheduled, logged.messages[0].problem) == (False, "too-late")


def test_a_monday_morning_appointment_gets_its_reminder_on_the_last_working_day_before(
        fatima: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, "2026-11-24 12:00")  # Tuesday; she works ma, di, do
    log(fatima, "K-1", "afspraak-gemaakt", appointment_at=at("2026-11-30 09:30"))
    [(purpose, body, send_at, not_after, status)] = rows(fatima)
    assert send_at == at("2026-11-26 10:00") and status == "queued"  # Thursday, her last working day before


@pytest.mark.parametrize(("moment", "code", "sent_at"), [
    ("2026-11-24 13:50", "geen-gehoor", "2026-11-24 13:50"),  # Tuesday: she works, goes at once
    ("2026-11-24 07:30", "geen-gehoor", "2026-11-24 09:00"),  # before the window: later that day
    ("2026-11-25 13:50", "geen-gehoor", None),  # Wednesday: Thursday would say "vandaag" wrongly
    ("2026-11-24 20:30", "geen-gehoor", None),  # after the window: not the same day
    ("2026-11-25 13:50", "niet-thuis", None),
    ("2026-11-24 13:50", "niet-thuis", "2026-11-24 13:50"),
])
def test_today_messages_go_the_same_day_or_not_at_all(fatima: str, monkeypatch: pytest.MonkeyPatch,
                                                       moment: str, code: str, sent_at: str | None) -> None:
    pin(monkeypatch, moment)
    log(fatima, "K-1", code)
    found = rows(fatima)
    if sent_at is None:
        assert found == []
    else:
        [(_, body, send_at, not_after, _)] = found
        assert "vandaag" in body and send_at == at(sent_at)
        assert not_after == at(moment[:10] + " 00:00") + timedelta(days=1)


def test_next_month_message_not_sent_once_the_month_is_over(fatima: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, "2026-11-30 20:30")  # Monday evening; the next opening is in December
    log(fatima, "K-1", "geen-interesse")
    assert rows(fatima) == []


def test_calls_log_prints_the_real_send_time(fatima: str, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main

    monkeypatch.setenv("OUTREACH_DATABASE_URL", fatima)
    monkeypatch.setenv("COLUMNS", "200")
    pin(monkeypatch, "2026-11-25 12:00")
    assert main(["calls", "log", "K-1", "afspraak-gemaakt", "--appointment", "2026-12-03 14:30"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "herinnering-afspraak" in out and "donderdag 3 december 2026 om 9.00" in out and "10.00" not in out
    pin(monkeypatch, "2026-12-02 12:00")  # the day before: no working day of hers is left for the reminder
    assert main(["calls", "log", "K-2", "afspraak-gemaakt", "--appointment", "2026-12-03 10:30"]) == 0
    assert main(["calls", "log", "K-3", "afspraak-gemaakt", "--appointment", "2026-12-03 10:30"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "wordt niet verstuurd" in out and "te laat" in out


@pytest.mark.parametrize("code, template", [("geen-gehoor", "gemist-gesprek"), ("niet-thuis", "na-huisbezoek"),
                                            ("geen-interesse", "volgende-maand")])
def test_followups_at_every_kind_of_moment(instant: str, url: str, monkeypatch: pytest.MonkeyPatch,
                                           code: str, template: str) -> None:
    """With the real 09:00-20:00 window: a "vandaag" message is queued only when it can still go
    today; "volgende maand" always, at the next opening (never on a Sunday or a holiday)."""
    from outreach import calendar_nl
    from outreach.messaging import window

    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")
    now = clock.now()
    opening = clock.local(window.next_opening(window.to_utc(now)))
    logged = log(url, "K-1", code)
    rows = outbox(url)
    if template == "volgende-maand" or opening.date() == now.date():
        assert [(r[2], r[4]) for r in rows] == [(template, "queued")], instant
        (followup,) = logged.messages
        assert followup.send_at is not None and abs(followup.send_at - opening) < timedelta(seconds=30)  # the clock ticks
        assert calendar_nl.is_working_day(opening.date()) and time(9) <= opening.time() < time(20)
    else:
        assert rows == [], instant
        assert [m.problem for m in logged.messages] in ([], ["too-late"])


def test_calls_fall_on_working_days_at_every_kind_of_moment(instant: str, url: str) -> None:
    from outreach import calendar_nl

    with db.session(url) as s:
        due = tracking.due_calls(s, tracking.actor(s), on=clock.today() + timedelta(days=30))
    assert due, instant
    first = log(url, "K-1", "geen-gehoor")
    assert first.status.due is not None and first.status.due > clock.today(), instant
    assert calendar_nl.is_working_day(first.status.due), (instant, first.status.due)


def test_two_home_visits_on_one_day_queue_one_message(url: str) -> None:
    log(url, "K-1", "niet-thuis")
    log(url, "K-1", "niet-thuis")
    assert [r[2] for r in outbox(url)] == ["na-huisbezoek"]


def test_a_manual_message_and_a_logged_refusal_queue_one_message(url: str) -> None:
    from outreach.messaging import schedule

    with db.session(url) as s:
        _, number, values, days = tracking.message_values(s, tracking.actor(s), "K-1")
        assert schedule(s, prospect_id=pid(url, "K-1"), purpose="volgende-maand:hand", template="volgende-maand",
                        channel="sms", to=str(number), values=values, due_at=clock.now(), working_days=days)
    log(url, "K-1", "geen-interesse")
    assert [(r[2], r[4]) for r in outbox(url)] == [("volgende-maand", "queued")]


def test_a_new_message_replaces_a_queued_older_one_of_the_same_kind(url: str, frozen_clock: object) -> None:
    from outreach.messaging import schedule

    with db.session(url) as s:
        _, number, values, days = tracking.message_values(s, tracking.actor(s), "K-1")
        schedule(s, prospect_id=pid(url, "K-1"), purpose="volgende-maand:later", template="volgende-maand",
                 channel="sms", to=str(number), values=values, due_at=clock.now() + timedelta(days=7), working_days=days)
    log(url, "K-1", "geen-interesse")
    assert [(r[1], r[4]) for r in outbox(url)] == [("volgende-maand:later", "cancelled"), ("volgende-maand:1", "queued")]


@pytest.mark.parametrize("days_ahead", [1, 3])
def test_a_text_that_says_today_is_never_sent_on_another_day(url: str, days_ahead: int) -> None:
    from outreach.messaging import schedule

    with db.session(url) as s:
        _, number, values, days = tracking.message_values(s, tracking.actor(s), "K-1")
        queued = schedule(s, prospect_id=pid(url, "K-1"), purpose="gemist-gesprek:hand", template="gemist-gesprek",
                          channel="sms", to=str(number), values=values,
                          due_at=clock.now() + timedelta(days=days_ahead), working_days=days)
    assert queued is None and outbox(url) == []


def test_an_edit_that_says_today_is_refused_for_a_message_of_another_day(url: str) -> None:
    from outreach.errors import ConflictError
    from outreach.messaging import Message

    log(url, "K-1", "geen-interesse")  # "volgende maand", queued for today: an edit may say "vandaag"
    with db.session(url) as s:
        (item,) = tracking.messages_for(s, tracking.actor(s))
        tracking.edit_message(s, tracking.actor(s), item.message.id, "Hallo Fatima, ik sprak u vandaag. Groet, Sanne")
        msg_id = item.message.id
    with db.session(url) as s:
        msg = s.get(Message, msg_id)
        assert msg is not None and msg.not_after is not None  # the edited text holds only today
        msg.not_after, msg.send_at = None, msg.send_at + timedelta(days=2)  # as if it were due in two days
    with db.session(url) as s, pytest.raises(ConflictError, match="vandaag"):
        tracking.edit_message(s, tracking.actor(s), msg_id, "Hallo Fatima, ik sprak u vandaag. Groet, Sanne")


@pytest.mark.instant("2026-12-02T11:00:00+01:00")  # Wednesday, after the usual 10:00 reminder time
def test_an_appointment_for_tomorrow_morning_made_late_gets_its_reminder_today(url: str,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")
    starts = datetime.combine(clock.today() + timedelta(days=1), time(9), tzinfo=clock.zone())
    logged = log(url, "K-1", "afspraak-gemaakt", appointment_at=starts, place="Buurthuis De Linde")
    (reminder,) = [m for m in logged.messages if m.template == "herinnering-afspraak"]
    assert reminder.scheduled and reminder.send_at is not None
    assert reminder.send_at.date() == clock.today() and reminder.send_at.time() >= time(11)


@pytest.mark.instant("saturday-evening")
def test_sending_windows_honour_the_closed_days_of_the_rules(tmp_path: Path, database_url: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.tracking import service

    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "tracking.toml").write_text('[calendar]\nclosed_days = ["2026-12-07"]\n', encoding="utf-8")
    service.rules.cache_clear()
    try:
        path = tmp_path / "lijst.csv"
        path.write_text(CSV, encoding="utf-8")
        with db.session(database_url) as s:
            tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld", phone="06-12345699")
            tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne Voorbeeld")
        (followup,) = log(database_url, "K-1", "geen-interesse").messages
        assert followup.send_at is not None and followup.send_at.date().isoformat() == "2026-12-08"  # not Monday 7th
    finally:
        service.rules.cache_clear()
