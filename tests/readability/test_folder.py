"""`outreach check FOLDER` checks made-up Word letters into a ranked HTML and CSV report."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from outreach.cli import main

PLAIN = ["Beste {naam},", "Ik ben Sanne, uw coach.", "Ik bel u volgende week.", "Dan maken we een afspraak.",
         "U kiest waar: bij u thuis of in het buurthuis.", "Groet, Sanne"]
OFFICIAL = ["Geachte heer/mevrouw {naam},", "Hierbij delen wij u mede dat uw aanvraag in behandeling is genomen.",
            "Indien u niet in staat bent om te verschijnen, dient u dit tijdig kenbaar te maken.",
            "Wij danken u voor uw medewerking.", "Hoogachtend, de afdeling Werk en Inkomen"]


def _letters(folder: Path, count: int = 50) -> None:
    import docx

    for i in range(count):
        document = docx.Document()
        for line in (OFFICIAL if i % 3 == 0 else PLAIN):
            document.add_paragraph(line.format(naam=f"mevrouw Voorbeeld{i}"))
        document.save(str(folder / f"brief-{i:02d}.docx"))


def test_folder_of_50_word_letters_gives_a_ranked_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    letters, out = tmp_path / "brieven", tmp_path / "rapport"
    letters.mkdir()
    _letters(letters)
    assert main(["check", str(letters), "--out", str(out)]) == 1
    rows = list(csv.reader((out / "leesbaarheid.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert len(rows) == 51
    body = rows[1:]
    failing = [r for r in body if r[1] == "NIET GOED"]
    assert len(failing) == 17  # every third letter is officialese
    assert body[:17] == failing  # worst first
    assert all(r[0] in {f"brief-{i:02d}.docx" for i in range(0, 50, 3)} for r in failing)
    assert "hierbij" in failing[0][5] or "mede" in failing[0][5]
    page = (out / "leesbaarheid.html").read_text(encoding="utf-8")
    assert "17 van de 50 brieven" in page and "medewerking" in page
    assert "17 van de 50" in capsys.readouterr().out


@pytest.mark.parametrize("name, content", [("kapot.docx", b"geen zip"), ("kapot.pdf", b"%PDF-1.4 kapot")])
def test_broken_letter_gets_a_dutch_error_naming_the_file(tmp_path: Path, name: str, content: bytes,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert name in err and "Traceback" not in err and ("kapot" in err)


def test_word_and_pdf_letters_are_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Wij zullen dit bewerkstelligen.")
    document.save(str(tmp_path / "brief.docx"))
    from outreach.readability.sources import read_text

    assert read_text(str(tmp_path / "brief.docx")).strip() == "Wij zullen dit bewerkstelligen."


@pytest.mark.parametrize("name", ["=HYPERLINK(x).txt", "@SUM(1).txt", "-2+3.txt", "+31.txt", "\tdoc.txt"])
def test_report_csv_keeps_formula_like_file_names_as_text(tmp_path: Path, name: str) -> None:
    letters, out = tmp_path / "brieven", tmp_path / "rapport"
    letters.mkdir()
    (letters / name).write_text("\n".join(PLAIN).format(naam="mevrouw Voorbeeld"), encoding="utf-8")
    main(["check", str(letters), "--out", str(out)])
    rows = list(csv.reader((out / "leesbaarheid.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][0] == "'" + name
