"""Flyers and door cards fit their one page, measured on the laid-out boxes (issue 10.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_helpers import COACH, inspect_pdf

from outreach.cli import main
from outreach.documents import render
from outreach.errors import InputError

THREE_LONG = ("Buurthuis De Kastanjeboom, Lindeplein 3; Wijkcentrum Het Zonnetje, Kerkstraat 45; "
              "Bibliotheek Centrum, Markt 10")
MANY = "; ".join(f"Buurthuis nummer {i}, Dorpsstraat {i}" for i in range(1, 13))
LONG_COACH = {**COACH, "coach_naam": "Fatima El Amrani-Van den Berghe", "coach_voornaam": "Fatima",
              "coach_whatsapp": "06 87 65 43 21"}


@pytest.mark.parametrize("formaat", ["A4", "A5"])
def test_three_long_meeting_places_fit(tmp_path: Path, formaat: str) -> None:
    out = tmp_path / "f.pdf"
    render("flyer", {**LONG_COACH, "ontmoetplekken": THREE_LONG, "formaat": formaat}, out=out)
    assert inspect_pdf(out).pages == 1


@pytest.mark.parametrize(("formaat", "places"), [("A4", MANY), ("A5", MANY), ("A5", "A; B; C; D; E; F; G; H; I")])
def test_too_many_meeting_places_is_an_error(formaat: str, places: str) -> None:
    with pytest.raises(InputError) as err:
        render("flyer", {**LONG_COACH, "ontmoetplekken": places, "formaat": formaat})
    assert "past niet" in str(err.value)


def test_a_card_with_a_name_that_runs_off_the_page_is_an_error() -> None:
    values = {**COACH, "bezoek_datum": "2026-12-01", "naam": "mevrouw " + "Oosterhout" * 8}
    with pytest.raises(InputError):
        render("niet-thuis", values)


def test_cli_does_not_say_made_when_it_does_not_fit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "f.pdf"
    code = main(["render", "flyer", "--sample", "--set", f"ontmoetplekken={MANY}", "--set", "formaat=A5",
                 "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2 and "Gemaakt" not in captured.out and "past niet" in captured.err
    assert not out.exists()
