"""`outreach check` through its entry point: formats, exit codes, Dutch errors, templates."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from clock_helpers import run_outreach

from outreach.cli import main

PLAIN = "Beste Fatima,\n\nIk ben Sanne, uw coach. Ik bel u volgende week.\n\nVragen? Bel mij op 06-12345678.\n"
OFFICIAL = ("Indien u niet in de gelegenheid bent om op de afgesproken datum te verschijnen, verzoeken wij u "
            "dit middels het formulier tijdig aan ons kenbaar te maken, teneinde een nieuwe afspraak te kunnen "
            "plannen. Uw uitkering wordt door de afdeling beoordeeld.\n")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_outreach("check", *args, stdin=stdin)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    plain, official = tmp_path / "gewoon.txt", tmp_path / "ambtelijk.txt"
    plain.write_text(PLAIN, encoding="utf-8")
    official.write_text(OFFICIAL, encoding="utf-8")
    page = tmp_path / "brief.html"
    page.write_text("<html><head><title>x</title><style>p{}</style></head><body><h1>Uw afspraak</h1>"
                    "<p>Indien u niet komt, bel ons.</p><script>var indien = 1;</script></body></html>", encoding="utf-8")
    return {"plain": plain, "official": official, "html": page}


def test_exit_codes(files: dict[str, Path]) -> None:
    assert main(["check", str(files["plain"])]) == 0
    assert main(["check", str(files["official"])]) == 1
    assert main(["check", str(files["plain"]), str(files["official"])]) == 1


def test_text_output_and_stdin() -> None:
    result = run("-", stdin="Wij bellen u. U kunt ook zelf bellen.")
    assert result.returncode == 0, result.stderr
    assert "voldoet aan de B1-schrijfregels" in result.stdout
    assert "2 zinnen" in result.stdout
    result = run("--level", "A2", "--kind", "sms", stdin=OFFICIAL)
    assert result.returncode == 1
    assert "ambtelijke taal" in result.stdout and "A2" in result.stdout


def test_json_output(files: dict[str, Path]) -> None:
    result = run("--format", "json", str(files["official"]))
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert data["verdict"] == "fail" and data["file"] == str(files["official"])
    rules = {f["rule"] for f in data["findings"]}
    assert {"officialese", "passive", "long-sentence"} <= rules
    finding = next(f for f in data["findings"] if f["rule"] == "officialese")
    assert OFFICIAL[finding["start"]:finding["end"]] == "Indien"
    both = json.loads(run("--format", "json", str(files["plain"]), str(files["official"])).stdout)
    assert [d["verdict"] for d in both] == ["pass", "fail"]


def test_html_output(files: dict[str, Path]) -> None:
    result = run("--format", "html", str(files["official"]), str(files["plain"]))
    assert result.returncode == 1
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and 'lang="nl"' in page
    assert 'class="hl' in page and "ambtelijke taal" in page and "voldoet niet" in page
    assert "<script" not in page.lower()


def test_html_input_checks_visible_text(files: dict[str, Path]) -> None:
    data = json.loads(run("--format", "json", str(files["html"])).stdout)
    officialese = [f for f in data["findings"] if f["rule"] == "officialese"]
    assert len(officialese) == 1  # the word in <script> is not visible


@pytest.mark.parametrize("args, words", [
    (["/geen/bestand.txt"], "bestaat niet"),
    (["--level", "C1", "x.txt"], "A2 of B1"),
    (["--kind", "poster", "x.txt"], "letter, flyer, sms of whatsapp"),
    (["--format", "pdf", "x.txt"], "text, json of html"),
])
def test_bad_usage_exits_2_in_dutch(args: list[str], words: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_folder_and_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "foto.png"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    for path in (tmp_path, binary):
        result = run(str(path))
        assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr


def test_windows_1252_file(tmp_path: Path) -> None:
    path = tmp_path / "oud.txt"
    path.write_bytes("Wij maken een afspraak over uw ideeën.\r\n".encode("cp1252"))
    data = json.loads(run("--format", "json", str(path)).stdout)
    assert data["verdict"] == "pass" and data["metrics"]["words"] == 7


def test_template_uses_its_kind_level_and_sample_values(capsys: pytest.CaptureFixture[str]) -> None:
    documents = pytest.importorskip("outreach.documents")
    if not hasattr(documents, "sample_text"):
        pytest.skip("outreach.documents.sample_text is not there yet")
    templates = sorted(Path(__file__).resolve().parents[2].joinpath("templates").glob("[!_]*.j2"))
    assert templates
    for path in templates:
        _, template = documents.sample_text(path)
        capsys.readouterr()
        main(["check", "--format", "json", str(path)])
        data = json.loads(capsys.readouterr().out)
        assert data["kind"] == template.kind and data["level"] == str(template.level).upper()
        rare = {data_text for data_text in (f.get("message", "") for f in data["findings"] if f["rule"] == "rare-word")}
        for value in template.fields.values():
            assert not any(f"'{value}'" in message for message in rare), (path.name, value)
    sms = next(p for p in templates if p.name.endswith(".sms.j2"))
    main(["check", "--format", "json", "--level", "B1", str(sms)])
    assert json.loads(capsys.readouterr().out)["level"] == "B1"
    assert run("--format", "json", str(sms)).returncode in (0, 1)  # the real entry point, once
