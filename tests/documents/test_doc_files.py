"""Output files: per-person names carry line and client number, never the name; Dutch counts (issue 10.7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_helpers import COACH

from outreach.cli import main
from outreach.documents import merge

HEADER = "klantnummer;naam;aanhef;adres;postcode;woonplaats"
ROWS = ["K-1001;mevrouw F. El Amrani;Beste mevrouw El Amrani;Kastanjelaan 12;5038 AB;Voorbeeldstad",
        "K-1002;de heer J. Voorbeeld;Beste meneer Voorbeeld;Lindeplein 7;50388;Voorbeeldstad",
        "K-1003;mevrouw A. Ölçer;Beste mevrouw Ölçer;Beukenhof 3;5038 AD;Voorbeeldstad"]


def test_per_recipient_pdf_names_carry_line_and_client_number(tmp_path: Path) -> None:
    data = tmp_path / "m.csv"
    data.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    result = merge("uitnodiging", data, COACH, out=tmp_path / "los", per_recipient=True, worker_count=1)
    names = sorted(p.name for p in result.outputs)
    assert names == ["uitnodiging-regel0002-k-1001.pdf", "uitnodiging-regel0004-k-1003.pdf"]
    assert all(p.is_file() for p in result.outputs)


@pytest.mark.parametrize("fmt", ["html", "txt"])
def test_per_recipient_text_files_use_the_same_names(tmp_path: Path, fmt: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "m.csv"
    data.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    sets = [f"--set={k}={v}" for k, v in COACH.items()]
    assert main(["render", "uitnodiging", "--data", str(data), *sets, "--format", fmt, "--out",
                 str(tmp_path / "los")]) == 0
    names = sorted(p.name for p in (tmp_path / "los").iterdir())
    assert names == [f"uitnodiging-regel0002-k-1001.{fmt}", f"uitnodiging-regel0004-k-1003.{fmt}"]


@pytest.mark.parametrize(("rows", "expected"), [
    (ROWS[1:2], "de enige regel heeft een fout"),
    ([ROWS[1], ROWS[1].replace("K-1002", "K-1004")], "alle 2 regels hebben een fout"),
])
def test_nothing_made_message_counts_in_dutch(tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[str],
                                              expected: str) -> None:
    data = tmp_path / "m.csv"
    data.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    sets = [f"--set={k}={v}" for k, v in COACH.items()]
    assert main(["render", "uitnodiging", "--data", str(data), *sets, "--out", str(tmp_path / "b.pdf")]) == 2
    err = capsys.readouterr().err
    assert expected in err and "alle 1 regels" not in err


def test_merge_writes_personal_files_for_the_owner_only(tmp_path: Path) -> None:
    import stat

    data = tmp_path / "m.csv"
    data.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    loose = merge("uitnodiging", data, COACH, out=tmp_path / "los", per_recipient=True, worker_count=1)
    assert stat.S_IMODE((tmp_path / "los").stat().st_mode) == 0o700
    one = merge("uitnodiging", None, {**COACH, "naam": "mevrouw A", "aanhef": "Beste mevrouw", "adres": "Laan 1",
                                      "postcode": "5038 AB", "woonplaats": "Voorbeeldstad"}, out=tmp_path / "een.pdf")
    (tmp_path / "samen.pdf").write_bytes(b"oud")  # an older file with a wider mode is made private too
    (tmp_path / "samen.pdf").chmod(0o644)
    together = merge("uitnodiging", data, COACH, out=tmp_path / "samen.pdf", worker_count=1)
    for path in [*loose.outputs, *one.outputs, *together.outputs]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
