"""The tracking commands as a coach uses them: demo list in, calls logged, reports out, errors in Dutch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clock_helpers import earlier, run_outreach
from sqlalchemy import func, select

from outreach import db, tracking
from outreach.cli import main
from outreach.tracking.models import Attempt

DEMO = str(Path(tracking.__file__).parent / "demo" / "prospects.csv")


@pytest.fixture
def loaded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coaches", "add", "Sanne Voorbeeld", "--phone", "06-12345699", "--days", "ma,di,wo,do,vr"]) == 0
    assert main(["coaches", "add", "Bram Testcoach", "--neighbourhoods", "Zuid"]) == 0
    with earlier():  # the list came in before the attempts the tests log
        assert main(["prospects", "import", DEMO, "--assign", "by-neighbourhood"]) == 0
    out = capsys.readouterr()
    assert "Nieuw: 12" in out.out and "Overgeslagen: 2" in out.out
    assert "regel 14: veld 'telefoon'" in out.err and "regel 15: veld 'postcode'" in out.err


def test_a_coach_works_through_the_day(loaded: None, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["calls", "due", "--coach", "Bram"]) == 0
    assert "bezorgen" in capsys.readouterr().out
    assert main(["calls", "log", "D-1007", "flyer-bezorgd", "--as", "Bram", "--at", "2026-01-05 10:00"]) == 0
    assert main(["calls", "log", "D-1007", "geen-gehoor", "--as", "Bram", "--at", "2026-01-08 10:00", "--note", "Geen voicemail"]) == 0
    out = capsys.readouterr().out
    assert "Genoteerd bij D-1007: geen gehoor." in out and "Volgende stap: bellen op vrijdag 9 januari 2026, 's middags." in out
    assert main(["prospects", "show", "D-1007", "--as", "Bram"]) == 0
    out = capsys.readouterr().out
    assert "Marja Bedacht" in out and "voicemail" in out and "Testcoach" in out
    assert main(["calls", "due", "--as", "Bram", "--date", "2026-01-12"]) == 0
    assert "laat" in capsys.readouterr().out
    assert main(["prospects", "show", "D-1001", "--as", "Sanne"]) == 2  # not hers
    assert "staat niet in uw lijst" in capsys.readouterr().err


def test_reports(loaded: None, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    main(["calls", "log", "D-1001", "flyer-bezorgd", "--at", "2026-01-05 10:00"])
    main(["calls", "log", "D-1001", "afspraak-gemaakt", "--at", "2026-01-08 10:00", "--appointment", "2026-01-12 10:00"])
    capsys.readouterr()
    assert main(["report", "funnel", "--by", "coach"]) == 0
    out = capsys.readouterr().out
    assert "Benaderd" in out and "Totaal" in out and "Bram Testcoach" in out
    assert main(["report", "funnel", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][-1]["total"] == 12 and data["rows"][-1]["appointment"] == 1 and data["workable_caseload"] == 50
    assert main(["report", "funnel", "--by", "neighbourhood", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Groep;Op de lijst;Benaderd") and len(lines) == 5
    png = tmp_path / "bereik.png"
    assert main(["report", "funnel", "--format", "png", "--out", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_and_erase(loaded: None, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    main(["calls", "log", "D-1001", "terugbellen", "--at", "2026-01-05 10:00", "--note", "Na 14 uur"])
    target = tmp_path / "inzage.json"
    assert main(["prospects", "export", "D-1001", "--out", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["persoon"]["achternaam"] == "Voorbeeld" and data["pogingen"][0]["notitie"] == "Na 14 uur"
    assert main(["prospects", "erase", "D-1001", "--yes"]) == 0
    assert main(["prospects", "export", "D-1001"]) == 2
    assert main(["prospects", "purge", "--dry-run"]) == 0
    assert "Er is niets veranderd" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["calls", "log", "D-1001", "gebeld"], "'gebeld' is geen bekende uitkomst"),
        (["calls", "log", "D-9999", "geen-gehoor"], "Klant 'D-9999' staat niet in uw lijst"),
        (["calls", "log", "D-1001", "geen-gehoor", "--at", "gisteren"], "geen goede datum en tijd"),
        (["calls", "log", "D-1001", "afspraak-gemaakt", "--appointment", "1-12-2026"], "geen goede datum en tijd"),
        (["calls", "due", "--date", "25-11-2026"], "'25-11-2026' is geen goede datum"),
        (["calls", "due", "--coach", "Niemand"], "geen coach met de naam 'Niemand'"),
        (["report", "funnel", "--format", "pdf"], "Kies uit: text, json, csv, png"),
        (["prospects", "import", "bestaat-niet.csv", "--coach", "Sanne"], "kan niet worden gelezen"),
    ],
)
def test_bad_input_is_a_dutch_error_and_changes_nothing(loaded: None, args: list[str], message: str) -> None:
    run = run_outreach(*args)
    assert run.returncode == 2
    assert message in run.stderr and "Fout:" in run.stderr
    assert "Traceback" not in run.stderr
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Attempt)) == 0


@pytest.mark.parametrize(("args", "setting"), [(["--months", "99999999999"], None), ([], "99999999999"), ([], "1201")])
def test_a_retention_past_any_date_is_a_dutch_error(args: list[str], setting: str | None, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    if setting:
        monkeypatch.setenv("OUTREACH_RETENTION_MONTHS", setting)
    assert main(["prospects", "purge", "--dry-run", *args]) == 2
    err = capsys.readouterr().err
    assert "te lang" in err and "1200" in err and ("OUTREACH_RETENTION_MONTHS" in err) == bool(setting)
    assert "Er ging iets mis" not in err
