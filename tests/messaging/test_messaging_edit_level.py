"""Editing a queued message: the new text must meet A2, or nothing changes."""

from __future__ import annotations

import pytest
from messaging_helpers import DUE, VALUES, number

from outreach import db
from outreach.errors import LevelError
from outreach.messaging import Message, edit_message, schedule

OFFICIALESE = ("Geachte heer/mevrouw, middels dit bericht delen wij u mede dat uw aanvraag inzake de regeling "
               "ten behoeve van uw huishouden in behandeling is genomen.")
PLAIN = "Hallo Fatima, ik bel u donderdag. Groet, Sanne"


@pytest.fixture(autouse=True)
def _window_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")


def _queued(url: str) -> tuple[int, str]:
    with db.session(url) as s:
        msg = schedule(s, prospect_id=1, purpose="gemist-gesprek:1", template="gemist-gesprek", channel="sms",
                       to=number(1), values=VALUES, due_at=DUE)
        assert msg is not None
        return msg.id, msg.body


def test_officialese_is_refused_with_the_findings_and_the_text_stays(database_url: str) -> None:
    message_id, body = _queued(database_url)
    with db.session(database_url) as s, pytest.raises(LevelError) as caught:
        edit_message(s, message_id, OFFICIALESE)
    text = str(caught.value)
    assert "A2" in text and "niet veranderd" in text
    assert "'middels' is ambtelijke taal" in text and "'inzake'" in text  # the findings, in Dutch
    assert caught.value.report is not None and caught.value.report.verdict == "fail"  # type: ignore[attr-defined]
    with db.session(database_url) as s:
        assert s.get(Message, message_id).body == body  # type: ignore[union-attr]


def test_plain_text_is_saved(database_url: str) -> None:
    message_id, _ = _queued(database_url)
    with db.session(database_url) as s:
        assert edit_message(s, message_id, PLAIN).body == PLAIN


def test_cli_edit_refuses_officialese_with_exit_code_1(database_url: str, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main

    message_id, body = _queued(database_url)
    monkeypatch.setenv("OUTREACH_DATABASE_URL", database_url)
    assert main(["messages", "edit", str(message_id), OFFICIALESE]) == 1
    captured = capsys.readouterr()
    assert "ambtelijke taal" in " ".join((captured.out + captured.err).split())
    with db.session(database_url) as s:
        assert s.get(Message, message_id).body == body  # type: ignore[union-attr]
