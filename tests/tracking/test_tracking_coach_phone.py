"""A coach without a phone number: no follow-up or flyer goes out with an empty number; Dutch says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from outreach import db, tracking
from outreach.cli import main

CSV = "klantnummer;voornaam;achternaam;postcode;telefoon\nK-1;Fatima;Voorbeeld;5038 AB;06-12345601\n"
HOW = 'outreach coaches edit "Sanne Voorbeeld" --phone 06...'


@pytest.fixture(autouse=True)
def _people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    (tmp_path / "lijst.csv").write_text(CSV, encoding="utf-8")
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0  # no --phone, no --whatsapp
    assert main(["prospects", "import", str(tmp_path / "lijst.csv"), "--coach", "Sanne"]) == 0


def queued() -> int:
    from outreach.messaging import Message

    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Message)) or 0)


def test_follow_up_is_not_queued_but_the_attempt_is_logged() -> None:
    with db.session() as s:
        logged = tracking.log_attempt(s, tracking.actor(s), "K-1", "geen-gehoor")
        (followup,) = logged.messages
    assert not followup.scheduled and followup.problem == "no-coach-phone"
    assert queued() == 0
    with db.session() as s:
        assert len(tracking.prospect_history(s, tracking.actor(s), "K-1").attempts) == 1


def test_cli_says_the_number_is_missing_and_how_to_add_it(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["calls", "log", "K-1", "geen-gehoor"]) == 0
    out = capsys.readouterr().out
    assert "Genoteerd bij K-1" in out
    assert "'gemist-gesprek' is niet klaargezet" in out and "telefoonnummer van coach Sanne Voorbeeld ontbreekt" in out
    assert HOW in out
    assert queued() == 0
    assert main(["coaches", "edit", "Sanne", "--phone", "06-12345699"]) == 0
    assert main(["calls", "log", "K-1", "niet-thuis", "--channel", "huisbezoek"]) == 0
    assert "staat klaar" in capsys.readouterr().out and queued() == 1  # with a number it goes again


def test_a_message_by_hand_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["messages", "schedule", "gemist-gesprek", "--prospect", "K-1"]) == 2
    err = capsys.readouterr().err
    assert "telefoonnummer van coach Sanne Voorbeeld ontbreekt" in err and HOW in err.replace("\n", "")
    assert queued() == 0
    assert main(["messages", "schedule", "gemist-gesprek", "--prospect", "K-1", "--set", "coach_telefoon=06-12345699"]) == 0


def test_render_with_the_coach_needs_the_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "flyer", "--coach", "Sanne", "--sample", "--format", "html", "--out", str(tmp_path / "f.html")]) == 2
    err = capsys.readouterr().err
    assert "telefoonnummer van coach Sanne Voorbeeld ontbreekt" in err and "--phone 06..." in err
    assert not (tmp_path / "f.html").exists()  # no flyer with the sample's made-up number
    assert main(["render", "flyer", "--coach", "Sanne", "--sample", "--format", "html", "--out", str(tmp_path / "f.html"),
                 "--set", "coach_telefoon=06-12345699"]) == 0
    assert "06 12 34 56 99" in (tmp_path / "f.html").read_text()
