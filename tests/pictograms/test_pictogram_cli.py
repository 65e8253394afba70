"""`outreach pictograms list|sheet` through the real entry point, and the contact sheet PDF."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from clock_helpers import run_outreach

from outreach import pictograms
from outreach.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_outreach("pictograms", *args, cwd=ROOT, extra_env={"COLUMNS": "120", **(env_extra or {})})


def test_list_shows_name_label_and_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pictograms", "list"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"telefoon\s+Bellen\s+outreach", out)
    assert f"{len(pictograms.all())} pictogrammen." in out


def test_list_search_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pictograms", "list", "--search", "Geld", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["name"] == "geld" and rows[0]["label"] == "Geld en schulden"
    assert {"name", "label", "alt", "keywords", "set", "credit", "path"} <= set(rows[0])


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (["list", "--search", "olifant"], 1, "Er is geen pictogram bij 'olifant'."),
        (["list", "--format", "xml"], 2, "Kies text of json"),
        (["list", "--onbekend"], 2, "--onbekend"),
    ],
)
def test_exit_codes(args: list[str], code: int, stderr: str) -> None:
    result = run(*args)
    assert result.returncode == code
    assert stderr in result.stderr and "Traceback" not in result.stderr


def test_broken_user_folder_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "kapot.svg").write_text("<svg>\n<path>\n</svg>")
    result = run("list", env_extra={"OUTREACH_PICTOGRAM_DIRS": str(tmp_path)})
    assert result.returncode == 2
    assert "kapot.svg" in result.stderr and "regel 3" in result.stderr and "Traceback" not in result.stderr


def test_missing_manifest_entry_is_a_warning_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "eigen-plaatje.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"/>')
    result = run("list", "--search", "eigen", env_extra={"OUTREACH_PICTOGRAM_DIRS": str(tmp_path)})
    assert result.returncode == 0
    assert "Let op" in result.stderr and "eigen-plaatje" in result.stderr
    assert "Eigen plaatje" in result.stdout


def _alt_texts(reader: pypdf.PdfReader) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def check_sheet(path: Path) -> None:
    reader = pypdf.PdfReader(path)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for item in pictograms.all():
        assert item.label.split()[0] in text, item.label
    assert "Bellen" in text and "Geld en schulden" in text
    drawing = "".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    assert len(re.findall(r" c\n", drawing)) > 200, "pictograms are drawn as vector curves"
    assert "0.85098 0.282353 0.058824" in drawing, "the accent colour is in the drawing"
    assert pictograms.get("telefoon").alt in _alt_texts(reader)
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_contact_sheet_pdf(tmp_path: Path) -> None:
    path = pictograms.write_contact_sheet(tmp_path / "uit" / "blad.pdf")
    check_sheet(path)
    assert "zelf getekend" in pypdf.PdfReader(path).pages[-1].extract_text(), "every set's credit line"
    assert len(_alt_texts(pypdf.PdfReader(path))) == len(pictograms.all())


def test_contact_sheet_prints_a_user_sets_credit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "ster.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>')
    (tmp_path / "set" / "manifest.toml").write_text('credit = "Pictogrammen: Sclera (CC BY-NC)"\n[pictograms.ster]\nlabel = "Ster"\nalt = "Ster"\n')
    monkeypatch.setenv("OUTREACH_PICTOGRAM_DIRS", str(tmp_path / "set"))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pictograms.write_contact_sheet(tmp_path / "b.pdf")).pages)
    assert "Sclera (CC BY-NC)" in text and "Ster" in text


def test_sheet_command(tmp_path: Path) -> None:
    out = tmp_path / "overzicht.pdf"
    result = run("sheet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "overzicht.pdf" in result.stdout
    check_sheet(out)
