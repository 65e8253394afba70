"""The outbox: scheduling once per purpose, opt-outs, edits and cancels guarded by the state machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from messaging_helpers import DUE, VALUES, number
from sqlalchemy import update

from outreach import clock, db
from outreach.errors import ConflictError, FieldError, InputError, NotFoundError
from outreach.messaging import (
    Message, cancel, cancel_message, edit_message, forget_prospect, is_opted_out, list_messages, opt_in, opt_out,
    schedule, send_due,
)
from outreach.messaging.models import CANCELLED, FAILED, QUEUED, SENDING, SENT


@pytest.fixture(autouse=True)
def _window_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")


def _schedule(s, prospect_id: int = 1, purpose: str = "gemist-gesprek:1", **kw) -> Message | None:  # type: ignore[no-untyped-def]
    args = dict(prospect_id=prospect_id, purpose=purpose, template="gemist-gesprek", channel="sms",
                to=number(prospect_id), values=VALUES, due_at=DUE)
    args.update(kw)
    return schedule(s, **args)


def test_schedule_renders_and_stores_the_text(database_url: str) -> None:
    with db.session(database_url) as s:
        msg = _schedule(s)
        assert msg is not None and msg.status == QUEUED
        assert msg.body.startswith("Hallo Fatima,") and msg.body.endswith("Sanne")
        assert msg.to == "+31610000001" and msg.encoding == "GSM-7" and msg.segments == 1


def test_same_prospect_and_purpose_is_scheduled_once(database_url: str) -> None:
    with db.session(database_url) as s:
        assert _schedule(s) is not None
        assert _schedule(s) is None
        assert _schedule(s, purpose="na-huisbezoek:2", template="na-huisbezoek") is not None  # another kind
    with db.session(database_url) as s:  # also across transactions
        assert _schedule(s) is None
        assert len(list_messages(s)) == 2


def test_duplicate_inside_a_savepoint_keeps_the_outer_transaction(database_url: str) -> None:
    with db.session(database_url) as s:
        _schedule(s)
        with s.begin_nested():
            assert _schedule(s) is None
        assert _schedule(s, prospect_id=2) is not None
    with db.session(database_url) as s:
        assert len(list_messages(s)) == 2


def test_whatsapp_uses_the_content_template(database_url: str) -> None:
    with db.session(database_url) as s:
        msg = _schedule(s, channel="whatsapp")
        assert msg is not None and msg.content_sid and msg.content_sid.startswith("HX")
        assert '"1": "Fatima"' in (msg.content_variables or "") and msg.segments is None


@pytest.mark.parametrize("to", ["013-5430000", "06-1234567", "telefoon"])
def test_only_valid_mobile_numbers(tmp_path: Path, to: str) -> None:
    with db.session(f"sqlite:///{tmp_path / 'o.db'}") as s, pytest.raises(FieldError):
        _schedule(s, to=to)


def test_missing_field_names_the_field(tmp_path: Path) -> None:
    with db.session(f"sqlite:///{tmp_path / 'o.db'}") as s, pytest.raises(InputError, match="coach_telefoon"):
        _schedule(s, values={"voornaam": "Fatima", "coach_voornaam": "Sanne"})


def test_unknown_template(tmp_path: Path) -> None:
    with db.session(f"sqlite:///{tmp_path / 'o.db'}") as s, pytest.raises(NotFoundError):
        _schedule(s, template="bestaat-niet")


def test_more_than_ten_segments_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'o.db'}"
    with db.session(url) as s:
        msg = _schedule(s, values={**VALUES, "voornaam": "Fatima " + "x" * 1000})
        assert msg is not None and msg.segments == 8  # warned (logged), still scheduled
        with pytest.raises(InputError, match="te lang"):
            _schedule(s, prospect_id=2, values={**VALUES, "voornaam": "x" * 1600})


def test_opted_out_number_is_not_scheduled_and_queued_ones_are_cancelled(database_url: str) -> None:
    with db.session(database_url) as s:
        first = _schedule(s)
        assert first is not None
        assert opt_out(s, "whatsapp:+31610000001", "STOP") == 1
        assert is_opted_out(s, "+31610000001")
        assert _schedule(s, purpose="volgende-maand:1") is None
        s.refresh(first)
        assert first.status == CANCELLED
        assert opt_in(s, "+31610000001")
        assert _schedule(s, purpose="volgende-maand:1") is not None


def test_cancel_by_purpose_prefix(database_url: str) -> None:
    with db.session(database_url) as s:
        _schedule(s, purpose="herinnering-afspraak:7", template="volgende-maand")  # one message of a kind a day
        _schedule(s, purpose="herinnering-afspraak:8", template="na-huisbezoek")
        _schedule(s, purpose="gemist-gesprek:1")
        _schedule(s, prospect_id=2, purpose="herinnering-afspraak:9")
        assert cancel(s, 1, "herinnering-afspraak") == 2
        assert cancel(s, 1, "herinnering%") == 0  # the prefix is literal
        assert sorted(m.status for m in list_messages(s, prospect_id=1)) == [CANCELLED, CANCELLED, QUEUED]
        assert cancel(s, 2) == 1


def _set_status(url: str, message_id: int, status: str) -> None:
    with db.session(url) as s:
        s.execute(update(Message).where(Message.id == message_id).values(status=status))


@pytest.mark.parametrize("status", [SENDING, SENT, FAILED, CANCELLED])
def test_edit_and_cancel_only_while_queued(database_url: str, status: str) -> None:
    with db.session(database_url) as s:
        msg = _schedule(s)
        assert msg is not None
        message_id = msg.id
    _set_status(database_url, message_id, status)
    with db.session(database_url) as s:
        with pytest.raises(ConflictError):
            edit_message(s, message_id, "Hallo Fatima, tot morgen. Sanne")
        with pytest.raises(ConflictError):
            cancel_message(s, message_id)
        assert s.get(Message, message_id).status == status  # type: ignore[union-attr]


def test_edit_and_cancel_a_queued_message(database_url: str) -> None:
    with db.session(database_url) as s:
        msg = _schedule(s)
        assert msg is not None
        edited = edit_message(s, msg.id, "Hallo Fatima, ik bel u morgen. Groet, Sanne")
        assert edited.body.endswith("morgen. Groet, Sanne") and edited.segments == 1
        with pytest.raises(InputError):
            edit_message(s, msg.id, "x" * 1531)
        assert cancel_message(s, msg.id).status == CANCELLED
        with pytest.raises(NotFoundError):
            cancel_message(s, 999)


def test_whatsapp_text_cannot_be_edited(tmp_path: Path) -> None:
    with db.session(f"sqlite:///{tmp_path / 'o.db'}") as s:
        msg = _schedule(s, channel="whatsapp")
        assert msg is not None
        with pytest.raises(ConflictError, match="WhatsApp"):
            edit_message(s, msg.id, "Andere tekst")


def test_forget_prospect_erases_every_message(database_url: str) -> None:
    with db.session(database_url) as s:
        _schedule(s)
        _schedule(s, purpose="volgende-maand:1", template="volgende-maand")
        _schedule(s, prospect_id=2)
        assert forget_prospect(s, 1) == 2
        assert [m.prospect_id for m in list_messages(s)] == [2]


def test_state_machine_through_the_file_sender(database_url: str, tmp_path: Path) -> None:
    """queued -> sending -> sent; cancelled and opted-out rows never leave."""
    with db.session(database_url) as s:
        a, b, c = _schedule(s), _schedule(s, prospect_id=2), _schedule(s, prospect_id=3)
        assert a and b and c
        cancel_message(s, b.id)
        opt_out(s, c.to)
    report = send_due("file", url=database_url, directory=tmp_path / "out")
    assert report.sent == 1
    with db.session(database_url) as s:
        assert {m.id: m.status for m in list_messages(s)} == {a.id: SENT, b.id: CANCELLED, c.id: CANCELLED}
        assert s.get(Message, a.id).sid == f"FILE{a.id:08d}"  # type: ignore[union-attr]
    assert send_due("file", url=database_url, directory=tmp_path / "out").sent == 0


def test_not_due_yet_and_limit(database_url: str, tmp_path: Path) -> None:
    with db.session(database_url) as s:
        for i in range(5):
            _schedule(s, prospect_id=i)
        _schedule(s, prospect_id=9, template="volgende-maand", due_at=clock.now() + timedelta(days=2))
    assert send_due("file", url=database_url, limit=3, directory=tmp_path).sent == 3
    assert send_due("file", url=database_url, directory=tmp_path).sent == 2
    with db.session(database_url) as s:
        assert len(list_messages(s, status=QUEUED)) == 1


def test_outside_the_window_waits_for_the_next_opening(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")
    url = f"sqlite:///{tmp_path / 'o.db'}"
    with db.session(url) as s:
        msg = _schedule(s, due_at=datetime(2026, 11, 28, 12, 0))  # Saturday: Monday 09:00
        assert msg is not None and msg.send_at == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert send_due("file", url=url, now=datetime(2026, 11, 29, 12, 0, tzinfo=UTC), directory=tmp_path).sent == 0
    assert send_due("file", url=url, now=datetime(2026, 11, 30, 8, 0, tzinfo=UTC), directory=tmp_path).sent == 1


def test_a_late_sender_defers_to_the_next_opening(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "09:00-20:00")
    url = f"sqlite:///{tmp_path / 'o.db'}"
    with db.session(url) as s:
        msg = _schedule(s, due_at=datetime(2026, 11, 25, 19, 55))
        assert msg is not None
    late = datetime(2026, 11, 25, 19, 30, tzinfo=UTC)  # 20:30 local: the window closed before the sender ran
    report = send_due("file", url=url, now=late, directory=tmp_path)
    assert (report.sent, report.deferred) == (0, 1)
    with db.session(url) as s:
        assert s.get(Message, msg.id).send_at == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # type: ignore[union-attr]
