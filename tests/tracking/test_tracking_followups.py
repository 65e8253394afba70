"""Tracking events schedule follow-up messages in the real messaging outbox (when it exists)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from outreach import db, tracking
from outreach.tracking import clock


CSV = """klantnummer;voornaam;achternaam;postcode;telefoon;telefoon2;whatsapp
K-1;Fatima;Voorbeeld;5038 AB;06-12345601;;nee
K-2;Jan;Proefpersoon;5038 AC;013-5430012;;
K-3;Anna;de Testers;5038 AD;013-5430013;06-12345603;ja
"""


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    path = tmp_path / "lijst.csv"
    path.write_text(CSV, encoding="utf-8")
    with db.session(database_url) as s:
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
        due = clock.local(msg.due_at.replace(tzinfo=timezone.utc))  # the outbox keeps naive UTC
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
