"""The person's language: read from the list's `taal` column, stored as a code, an unknown one stops the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from outreach import db, languages, tracking
from outreach.errors import FieldError, InputError
from outreach.tracking.models import Prospect

HEADER = "klantnummer;voornaam;achternaam;postcode;telefoon;taal;taalnotitie\n"


def _import(url: str, tmp_path: Path, rows: str) -> tracking.importer.ImportResult:
    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with db.session(url) as s:
        if not s.scalar(select(tracking.models.Coach.id)):
            tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
        return tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne")


@pytest.mark.parametrize(("given", "stored"), [
    ("ar", "ar"), ("AR", "ar"), ("Arabisch", "ar"), ("ti", "ti"), ("Tigrinya", "ti"), ("pl", "pl"), ("Pools", "pl"),
    ("Turks", "tr"), ("Engels", "en"), ("Oekraïens", "uk"), ("oekraiens", "uk"), ("Somalisch", "so"),
    ("Dari", "fa-AF"), ("prs", "fa-AF"), ("Berbers", "rif"), ("Riffijns", "rif"), ("tzm", "tzm"), ("Farsi", "fa"), ("Perzisch", "fa"), ("NL", "nl"), ("", None), ("  ", None),
])
def test_codes_and_dutch_names(given: str, stored: str | None) -> None:
    assert languages.code(given) == stored


def test_an_unknown_language_names_the_field() -> None:
    with pytest.raises(FieldError) as caught:
        languages.code("Klingon")
    assert caught.value.where is not None and caught.value.where.field == "taal" and "Klingon" in caught.value.message


def test_a_list_with_ar_ti_pl_arabisch_and_none(database_url: str, tmp_path: Path) -> None:
    result = _import(database_url, tmp_path, "K-1;Amal;Een;5038 AB;06-12345601;ar;\nK-2;Senait;Twee;5038 AB;06-12345602;ti;\n"
                     "K-3;Piotr;Drie;5038 AB;06-12345603;pl;\nK-4;Fatima;Vier;5038 AB;06-12345604;Arabisch;tolk nodig\n"
                     "K-5;Jan;Vijf;5038 AB;06-12345605;;\n")
    assert result.added == 5 and not result.problems
    with db.session(database_url) as s:
        stored = {p.client_number: (p.language, p.language_notes) for p in s.scalars(select(Prospect))}
    assert stored == {"K-1": ("ar", None), "K-2": ("ti", None), "K-3": ("pl", None), "K-4": ("ar", "tolk nodig"),
                      "K-5": (None, None)}
    again = _import(database_url, tmp_path, "K-1;Amal;Een;5038 AB;06-12345601;Pools;\n")
    assert again.updated == 1
    with db.session(database_url) as s:
        assert s.scalar(select(Prospect.language).where(Prospect.client_number == "K-1")) == "pl"


def test_an_unknown_language_stops_the_list_naming_line_and_field(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        _import(database_url, tmp_path, "K-1;Amal;Een;5038 AB;06-12345601;ar;\nK-2;Senait;Twee;5038 AB;06-12345602;Klingon;\n")
    where = caught.value.where
    assert where is not None and where.line == 3 and where.field == "taal" and "Klingon" in caught.value.message
    with db.session(database_url) as s:
        assert s.scalar(select(Prospect.id)) is None  # nothing stored


def test_the_funnel_per_language_in_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from outreach.cli import main

    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + "K-1;Amal;Een;5038 AB;06-12345601;ar;\nK-2;Fatima;Twee;5038 AB;06-12345602;Arabisch;\n"
                    "K-3;Jan;Drie;5038 AB;06-12345603;;\n", encoding="utf-8")
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0
    assert main(["prospects", "import", str(path), "--coach", "Sanne"]) == 0
    capsys.readouterr()
    assert main(["report", "funnel", "--by", "taal", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["group"], r["key"], r["total"]) for r in rows] == [("Arabisch", "ar", 2), ("geen taal opgegeven", None, 1),
                                                                  ("Totaal", None, 3)]


def test_prospects_show_names_the_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main

    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + "K-1;Amal;Een;5038 AB;06-12345601;Dari;[bold]tolk nodig\n", encoding="utf-8")
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0
    assert main(["prospects", "import", str(path), "--coach", "Sanne"]) == 0
    capsys.readouterr()
    assert main(["prospects", "show", "K-1"]) == 0
    assert "Dari, [bold]tolk nodig" in " ".join(capsys.readouterr().out.split())  # shown, not read as markup
