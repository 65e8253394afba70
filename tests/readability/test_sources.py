"""Input for the checker: HTML as visible text in linear time, binary and huge files as Dutch errors.

Linear behaviour is shown without timing assertions: inputs that took minutes with the
quadratic code (html.parser on '<a b=c <a b=c ...': 400 KB in 131 s) run at 4x the size
that already took 100 s, under a generous pytest-timeout.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from clock_helpers import run_outreach

from outreach.cli.check import line_starts, show
from outreach.errors import InputError
from outreach.readability import check
from outreach.readability.sources import MAX_BYTES, html_to_text, read_text


@pytest.mark.parametrize("html, text", [
    ("<p>Indien u &amp; niet komt, bel ons.</p>", "Indien u & niet komt, bel ons.\n"),
    ("<ul><li>een</li><li>twee</li></ul>", "- een\n\n- twee\n"),
    ("<p>Kijk</p><img src='x.png' alt=\"Foto van Sanne\">", "Kijk\n\nFoto van Sanne\n"),
    ('<p title="a > b">Bel ons.</p>', "Bel ons.\n"),
    ("<script>if (a < b) { x = '</p>'; }</script><p>Bel ons.</p>", "Bel ons.\n"),
    ("<p>3 < 4 en 5 > 2</p>", "3 < 4 en 5 > 2\n"),
    ("<p>Bel<!-- <p>niet</p> --> ons.</p>", "Bel ons.\n"),
    ("<p>Bel ons.</p><a href='nooit dicht", "Bel ons.\n"),  # like a browser: an open tag hides the rest
    ("<P>Bel<BR>ons.</P>", "Bel\nons.\n"),
])
def test_html_to_visible_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.timeout(60)
@pytest.mark.parametrize("unit", ["<a", "<a b=c ", "<a x='", '<a x="', "<!--", "</", "<!", "< a", "<a>",
                                  "<script>", "&#"])
def test_html_pathological_input_is_linear(unit: str) -> None:
    for n in (100_000, 400_000):  # 4x the size that took the old parser 100 s for '<a b=c '
        html_to_text(unit * n)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("text", [
    "wordt, gedaan, " * 100_000,  # one sentence of passive candidates and commas
    "a" * 1_900_000,  # one word: no check of each of its prefixes against the word lists
    "Indien u de kostendelersnorm krijgt. " * 50_000,  # explained terms: each sentence's findings by bisection
])
def test_pathological_text_is_linear(text: str) -> None:
    check(text)


def test_line_numbers_by_bisect() -> None:
    from bisect import bisect_right

    text = "ab\ncd\n\nef\n"
    starts = line_starts(text)
    assert [bisect_right(starts, i) for i in range(len(text))] == [text.count("\n", 0, i) + 1 for i in range(len(text))]


@pytest.mark.timeout(240)
def test_text_output_of_many_findings_is_linear() -> None:
    line = "Indien u vragen heeft, dient u te bellen. De aanvraag wordt beoordeeld door de afdeling.\n"
    report = check(line * 4000)
    out = io.StringIO()
    with redirect_stdout(out):
        show("brief.txt", report)
    assert "regel 4000:" in out.getvalue()


@pytest.mark.timeout(240)
def test_text_output_of_much_letter_furniture_is_linear() -> None:
    report = check("Kees Jansen\nPopulierenweg 12\n5038 AB Tilburg\n" * 40_000)  # 120,000 grey address lines
    out = io.StringIO()
    with redirect_stdout(out):
        show("brief.txt", report)
    assert "Populierenweg" in out.getvalue()


def test_size_cap_says_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "boek.txt"
    path.write_text("Ik bel u. " * (MAX_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_text(str(path))
    assert "te groot" in str(caught.value) and "2 MB" in str(caught.value) and str(path) in str(caught.value)
    result = run_outreach("check", str(path))
    assert result.returncode == 2 and "2 MB" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("tail", [
    b"\x00\x00\x01\x02",  # a NUL after the first 4 KB
    b"\x89PNG\x01\x02\x03\r\n",  # control bytes
    "één".encode() + b"\xff\xfe\xc3",  # UTF-8 first, then bytes that are not UTF-8
])
def test_binary_after_the_first_4_kb(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "bijlage.txt"
    head = "Ik bel u morgen. Tot dan!\n".encode() * 400  # 10 KB of text
    path.write_bytes(head + tail)
    with pytest.raises(InputError) as caught:
        read_text(str(path))
    assert "geen tekstbestand" in str(caught.value) and str(path) in str(caught.value)
    assert "regel 401" in str(caught.value)
    result = run_outreach("check", str(path))
    assert result.returncode == 2 and "geen tekstbestand" in result.stderr and "Traceback" not in result.stderr


def test_windows_1252_after_4_kb_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "oud.txt"
    path.write_bytes(("Ik bel u morgen.\r\n" * 400 + "Wij praten over uw ideeën.\r\n").encode("cp1252") + b"\x1a")
    assert read_text(str(path)).endswith("Wij praten over uw ideeën.\n")


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
           + f']><w:document {_W}><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')


def _hostile_docx(path: Path, parts: list[bytes]) -> None:
    """A real Word file whose word/document.xml is `parts` written one after the other (so it may be huge)."""
    import zipfile

    import docx

    plain = path.with_suffix(".plain.docx")
    docx.Document().save(str(plain))
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item))
        with out.open("word/document.xml", "w") as stream:
            for part in parts:
                stream.write(part)


_OPEN, _CLOSE = f"<w:document {_W}><w:body>".encode(), b"</w:body></w:document>"


@pytest.mark.parametrize("parts", [
    pytest.param([_OPEN, *[b" " * 1_000_000] * 60, _CLOSE], id="zip-bomb-60MB"),
    pytest.param([_LAUGHS.encode()], id="billion-laughs"),
    pytest.param([_OPEN, b"<w:p>" * 100_000, b"</w:p>" * 100_000, _CLOSE], id="deep-nesting"),
    pytest.param([_OPEN, b"<w:p><w:r><w:t>", b"bel " * 3_000_000, b"</w:t></w:r></w:p>", _CLOSE], id="huge-text-node"),
    pytest.param([_OPEN, b"<w:p/>" * 3_000_000, _CLOSE], id="3M-paragraphs"),
    pytest.param([_OPEN, b"<w:p><w:r><w:t>kapot", _CLOSE], id="broken-xml"),
])
def test_a_hostile_word_file_is_kapot_of_te_groot(tmp_path: Path, parts: list[bytes],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main

    path = tmp_path / "brief.docx"
    _hostile_docx(path, parts)
    assert path.stat().st_size < 1_000_000  # small on disk, whatever it unpacks to
    with pytest.raises(InputError, match="Dit Word-bestand is kapot of te groot"):
        read_text(str(path))
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "kapot of te groot" in err and "unexpected" not in err and "Er ging iets mis" not in err


def test_a_pdf_over_the_page_cap_is_kapot_of_te_groot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfWriter

    from outreach.readability import sources

    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(100, 100)
    path = tmp_path / "brief.pdf"
    with path.open("wb") as f:
        writer.write(f)
    monkeypatch.setattr(sources, "MAX_PAGES", 3)
    with pytest.raises(InputError, match="Deze pdf is kapot of te groot"):
        read_text(str(path))
