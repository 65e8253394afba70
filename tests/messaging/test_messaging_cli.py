"""`outreach messages ...` through the real entry point, on made-up people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clock_helpers import REPO, run_outreach

from outreach.cli import main

SET = ["--set", "voornaam=Fatima", "--set", "coach_voornaam=Sanne", "--set", "coach_telefoon=06 12 34 56 78"]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")


def test_preview_shows_cost_and_the_plain_spelling(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["messages", "preview", "gemist-gesprek", "--set", "voornaam=Noël"]) == 0
    out = capsys.readouterr().out
    assert "Hallo Noël" in out and "UCS-2" in out and "Hallo Noel" in out and "GSM-7" in out


def test_schedule_list_cancel(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["messages", "schedule", "gemist-gesprek", "--prospect", "7", "--to", "06-12345678", *SET]) == 0
    assert "Bericht 1 staat klaar" in capsys.readouterr().out
    assert main(["messages", "schedule", "gemist-gesprek", "--prospect", "7", "--to", "06-12345678", *SET]) == 1
    assert main(["messages", "list", "--status", "queued"]) == 0
    assert "06 12 34 56 78" in capsys.readouterr().out
    assert main(["messages", "cancel", "1"]) == 0
    assert main(["messages", "cancel", "1"]) == 2
    assert "gestopt" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["messages", "schedule", "gemist-gesprek", "--prospect", "7", "--to", "013-5430000", *SET], "mobiel"),
        (["messages", "schedule", "gemist-gesprek", "--prospect", "7", "--to", "0612345678", "--set", "x"], "--set"),
        (["messages", "schedule", "gemist-gesprek", "--prospect", "7", "--to", "0612345678", *SET, "--at", "morgen"], "tijd"),
        (["messages", "list", "--status", "weg"], "stand"),
        (["messages", "send-due", "--backend", "duif"], "console"),
        (["messages", "preview", "bestaat-niet"], "bestaat-niet"),
    ],
)
def test_bad_input_is_one_dutch_line(args: list[str], words: str) -> None:
    result = run_outreach(*args, cwd=REPO)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


def test_send_due_with_the_file_backend(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    main(["messages", "schedule", "na-huisbezoek", "--prospect", "3", "--to", "06-12345678", *SET])
    assert main(["messages", "send-due", "--backend", "file"]) == 0
    assert "Verstuurd: 1" in capsys.readouterr().out
    (sent,) = (tmp_path / "data" / "sent-messages").glob("*.json")
    assert json.loads(sent.read_text())["body"].startswith("Hallo Fatima, ik was vandaag bij u aan de deur.")


def test_unknown_time_zone_is_a_dutch_error_not_a_traceback(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_")}
    env.update(OUTREACH_TIMEZONE="Europe/Nergens", OUTREACH_SEND_WINDOW="09:00-20:00",
               OUTREACH_DATA_DIR=str(tmp_path), OUTREACH_DATABASE_URL=f"sqlite:///{tmp_path / 'tz.db'}")
    done = run_outreach("messages", "schedule", "gemist-gesprek", "--prospect", "7", "--to", "06-12345678", *SET,
                        extra_env=env)
    assert done.returncode == 2, done.stderr
    assert "Europe/Nergens" in done.stderr and "tijdzone" in done.stderr and "Traceback" not in done.stderr


PEOPLE = "klantnummer;voornaam;achternaam;telefoon;adres;postcode;woonplaats\nK-1;Fatima;Testpersoon;0612345678;Laan 1;5038 AB;Tilburg\n"


def test_list_shows_client_numbers_and_takes_dutch_statuses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "mensen.csv").write_text(PEOPLE, encoding="utf-8")
    assert main(["coaches", "add", "Sanne Voorbeeld", "--phone", "06-11112222"]) == 0
    assert main(["prospects", "import", str(tmp_path / "mensen.csv"), "--coach", "Sanne"]) == 0
    assert main(["messages", "schedule", "gemist-gesprek", "--prospect", "K-1"]) == 0
    assert main(["messages", "schedule", "na-huisbezoek", "--prospect", "77", "--to", "06-12345678", *SET]) == 0
    capsys.readouterr()
    assert main(["messages", "list"]) == 0
    out = capsys.readouterr().out
    assert "klantnummer" in out and "K-1 " in out and "nr. 77" in out  # the client number, not outreach's own id
    for status in ("klaar", "wachtrij", "queued", "Klaar om te sturen"):
        assert main(["messages", "list", "--status", status, "--prospect", "k-1"]) == 0
        out = capsys.readouterr().out
        assert "K-1 " in out and "nr. 77" not in out, status
    assert main(["messages", "list", "--prospect", "77"]) == 0  # queued by hand with --to: outreach's number
    assert "nr. 77" in capsys.readouterr().out
    assert main(["messages", "list", "--status", "verstuurd"]) == 0
    assert "Er zijn geen berichten." in capsys.readouterr().out
    assert main(["messages", "send-due", "--backend", "file"]) == 0
    for status in ("verstuurd", "sent"):
        assert main(["messages", "list", "--status", status]) == 0
        assert "K-1 " in capsys.readouterr().out
    for status in ("mislukt", "bezig", "gestopt", "failed"):
        assert main(["messages", "list", "--status", status]) == 0
        assert "Er zijn geen berichten." in capsys.readouterr().out
    assert main(["messages", "list", "--prospect", "K-9"]) == 2
    assert "K-9" in capsys.readouterr().err
    assert main(["messages", "list", "--status", "weg"]) == 2
    assert "klaar, bezig, verstuurd, mislukt, gestopt" in capsys.readouterr().err
