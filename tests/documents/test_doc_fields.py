"""Field names and values: unknown --set names, choices, and every missing field at once (issue 10.2, 10.6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_helpers import COACH

from outreach.cli import main
from outreach.documents import load_template, merge, render
from outreach.documents.rendering import check_names
from outreach.errors import FieldError, InputError


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("name", "hint"), [
    ("coach_telefon", "Bedoelt u coach_telefoon?"),
    ("coach_naem", "Bedoelt u coach_naam?"),
    ("ontmoetplek", "Bedoelt u ontmoetplekken?"),
    ("xyz", "Deze velden zijn er:"),
])
def test_unknown_field_names_the_closest_known_one(name: str, hint: str) -> None:
    with pytest.raises(FieldError) as err:
        check_names(load_template("flyer"), [name])
    assert hint in str(err.value) and name in str(err.value)


def test_cli_refuses_a_typo_instead_of_printing_the_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "f.pdf"
    code, stdout, stderr = run(["render", "flyer", "--sample", "--set", "coach_telefon=0687654321",
                                "--out", str(out)], capsys)
    assert code == 2 and "coach_telefoon" in stderr and "Gemaakt" not in stdout
    assert not out.exists()


def test_sample_fills_only_fields_not_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "f.txt"
    code, _, _ = run(["render", "flyer", "--sample", "--set", "coach_telefoon=0687654321", "--format", "txt",
                      "--out", str(out)], capsys)
    text = out.read_text()
    assert code == 0 and "06 87 65 43 21" in text and "06 12 34 56 78" not in text


@pytest.mark.parametrize("value", ["A3", "Letter", "a6"])
def test_a_value_outside_the_choices_lists_them(value: str) -> None:
    with pytest.raises(FieldError) as err:
        render("flyer", {**load_template("flyer").fields, "formaat": value}, format="txt")
    assert "A4, A5" in str(err.value) and "formaat" in str(err.value)


def test_choices_accept_any_case() -> None:
    assert render("flyer", {**load_template("flyer").fields, "formaat": "a5"}, format="txt")


def test_a_csv_without_columns_lists_every_missing_field_once(tmp_path: Path) -> None:
    data = tmp_path / "m.csv"
    data.write_text("naam;adres\n" + "\n".join(f"mevrouw X{i};Laan {i}" for i in range(7)) + "\n")
    constants = {k: v for k, v in COACH.items() if k != "team"}
    with pytest.raises(InputError) as err:
        merge("uitnodiging", data, constants, out=tmp_path / "b.pdf", worker_count=1)
    message = str(err.value)
    for name in ("aanhef", "postcode", "woonplaats", "team"):
        assert message.count(name) == 1, message
    assert "naam," not in message.split(":", 1)[-1].replace("coach_naam", "")
    assert not (tmp_path / "b.pdf").exists()


def test_cli_reports_missing_columns_once_not_per_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "m.csv"
    data.write_text("naam;adres;postcode;woonplaats\n" + "\n".join(
        f"mevrouw X{i};Laan {i};5038 AB;Voorbeeldstad" for i in range(7)) + "\n")
    sets = [f"--set={k}={v}" for k, v in COACH.items() if k != "coach_telefoon"]
    code, _, stderr = run(["render", "uitnodiging", "--data", str(data), *sets, "--out", str(tmp_path / "b.pdf")],
                          capsys)
    assert code == 2
    assert stderr.count("aanhef") == 1 and stderr.count("coach_telefoon") == 1 and "Regel" not in stderr


def test_several_missing_constants_are_reported_together() -> None:
    with pytest.raises(FieldError) as err:
        render("flyer", {"coach_naam": "Sanne de Vries"}, format="txt")
    for name in ("coach_voornaam", "coach_telefoon", "gemeente", "ontmoetplekken"):
        assert name in str(err.value)
