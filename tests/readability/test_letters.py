"""Realistic municipal letters (tests/readability/letters/): stiff officialese fails B1, expert rewrites do not.

The letters carry what real letters carry: letterhead and address blocks, reference lines,
amounts, IBANs, dates, legal references, lists, the objection paragraph, signatures and
footers. `stiff_*` letters are written in officialese and must fail B1; `plain_*` letters are
rewrites in plain Dutch and must not fail just because of that necessary boilerplate. The
.docx, .pdf and .html copies are made by scripts/make_letter_copies.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clock_helpers import run_outreach

from outreach.readability import check
from outreach.readability.sources import read_text

LETTERS = Path(__file__).parent / "letters"
FILES = sorted(p for p in LETTERS.iterdir() if p.suffix in (".txt", ".docx", ".pdf", ".html"))


def _report(path: Path):
    return check(read_text(str(path)), level="B1", kind="letter")


@pytest.mark.parametrize("path", [p for p in FILES if p.name.startswith("stiff_")], ids=lambda p: p.name)
def test_stiff_letter_fails_b1(path: Path) -> None:
    report = _report(path)
    assert report.verdict == "fail"
    assert report.score >= 60, report.score


def test_there_are_enough_letters() -> None:
    names = {p.stem for p in FILES}
    assert len(names) >= 12
    assert {p.suffix for p in FILES} >= {".txt", ".docx", ".pdf", ".html"}


@pytest.mark.parametrize("path", [p for p in FILES if p.name.startswith("plain_")], ids=lambda p: p.name)
def test_plain_letter_does_not_fail_b1(path: Path) -> None:
    report = _report(path)
    text = report.text
    assert report.verdict != "fail", [(f.rule, text[f.start:f.end]) for f in report.findings if f.severity == "fail"]
    assert report.score < 30, report.score


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_letter_furniture_is_left_out_but_never_the_message(path: Path) -> None:
    """Every letter has its address or reference lines left out; no left-out line is a sentence."""
    report = _report(path)
    text = report.text
    kinds = {span["kind"] for span in report.ignored}
    assert kinds & {"address", "reference"}, kinds
    for span in report.ignored:
        line = text[span["start"]:span["end"]].strip()
        assert not (line.endswith((".", "?", "!")) and len(line.split()) > 3), line


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_cli_reads_every_letter_in_every_format(fmt: str) -> None:
    """One run of the real CLI over all letters: no traceback, exit 1 because stiff letters fail."""
    result = run_outreach("check", "--format", fmt, *[str(p) for p in FILES])
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert len(data) == len(FILES)
        verdicts = {Path(p).name: d["verdict"] for p, d in zip(FILES, data)}
        assert all((v == "fail") == name.startswith("stiff_") for name, v in verdicts.items()), verdicts


def test_cli_folder_report(tmp_path: Path) -> None:
    result = run_outreach("check", str(LETTERS), "--out", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    rows = (tmp_path / "leesbaarheid.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    failing = {row.split(";")[0] for row in rows if row.split(";")[1] == "NIET GOED"}
    assert failing == {p.name for p in FILES if p.name.startswith("stiff_")}
