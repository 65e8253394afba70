"""Undo an attempt logged by mistake: within 15 minutes, its queued messages go, the next step is recomputed."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from outreach import db
from outreach.cli import main
from outreach.errors import ConflictError, NotFoundError
from outreach.messaging import Message
from outreach.tracking import add_coach, attempt_info, import_prospects, log_attempt, prospect_history, undo_attempt
from outreach.tracking.models import Appointment, Attempt, AuditEntry
from outreach.tracking.service import Actor

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
PEOPLE = """klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach
K-1001;Fenna;Testpersoon;Lindelaan 1;5038 AB;Tilburg;Noord;06-12345678;Sanne Voorbeeld
K-2001;Ilse;Anderman;Beukweg 9;5038 CD;Tilburg;Zuid;06-87654321;Ahmed Demo
"""


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    (tmp_path / "mensen.csv").write_text(PEOPLE, encoding="utf-8")
    admin = Actor("os:test")
    with time_machine.travel(MONDAY_MORNING - timedelta(days=7), tick=False):
        with db.session(database_url) as s:
            add_coach(s, admin, "Sanne Voorbeeld", phone="06-11112222")
            add_coach(s, admin, "Ahmed Demo", phone="06-11113333")
        with db.session(database_url) as s:
            import_prospects(s, admin, tmp_path / "mensen.csv")
    return database_url


def _sanne(s: object) -> Actor:
    from outreach.tracking import actor

    return actor(s, "Sanne Voorbeeld")  # type: ignore[arg-type]


def test_undo_within_a_quarter_removes_the_attempt_and_its_message(url: str) -> None:
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        with db.session(url) as s:
            before = prospect_history(s, _sanne(s), "K-1001").prospect.next_step
            logged = log_attempt(s, _sanne(s), "K-1001", "geen-gehoor")
            attempt_id = logged.attempt.id
        with db.session(url) as s:
            info = attempt_info(s, _sanne(s), attempt_id)
            assert [m.template for m in info.messages] == ["gemist-gesprek"]
            assert info.undo_until == MONDAY_MORNING + timedelta(minutes=15)
        traveller.shift(timedelta(minutes=14))
        with db.session(url) as s:
            done = undo_attempt(s, _sanne(s), attempt_id)
            assert (done.cancelled, done.already_sent) == (1, 0)
            assert done.prospect.next_step == before and done.prospect.calls == 0
        with db.session(url) as s:
            assert s.get(Attempt, attempt_id) is None
            assert s.scalars(select(Message)).all() == []
            trail = s.scalars(select(AuditEntry).where(AuditEntry.action == "undo")).all()
            assert [(a.entity, a.entity_id, a.fields) for a in trail] == [("attempt", attempt_id, None)]
            logged = log_attempt(s, _sanne(s), "K-1001", "geen-gehoor")  # the right one: its message goes again
            assert [m.scheduled for m in logged.messages] == [True]


def test_sixteen_minutes_later_undo_is_refused_in_dutch(url: str) -> None:
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        with db.session(url) as s:
            attempt_id = log_attempt(s, _sanne(s), "K-1001", "geen-gehoor").attempt.id
        traveller.shift(timedelta(minutes=16))
        with db.session(url) as s:
            assert attempt_info(s, _sanne(s), attempt_id).undo_until is None
            with pytest.raises(ConflictError, match="langer dan 15 minuten"):
                undo_attempt(s, _sanne(s), attempt_id)
        with db.session(url) as s:
            assert s.get(Attempt, attempt_id) is not None
            assert [m.status for m in s.scalars(select(Message))] == ["queued"]


def test_only_the_latest_attempt_of_ones_own_people(url: str) -> None:
    with time_machine.travel(MONDAY_MORNING, tick=True):
        with db.session(url) as s:
            first = log_attempt(s, _sanne(s), "K-1001", "geen-gehoor").attempt.id
            log_attempt(s, _sanne(s), "K-1001", "voicemail")
        with db.session(url) as s:
            with pytest.raises(ConflictError, match="laatste"):
                undo_attempt(s, _sanne(s), first)
        from outreach.tracking import actor

        with db.session(url) as s:
            with pytest.raises(NotFoundError):
                undo_attempt(s, actor(s, "Ahmed Demo"), first)
            with pytest.raises(NotFoundError):
                undo_attempt(s, _sanne(s), 99999999999999999999)


def test_undoing_an_appointment_removes_it_and_its_reminder(url: str) -> None:
    with time_machine.travel(MONDAY_MORNING, tick=False):
        with db.session(url) as s:
            logged = log_attempt(s, _sanne(s), "K-1001", "afspraak-gemaakt",
                                 appointment_at=MONDAY_MORNING + timedelta(days=7), place="Buurthuis")
            attempt_id = logged.attempt.id
        with db.session(url) as s:
            undo_attempt(s, _sanne(s), attempt_id)
        with db.session(url) as s:
            assert s.scalars(select(Appointment)).all() == []
            assert s.scalars(select(Message).where(Message.status == "queued")).all() == []
            assert prospect_history(s, _sanne(s), "K-1001").prospect.had_appointment is False


def test_the_cli_undoes_and_refuses_in_dutch(url: str, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OUTREACH_DATABASE_URL", url)
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        assert main(["calls", "log", "K-1001", "geen-gehoor", "--as", "Sanne"]) == 0
        out = capsys.readouterr().out
        attempt_id = int(out.split("outreach calls undo ")[1].split()[0])
        assert main(["calls", "undo", str(attempt_id), "--as", "Sanne"]) == 0
        out = capsys.readouterr().out
        assert f"Poging {attempt_id} is gewist." in out and "niet meer weggaan: 1" in out
        assert main(["calls", "log", "K-1001", "geen-gehoor", "--as", "Sanne"]) == 0
        attempt_id = int(capsys.readouterr().out.split("outreach calls undo ")[1].split()[0])
        traveller.shift(timedelta(minutes=16))
        assert main(["calls", "undo", str(attempt_id), "--as", "Sanne"]) != 0
        captured = capsys.readouterr()
        assert "Wissen kan niet meer" in captured.err and "Traceback" not in captured.err


def test_undoing_a_decline_plans_the_appointment_and_its_reminder_again(url: str) -> None:
    with time_machine.travel(MONDAY_MORNING, tick=False):
        with db.session(url) as s:
            log_attempt(s, _sanne(s), "K-1001", "afspraak-gemaakt",
                        appointment_at=MONDAY_MORNING + timedelta(days=7), place="Buurthuis")
    with time_machine.travel(MONDAY_MORNING + timedelta(minutes=5), tick=False):
        with db.session(url) as s:
            wrong = log_attempt(s, _sanne(s), "K-1001", "geen-interesse", channel="bellen").attempt.id
        with db.session(url) as s:
            assert s.scalars(select(Message.status).where(Message.purpose.startswith("herinnering"))).all() == ["cancelled"]
    with time_machine.travel(MONDAY_MORNING + timedelta(minutes=9), tick=False):
        with db.session(url) as s:
            undo_attempt(s, _sanne(s), wrong)
        with db.session(url) as s:
            assert s.scalars(select(Appointment.status)).all() == ["gepland"]
            assert s.scalars(select(Message.status).where(Message.purpose.startswith("herinnering"))).all() == ["queued"]
