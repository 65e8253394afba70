"""The real `twilio` client against a fake Twilio on 127.0.0.1: sending, errors, reconciling."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from messaging_helpers import PUBLIC, fake, fake_server, fill  # noqa: F401  (fixtures)
from sqlalchemy import update

from outreach import clock, db
from outreach.errors import SendError
from outreach.messaging import Message, is_opted_out, list_messages, send_due
from outreach.messaging.fakeserver import FakeTwilio
from outreach.messaging.models import FAILED, QUEUED, SENDING, SENT

pytestmark = pytest.mark.usefixtures("fake")


@pytest.fixture(autouse=True)
def _fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.messaging import sending

    monkeypatch.setattr(sending, "BACKOFF", 0.01)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'outbox.db'}"


def _rows(url: str) -> dict[int, Message]:
    with db.session(url) as s:
        return {m.id: m for m in list_messages(s)}


def test_sms_goes_out_once_with_the_outbox_id_in_the_callback(fake: FakeTwilio, url: str) -> None:
    ids = fill(url, 3)
    report = send_due("twilio", url=url)
    assert report.sent == 3
    creates = fake.creates()
    assert sorted(int(c["outbox"]) for c in creates) == ids
    rows = _rows(url)
    for c in creates:
        row = rows[int(c["outbox"])]
        assert row.status == SENT and row.sid == c["sid"]
        assert c["status_callback"] == f"{PUBLIC}/twilio/status?outbox={row.id}"
        assert c["from"] == "+3197010203040" and c["body"] == row.body and c["to"] == row.to
    assert send_due("twilio", url=url).sent == 0 and len(fake.creates()) == 3


def test_whatsapp_goes_through_the_content_template(fake: FakeTwilio, url: str) -> None:
    fill(url, 1, channel="whatsapp")
    send_due("twilio", url=url)
    (created,) = fake.creates()
    assert created["to"] == "whatsapp:+31610000000" and created["from"] == "whatsapp:+3197010203041"
    assert created["content_sid"].startswith("HX") and created["body"] is None
    assert json.loads(created["content_variables"]) == {"1": "Fatima", "2": "06 12 34 56 78", "3": "Sanne"}


@pytest.mark.parametrize("failures", [["429"], ["503"], ["429", "503"], ["500"]])
def test_answers_that_created_nothing_are_retried(fake: FakeTwilio, url: str, failures: list[str]) -> None:
    fill(url, 2)
    fake.fail(*failures)
    report = send_due("twilio", url=url)
    assert report.sent == 2
    assert sorted(c["outbox"] for c in fake.creates()) == ["1", "2"]


def test_a_500_that_did_create_the_message_is_found_not_resent(fake: FakeTwilio, url: str) -> None:
    fill(url, 1)
    fake.fail("500-created")
    report = send_due("twilio", url=url)
    assert report.sent == 1 and len(fake.creates()) == 1
    assert _rows(url)[1].sid == fake.creates()[0]["sid"]


def test_persistent_429_puts_the_message_back_with_backoff(fake: FakeTwilio, url: str) -> None:
    fill(url, 1)
    fake.fail("429", "429", "429")
    report = send_due("twilio", url=url)
    assert (report.sent, report.deferred) == (0, 1)
    row = _rows(url)[1]
    assert row.status == QUEUED and row.error_code == "20429" and row.send_at > clock.utcnow()
    assert fake.creates() == []


@pytest.mark.parametrize(
    ("code", "words"),
    [("21211", "bestaat niet"), ("21610", "geen berichten meer"), ("63016", "WhatsApp")],
)
def test_permanent_errors_are_recorded_in_dutch(fake: FakeTwilio, url: str, code: str, words: str) -> None:
    fill(url, 2)
    fake.fail(code)
    report = send_due("twilio", url=url)
    assert (report.sent, report.failed) == (1, 1)
    failed = [m for m in _rows(url).values() if m.status == FAILED]
    assert len(failed) == 1 and failed[0].error_code == code and words in (failed[0].error or "")
    with db.session(url) as s:
        assert is_opted_out(s, failed[0].to) is (code == "21610")


def test_timeout_leaves_the_row_for_reconciling_never_resends(fake: FakeTwilio, url: str) -> None:
    fill(url, 2)
    fake.fail("timeout", delay=1.5)
    report = send_due("twilio", url=url, timeout=0.5)
    assert (report.sent, report.unknown) == (1, 1)
    stuck = [m for m in _rows(url).values() if m.status == SENDING]
    assert len(stuck) == 1 and stuck[0].claimed_by.startswith("orphan:")
    assert send_due("twilio", url=url).sent == 0  # not stale yet: nothing is resent
    report = send_due("twilio", url=url, reclaim_after=0)
    assert report.reconciled == 1
    assert len(fake.creates()) == 2  # created once, during the timeout
    rows = _rows(url)
    assert {r.sid for r in rows.values()} == {c["sid"] for c in fake.creates()}


def test_claimed_but_never_sent_is_requeued_after_reconciling(fake: FakeTwilio, url: str) -> None:
    fill(url, 1)
    with db.session(url) as s:  # as if a sender died right after its claim was committed
        s.execute(update(Message).values(status=SENDING, claimed_by="orphan:x",
                                         claimed_at=clock.utcnow() - timedelta(hours=1)))
    report = send_due("twilio", url=url)
    assert (report.requeued, report.sent) == (1, 1)
    assert len(fake.creates()) == 1


def test_reconcile_does_not_take_a_message_that_belongs_to_another_row(fake: FakeTwilio, url: str) -> None:
    """Two rows with the same text to the same number (two people who share a phone): each gets
    its own SID, none resent twice."""
    from outreach.messaging import schedule
    from messaging_helpers import DUE, VALUES

    with db.session(url) as s:
        for prospect_id in (1, 2):
            schedule(s, prospect_id=prospect_id, purpose="a", template="gemist-gesprek", channel="sms",
                     to="0610000001", values=VALUES, due_at=DUE)
    send_due("twilio", url=url, limit=1)
    with db.session(url) as s:  # the second one crashed between create and storing the SID ...
        s.execute(update(Message).where(Message.status == QUEUED).values(
            status=SENDING, claimed_by="orphan:x", claimed_at=clock.utcnow() - timedelta(hours=1)))
    report = send_due("twilio", url=url)  # ... and was never created: it must go now
    assert (report.requeued, report.sent) == (1, 1)
    assert len(fake.creates()) == 2
    assert len({m.sid for m in _rows(url).values()}) == 2


def test_list_is_paged_and_filtered(fake: FakeTwilio, url: str) -> None:
    from outreach.messaging.senders import TwilioSender

    fill(url, 3)
    send_due("twilio", url=url)
    client = TwilioSender().client
    assert len(client.messages.list(page_size=2)) == 3  # follows next_page_uri through the fake
    assert [m.to for m in client.messages.list(to="+31610000001")] == ["+31610000001"]
    assert client.messages(fake.creates()[0]["sid"]).fetch().sid == fake.creates()[0]["sid"]


def test_wrong_credentials_stop_the_run_and_keep_the_messages(fake: FakeTwilio, url: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    fill(url, 2)
    monkeypatch.setenv("OUTREACH_TWILIO_AUTH_TOKEN", "wrong")
    with pytest.raises(SendError, match="Twilio kent"):
        send_due("twilio", url=url)
    assert {m.status for m in _rows(url).values()} == {QUEUED}


def test_missing_settings_are_a_dutch_error(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_TWILIO_ACCOUNT_SID")
    with pytest.raises(SendError, match="OUTREACH_TWILIO_ACCOUNT_SID"):
        send_due("twilio", url=url)


class _ListDown:
    """The real Twilio sender, except that looking messages up fails (Twilio's list is down)."""

    name = "twilio"

    def __init__(self) -> None:
        from outreach.messaging.senders import TwilioSender

        self.real = TwilioSender()

    def send(self, message: Message) -> str:
        return self.real.send(message)

    def find(self, message: Message, since: datetime, taken: set[str]) -> str | None:
        raise SendError("list down", code="503")


class _Killed(BaseException):
    """Stands in for kill -9 of a reconciler: nothing after it runs."""


class _DiesWhileLooking(_ListDown):
    def find(self, message: Message, since: datetime, taken: set[str]) -> str | None:
        raise _Killed()


@pytest.mark.parametrize("first_reconcile", ["lookup fails", "reconciler killed after take-over"])
def test_a_message_whose_outcome_was_unknown_is_never_sent_twice_by_later_reconciles(
        fake: FakeTwilio, url: str, frozen_clock: time_machine.Traveller, first_reconcile: str) -> None:
    """Timeout (Twilio did create it), a first reconcile ten minutes later that cannot finish,
    then another ten minutes later: the second must still find the message, not send it again.
    Only outreach's clock moves on; the fake Twilio keeps its own."""
    fill(url, 1)
    fake.fail("timeout", delay=1.5)
    assert send_due("twilio", url=url, timeout=0.5).unknown == 1
    assert len(fake.creates()) == 1
    frozen_clock.shift(timedelta(minutes=10))
    if first_reconcile == "lookup fails":
        report = send_due(url=url, reclaim_after=0, sender=_ListDown())  # type: ignore[arg-type]
        assert (report.sent, report.requeued, report.reconciled) == (0, 0, 0)
    else:
        with pytest.raises(_Killed):
            send_due(url=url, reclaim_after=0, sender=_DiesWhileLooking())  # type: ignore[arg-type]
    assert _rows(url)[1].status == SENDING
    frozen_clock.shift(timedelta(minutes=10))
    report = send_due("twilio", url=url, reclaim_after=300)
    assert (report.reconciled, report.requeued, report.sent) == (1, 0, 0)
    assert len(fake.creates()) == 1
    row = _rows(url)[1]
    assert row.status == SENT and row.sid == fake.creates()[0]["sid"]
