"""Twilio's webhooks: signatures checked with RequestValidator, delivery status, STOP and START."""

from __future__ import annotations

from pathlib import Path

import pytest
from messaging_helpers import PUBLIC, fill
from starlette.applications import Starlette
from starlette.testclient import TestClient
from twilio.request_validator import RequestValidator

from outreach import clock, db
from outreach.messaging import (
    Message, handle_inbound, handle_status_callback, is_opted_out, list_messages, send_due, verify_signature,
)
from outreach.messaging.models import CANCELLED, FAILED, QUEUED, SENDING, SENT
from outreach.web import twilio as twilio_routes

TOKEN = "test-auth-token"


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OUTREACH_TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("OUTREACH_PUBLIC_URL", PUBLIC)
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    return f"sqlite:///{tmp_path / 'hooks.db'}"


@pytest.fixture
def client(url: str) -> TestClient:
    app = Starlette(routes=twilio_routes.routes())
    app.state.database_url = url
    return TestClient(app, base_url="http://127.0.0.1:8000")


def _post(client: TestClient, path: str, form: dict[str, str], token: str = TOKEN) -> object:
    signature = RequestValidator(token).compute_signature(PUBLIC + path, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature})


def _sent(url: str, tmp_path: Path) -> Message:
    fill(url, 1)
    send_due("file", url=url, directory=tmp_path)
    with db.session(url) as s:
        return list_messages(s)[0]


def test_verify_signature_matches_twilio() -> None:
    form = {"MessageSid": "SM1", "MessageStatus": "delivered"}
    good = RequestValidator(TOKEN).compute_signature(f"{PUBLIC}/twilio/status?outbox=1", form)
    assert verify_signature(f"{PUBLIC}/twilio/status?outbox=1", form, good, TOKEN)
    assert not verify_signature(f"{PUBLIC}/twilio/status?outbox=2", form, good, TOKEN)
    assert not verify_signature(f"{PUBLIC}/twilio/status?outbox=1", {**form, "MessageStatus": "failed"}, good, TOKEN)
    assert not verify_signature(f"{PUBLIC}/twilio/status?outbox=1", form, "", TOKEN)


def test_status_callback_route_updates_delivery(client: TestClient, url: str, tmp_path: Path) -> None:
    msg = _sent(url, tmp_path)
    path = f"/twilio/status?outbox={msg.id}"
    for state in ("sent", "delivered", "sent"):  # out of order: never goes back
        response = _post(client, path, {"MessageSid": msg.sid or "", "MessageStatus": state})
        assert response.status_code == 204  # type: ignore[attr-defined]
    with db.session(url) as s:
        row = s.get(Message, msg.id)
        assert row is not None and row.status == SENT and row.delivery == "delivered"


def test_bad_signature_changes_nothing(client: TestClient, url: str, tmp_path: Path) -> None:
    msg = _sent(url, tmp_path)
    response = _post(client, f"/twilio/status?outbox={msg.id}",
                     {"MessageSid": msg.sid or "", "MessageStatus": "failed"}, token="wrong")
    assert response.status_code == 403  # type: ignore[attr-defined]
    response = client.post("/twilio/inbound", data={"From": msg.to, "Body": "STOP"})
    assert response.status_code == 403
    with db.session(url) as s:
        assert s.get(Message, msg.id).status == SENT  # type: ignore[union-attr]
        assert not is_opted_out(s, msg.to)


def test_undelivered_becomes_failed_with_a_dutch_reason(url: str, tmp_path: Path) -> None:
    msg = _sent(url, tmp_path)
    handle_status_callback({"outbox": str(msg.id), "MessageSid": msg.sid or "", "MessageStatus": "undelivered",
                            "ErrorCode": "63016"}, url)
    with db.session(url) as s:
        row = s.get(Message, msg.id)
        assert row is not None and row.status == FAILED and row.error_code == "63016" and "WhatsApp" in (row.error or "")


def test_callback_before_the_sid_was_stored_settles_the_row(url: str) -> None:
    """A sender that crashed after Twilio's answer: the callback carries the SID home."""
    fill(url, 1)
    with db.session(url) as s:
        s.query(Message).update({"status": SENDING, "claimed_by": "orphan:x"})
    result = handle_status_callback({"outbox": "1", "MessageSid": "SMabc", "MessageStatus": "sent"}, url)
    assert result.changed
    with db.session(url) as s:
        row = s.get(Message, 1)
        assert row is not None and (row.status, row.sid, row.delivery) == (SENT, "SMabc", "sent")


def test_callback_for_another_sid_is_ignored(url: str, tmp_path: Path) -> None:
    msg = _sent(url, tmp_path)
    result = handle_status_callback({"outbox": str(msg.id), "MessageSid": "SMother", "MessageStatus": "failed"}, url)
    assert result.message_id is None


@pytest.mark.parametrize("body", ["STOP", "stop", " Stopp! ", "AFMELDEN", "afmelden.", "Stop alstublieft", "STOP!",
                                  "ｓｔｏｐ", "Stóp", "stop met bellen aub", "«Afmelden»", "S.T.O.P"])
def test_stop_words_opt_out_and_block_later_messages(client: TestClient, url: str, body: str) -> None:
    fill(url, 1)
    response = _post(client, "/twilio/inbound", {"From": "+31610000000", "Body": body})
    assert response.status_code == 200 and "geen berichten meer" in response.text  # type: ignore[attr-defined]
    with db.session(url) as s:
        assert is_opted_out(s, "+31610000000")
        assert list_messages(s)[0].status == CANCELLED
    assert fill_refused(url)


def fill_refused(url: str) -> bool:
    from messaging_helpers import DUE, VALUES

    from outreach.messaging import schedule

    with db.session(url) as s:
        return schedule(s, prospect_id=0, purpose="nieuw", template="gemist-gesprek", channel="sms",
                        to="06-10000000", values=VALUES, due_at=DUE) is None


def test_opt_out_also_stops_messages_already_claimed_later(url: str, tmp_path: Path) -> None:
    fill(url, 2)
    handle_inbound({"From": "whatsapp:+31610000001", "Body": "STOP"}, url)
    report = send_due("file", url=url, directory=tmp_path)
    assert report.sent == 1


def test_sender_checks_the_opt_out_list_itself_before_claiming(url: str, tmp_path: Path) -> None:
    """An opt-out that did not cancel the queued row (recorded by another process, or before the
    row was queued again) is still honoured by the sender: the row is cancelled, nothing goes."""
    from outreach.messaging.models import OptOut, number_hash

    fill(url, 2)
    with db.session(url) as s:  # straight into the table: the row of 06-10000001 stays queued
        s.add(OptOut(number_hash=number_hash("+31610000001"), keyword="STOP", created_at=clock.utcnow()))
    with db.session(url) as s:
        assert {m.status for m in list_messages(s)} == {QUEUED}
    report = send_due("file", url=url, directory=tmp_path)
    assert (report.sent, report.cancelled) == (1, 1)
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["00000001.json"]
    with db.session(url) as s:
        row = s.get(Message, 2)
        assert row is not None and (row.status, row.error_code, row.attempts) == (CANCELLED, "opt-out", 0)


def test_start_subscribes_again_and_other_texts_do_nothing(url: str) -> None:
    assert handle_inbound({"From": "+31610000000", "Body": "STOP"}, url).action == "opt-out"
    assert handle_inbound({"From": "+31610000000", "Body": "Ik bel u morgen terug"}, url).action == "none"
    assert handle_inbound({"From": "+31610000000", "Body": "Start ik morgen?"}, url).action == "none"
    result = handle_inbound({"From": "+31610000000", "Body": "Start"}, url)
    assert result.action == "opt-in" and result.reply
    with db.session(url) as s:
        assert not is_opted_out(s, "+31610000000")
    assert handle_inbound({"From": "onbekend", "Body": "STOP"}, url).action == "none"


@pytest.mark.parametrize(
    ("sid", "state", "status", "why"),
    [
        ("", "delivered", QUEUED, "no SID: nothing proves Twilio has it"),
        ("SMq1", "sent", SENT, "Twilio sent it: a queued row must not go again"),
        ("SMq1", "delivered", SENT, "delivered"),
        ("SMq1", "read", SENT, "read (WhatsApp)"),
        ("SMq1", "queued", SENT, "accepted by Twilio, on its way"),
        ("SMq1", "undelivered", FAILED, "Twilio had it and gave up: the coach decides, not a resend"),
    ],
)
def test_callback_with_a_sid_settles_a_queued_row(url: str, tmp_path: Path, sid: str, state: str, status: str,
                                                  why: str) -> None:
    """A row wrongly put back in the queue (or never stored as sent) is settled by Twilio's callback."""
    fill(url, 1)
    result = handle_status_callback({"outbox": "1", "MessageSid": sid, "MessageStatus": state}, url)
    assert result.message_id == 1
    with db.session(url) as s:
        row = s.get(Message, 1)
        assert row is not None and row.status == status, why
        assert row.sid == (sid or None)
    assert send_due("file", url=url, directory=tmp_path).sent == (1 if status == QUEUED else 0), why


def _inbound(client: TestClient, sid: str, body: str) -> object:
    return _post(client, "/twilio/inbound", {"From": "+31610000000", "Body": body, "MessageSid": sid})


def test_a_replayed_start_does_not_undo_a_later_stop(client: TestClient, url: str) -> None:
    assert "geen berichten meer" in _inbound(client, "SMstop1", "STOP").text  # type: ignore[attr-defined]
    assert _inbound(client, "SMstart1", "START").status_code == 200  # type: ignore[attr-defined]
    assert _inbound(client, "SMstop2", "Stop").status_code == 200  # type: ignore[attr-defined]
    replay = _inbound(client, "SMstart1", "START")  # captured and sent again, signature and all
    assert replay.status_code == 200 and "<Message>" not in replay.text  # type: ignore[attr-defined]
    with db.session(url) as s:
        assert is_opted_out(s, "+31610000000")


def test_a_replayed_status_callback_changes_nothing(client: TestClient, url: str, tmp_path: Path) -> None:
    msg = _sent(url, tmp_path)
    path = f"/twilio/status?outbox={msg.id}"
    form = {"MessageSid": msg.sid or "", "MessageStatus": "undelivered", "ErrorCode": "30003"}
    assert _post(client, path, form).status_code == 204  # type: ignore[attr-defined]
    assert handle_status_callback({**form, "outbox": str(msg.id)}, url).changed is False
    with db.session(url) as s:
        row = s.get(Message, msg.id)
        assert row is not None and row.status == FAILED


@pytest.mark.parametrize("body", ["Stoppen met roken lukt niet", "Ik stop niet", "Startpagina", "Bedankt!", ""])
def test_other_texts_are_not_keywords(url: str, body: str) -> None:
    assert handle_inbound({"From": "+31610000000", "Body": body, "MessageSid": "SMx"}, url).action == "none"


@pytest.mark.parametrize("outbox", ["²", "1" * 5000, "-1", "１"])
def test_a_callback_with_an_odd_outbox_number_is_matched_by_sid_only(url: str, outbox: str) -> None:
    fill(url, 1)
    result = handle_status_callback({"outbox": outbox, "MessageSid": "SMnobody", "MessageStatus": "sent"}, url)
    assert not result.changed
