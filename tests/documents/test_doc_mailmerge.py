"""Mail merge: CSV dialects, bad rows, combined and per-person PDFs, workers, the CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from clock_helpers import run_outreach
from doc_helpers import COACH, assert_accessible, hard_letter, inspect_pdf

from outreach.cli import main
from outreach.documents import merge
from outreach.errors import InputError

HEADER = ["naam", "aanhef", "adres", "postcode", "woonplaats", "telefoon"]
GOOD = [
    ["mevrouw F. El Amrani", "Beste mevrouw El Amrani", "Kastanjelaan 12", "5038 AB", "Voorbeeldstad", "06-12345678"],
    ["de heer J. Voorbeeld", "Beste meneer Voorbeeld", "Lindeplein 7", "5038ac", "Voorbeeldstad", ""],
    ["mevrouw A. Ölçer", "Beste mevrouw Ölçer", "Beukenhof 3", "5038 AD", "Voorbeeldstad", "+31612345679"],
]
BAD = [
    (["de heer K. Testman", "Beste meneer Testman", "Eikenlaan 40", "50388", "Voorbeeldstad", ""], "postcode"),
    (["mevrouw B. Fictief", "Beste mevrouw Fictief", "Wilgenstraat 9", "5038 AE", "Voorbeeldstad", "0612"], "telefoon"),
    (["de heer P. Bedacht", "Beste meneer Bedacht", "", "5038 AF", "Voorbeeldstad", ""], "adres"),
]


def write_csv(path: Path, rows: list[list[str]], sep: str = ";", encoding: str = "utf-8", bom: bool = False) -> Path:
    text = "\r\n".join(sep.join(f'"{c}"' if sep in c else c for c in row) for row in [HEADER, *rows]) + "\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


@pytest.mark.parametrize(("sep", "encoding", "bom"), [
    (";", "utf-8", False), (",", "utf-8", False), (";", "utf-8", True), (";", "cp1252", False), ("\t", "utf-8", False),
])
def test_csv_dialects_give_the_same_letters(tmp_path: Path, sep: str, encoding: str, bom: bool) -> None:
    data = write_csv(tmp_path / "mensen.csv", GOOD, sep, encoding, bom)
    result = merge("uitnodiging", data, COACH, out=tmp_path / "brieven.pdf", worker_count=1)
    assert result.rendered == 3 and not result.skipped
    facts = inspect_pdf(tmp_path / "brieven.pdf")
    assert facts.pages == 3
    assert_accessible(facts)
    for row in GOOD:
        assert row[0] in facts.text  # names survive every encoding, including ö and ç
    assert facts.text.count("06 12 34 56 78") >= 3


def test_bad_rows_are_reported_with_line_and_field_and_skipped(tmp_path: Path) -> None:
    rows = [GOOD[0], BAD[0][0], GOOD[1], BAD[1][0], BAD[2][0], GOOD[2]]
    data = write_csv(tmp_path / "mensen.csv", rows)
    reported = []
    result = merge("uitnodiging", data, COACH, out=tmp_path / "b.pdf", bad_row=reported.append, worker_count=1)
    assert result.rendered == 3
    assert [(b.line, b.field) for b in result.skipped] == [(3, "postcode"), (5, "telefoon"), (6, "adres")]
    assert reported == result.skipped
    assert "Regel 3, veld 'postcode'" in str(result.skipped[0])
    assert inspect_pdf(tmp_path / "b.pdf").pages == 3


@pytest.mark.parametrize("bad", [";extra", ';"extra'], ids=["too-many-cells", "stray-quote"])
def test_a_malformed_row_stops_the_merge_naming_the_line(tmp_path: Path, bad: str) -> None:
    data = tmp_path / "m.csv"
    data.write_text(";".join(HEADER) + "\n" + ";".join(GOOD[0]) + "\n" + ";".join(GOOD[1]) + bad + "\n" + ";".join(GOOD[2]) + "\n")
    with pytest.raises(InputError) as caught:
        merge("uitnodiging", data, COACH, out=tmp_path / "b.pdf", worker_count=1)
    assert caught.value.where is not None and caught.value.where.line == 3
    assert not (tmp_path / "b.pdf").exists()


def test_two_workers_keep_order_and_tags(tmp_path: Path) -> None:
    rows = [[f"mevrouw Nummer{i:02d}", "Beste mevrouw", f"Laan {i}", "5038 AB", "Voorbeeldstad", ""] for i in range(30)]
    data = write_csv(tmp_path / "m.csv", rows)
    done: list[int] = []
    result = merge("uitnodiging", data, COACH, out=tmp_path / "b.pdf", worker_count=2,
                   progress=lambda n, total: done.append(n))
    assert result.rendered == 30 and done[-1] == 30 and done == sorted(done)
    facts = inspect_pdf(tmp_path / "b.pdf")
    assert facts.pages == 30
    assert_accessible(facts)
    positions = [facts.text.index(f"Nummer{i:02d}") for i in range(30)]
    assert positions == sorted(positions)
    tree = facts.reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    assert len(tree["/K"].get_object()["/K"]) >= 2  # one section per chunk, grafted
    assert int(tree["/ParentTreeNextKey"]) >= 30
    assert [int(p["/StructParents"]) for p in facts.reader.pages] == list(range(30))


def test_per_recipient_gives_one_pdf_each(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "m.csv", GOOD + [BAD[0][0]])
    result = merge("uitnodiging", data, COACH, out=tmp_path / "los", per_recipient=True, worker_count=1)
    assert len(result.outputs) == 3 and len(result.skipped) == 1
    assert result.outputs[0].name == "uitnodiging-regel0002.pdf"  # CSV line, never the name (issue 10.7)
    assert not any("amrani" in p.name.lower() for p in result.outputs)
    for path, row in zip(result.outputs, GOOD):
        facts = inspect_pdf(path)
        assert facts.pages == 1 and row[0] in facts.text and "06 12 34 56 78" in facts.text
        assert_accessible(facts)


def test_constants_come_from_set_and_rows_win(tmp_path: Path) -> None:
    data = tmp_path / "m.csv"
    data.write_text(";".join(HEADER + ["coach_naam"]) + "\n" + ";".join(GOOD[0] + ["Ahmed Bakker"]) + "\n")
    merge("uitnodiging", data, COACH, out=tmp_path / "b.pdf", worker_count=1)
    text = inspect_pdf(tmp_path / "b.pdf").text
    assert "Ahmed Bakker" in text and "Sanne de Vries" not in text


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_outreach(*args, cwd=cwd)


def coach_options() -> list[str]:
    return [opt for key, value in COACH.items() for opt in ("--set", f"{key}={value}")]


def test_cli_render_mail_merge(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "m.csv", GOOD + [BAD[0][0]])
    done = run_cli("render", "uitnodiging", "--data", str(data), *coach_options(), "--out", "brieven.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Klaar: 3 gemaakt, 1 overgeslagen." in done.stdout
    assert "Regel 5, veld 'postcode'" in done.stderr and "Traceback" not in done.stderr
    assert inspect_pdf(tmp_path / "brieven.pdf").pages == 3


@pytest.mark.parametrize(("args", "code", "message"), [
    (["render", "bestaat-niet", "--sample"], 2, "bestaat niet"),
    (["render", "flyer"], 2, "coach_naam"),
    (["render", "flyer", "--sample", "--format", "doc"], 2, "pdf, html of txt"),
    (["render", "flyer", "--set", "zonder-is-teken"], 2, "naam=waarde"),
    (["render", "uitnodiging", "--per-recipient", "--sample"], 2, "--data"),
    (["render", "uitnodiging", "--data", "weg.csv", "--sample"], 2, "weg.csv"),
])
def test_cli_exit_codes_for_bad_input(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == code, (done.stdout, done.stderr)
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cli_all_rows_bad_exits_2(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "m.csv", [b for b, _ in BAD])
    assert main(["render", "uitnodiging", "--data", str(data), *coach_options(), "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


def test_cli_sample_formats(tmp_path: Path) -> None:
    for fmt in ("pdf", "html", "txt"):
        assert main(["render", "flyer", "--sample", "--format", fmt, "--out", str(tmp_path / f"f.{fmt}")]) == 0
    assert inspect_pdf(tmp_path / "f.pdf").pages == 1
    assert "Ik bel u binnenkort." in (tmp_path / "f.txt").read_text()


def test_cli_level_gate_and_override(tmp_path: Path, content_dir: Path) -> None:
    hard_letter(content_dir)
    refused = run_cli("render", "moeilijk", "--sample", "--out", "m.pdf", cwd=tmp_path)
    assert refused.returncode == 1 and "te moeilijk" in refused.stderr and not (tmp_path / "m.pdf").exists()
    forced = run_cli("render", "moeilijk", "--sample", "--out", "m.pdf", "--level-override", cwd=tmp_path)
    assert forced.returncode == 0 and "--level-override" in forced.stderr
    assert "--level-override" in inspect_pdf(tmp_path / "m.pdf").text


def test_cli_templates_lists_the_built_in_ones() -> None:
    assert main(["templates"]) == 0
