"""PDFs read back: pages, names and numbers in the text, fonts, tags, language, title, alt texts."""

from __future__ import annotations

import logging
import math
import re
import subprocess
from pathlib import Path

import pytest

from outreach.documents import load_template, render
from outreach.errors import FieldError, LevelError

from doc_helpers import assert_accessible, hard_letter, inspect_pdf


APPOINTMENT = {"afspraak_datum": "2026-12-08", "afspraak_tijd": "14:30", "afspraak_plaats": "Buurthuis De Linde"}


@pytest.mark.parametrize(("name", "extra", "expect"), [
    ("uitnodiging", {}, ["mevrouw F. El Amrani", "5038 AB", "vrijwillig"]),
    ("bevestiging-afspraak", APPOINTMENT, ["dinsdag 8 december", "14.30 uur", "Buurthuis De Linde", "iemand meenemen"]),
    ("niet-thuis", {"bezoek_datum": "2026-12-01"}, ["dinsdag 1 december", "niet thuis"]),
    ("flyer", {"ontmoetplekken": "Buurthuis De Linde; Bibliotheek Centrum"}, ["Bibliotheek Centrum", "WhatsApp"]),
])
def test_every_template_gives_one_accessible_page(tmp_path: Path, coach: dict[str, str], person: dict[str, str],
                                                   name: str, extra: dict[str, str], expect: list[str]) -> None:
    out = tmp_path / f"{name}.pdf"
    render(name, {**coach, **person, **extra}, out=out)
    facts = inspect_pdf(out)
    assert facts.pages == 1
    assert_accessible(facts)
    assert "Sanne de Vries" in facts.text and "06 12 34 56 78" in facts.text
    for words in expect:
        assert words in facts.text
    assert any("Foto van Sanne de Vries" in alt for alt in facts.images_alt)
    assert "Outreach-Sans" in " ".join(f["name"] for f in facts.fonts)
    assert "Pagina" not in facts.text  # page numbers only on longer letters


def test_pictograms_carry_their_alt_text(tmp_path: Path, coach: dict[str, str], person: dict[str, str]) -> None:
    out = tmp_path / "b.pdf"
    render("bevestiging-afspraak", {**coach, **person, **APPOINTMENT}, out=out)
    alts = inspect_pdf(out).images_alt
    assert len(alts) >= 6 and all(alts)


def test_letter_sizes_and_window_envelope_position(tmp_path: Path, coach: dict[str, str], person: dict[str, str]) -> None:
    from pypdf import PdfReader

    out = tmp_path / "u.pdf"
    render("uitnodiging", {**coach, **person}, out=out)
    page = PdfReader(str(out)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    word = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>mevrouw</word>', bbox)
    assert word, "address not found"
    x_mm, y_from_top_mm = float(word.group(1)) / 72 * 25.4, float(word.group(2)) / 72 * 25.4
    assert 20 <= x_mm <= 25 and 49 <= y_from_top_mm <= 53, (x_mm, y_from_top_mm)  # first address line


def test_long_letter_gets_page_numbers(tmp_path: Path, coach: dict[str, str], person: dict[str, str],
                                       content_dir: Path) -> None:
    fields = "\n".join(f'{k} = "{v}"' for k, v in {**coach, **person, "postcode": "5038 AB"}.items())
    body = "<p>Ik bel u volgende week. Dan praten we even.</p>\n" * 40
    (content_dir / "lang.html.j2").write_text(
        '{#---\nkind = "letter"\ntitle = "Lange brief"\nlevel = "B1"\n[fields]\n' + fields + "\n---#}\n"
        '{% extends "_brief.html.j2" %}{% block onderwerp %}Lang{% endblock %}{% block tekst %}' + body + "{% endblock %}")
    out = tmp_path / "lang.pdf"
    render("lang", {**coach, **person}, out=out)
    facts = inspect_pdf(out)
    assert facts.pages >= 2 and "Pagina 1 van" in facts.text and f"Pagina {facts.pages} van {facts.pages}" in facts.text


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_flyer_sizes_and_print_marks(tmp_path: Path, coach: dict[str, str], size: str) -> None:
    from pypdf import PdfReader

    values = {**coach, "ontmoetplekken": "Buurthuis De Linde", "formaat": size}
    plain, marked = tmp_path / "plain.pdf", tmp_path / "marked.pdf"
    render("flyer", values, out=plain)
    render("flyer", values, out=marked, print_marks=True)
    width = {"A4": 595, "A5": 420}[size]
    page = PdfReader(str(plain)).pages[0]
    assert round(float(page.mediabox.width)) == width and inspect_pdf(plain).pages == 1
    bled = PdfReader(str(marked)).pages[0]
    assert float(bled.mediabox.width) > width + 10  # bleed and room for crop marks
    assert round(float(bled.trimbox.width)) == width


def test_photo_path_is_embedded(tmp_path: Path, coach: dict[str, str], content_dir: Path) -> None:
    photo = content_dir.parent / "foto.svg"  # photos live in the user's content folder (issue 9.4)
    photo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>')
    out = tmp_path / "f.pdf"
    render("flyer", {**coach, "ontmoetplekken": "Buurthuis", "coach_foto": str(photo)}, out=out)
    assert inspect_pdf(out).pages == 1
    with pytest.raises(FieldError) as err:
        render("flyer", {**coach, "ontmoetplekken": "Buurthuis", "coach_foto": str(tmp_path / "weg.jpg")})
    assert "coach_foto" in str(err.value)


def test_text_that_fails_its_level_is_refused(content_dir: Path, coach: dict[str, str], person: dict[str, str]) -> None:
    hard_letter(content_dir)
    with pytest.raises(LevelError) as err:
        render("moeilijk", {**coach, **person})
    assert "B1" in str(err.value) and "--level-override" not in str(err.value)  # the library says what is wrong
    assert "--level-override" in err.value.hint_text("cli") and not err.value.hint_text("web")
    assert err.value.report is not None and err.value.report.verdict == "fail"


def test_level_override_renders_and_marks_the_page(tmp_path: Path, content_dir: Path, coach: dict[str, str],
                                                   person: dict[str, str]) -> None:
    hard_letter(content_dir)
    out = tmp_path / "m.pdf"
    render("moeilijk", {**coach, **person}, out=out, level_override=True)
    assert "--level-override" in inspect_pdf(out).text
    normal = tmp_path / "n.pdf"
    render("uitnodiging", {**coach, **person}, out=normal, level_override=True)  # passes: no mark
    assert "--level-override" not in inspect_pdf(normal).text


def test_html_and_text_formats(tmp_path: Path, coach: dict[str, str], person: dict[str, str]) -> None:
    html = render("uitnodiging", {**coach, **person}, format="html")
    assert isinstance(html, str) and '<html lang="nl">' in html and "css/brief.css" in html
    text = render("uitnodiging", {**coach, **person}, format="txt")
    assert isinstance(text, str) and "Sanne belt u binnenkort" in text and "<p>" not in text


def test_harfbuzz_subset_is_in_use(tmp_path: Path, coach: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    """Without libharfbuzz-subset0 every PDF costs ~0.2 s more (fontTools); the set-up installs it."""
    from outreach.documents.pdf import uses_harfbuzz_subset

    assert uses_harfbuzz_subset(), "install Debian's libharfbuzz-subset0 (.ci/setup-debian does)"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render("niet-thuis", {**coach, "bezoek_datum": "2026-12-01"}, out=tmp_path / "k.pdf")
    assert not [r for r in caplog.records if "fontTools" in r.getMessage()]


def test_missing_values_are_refused_before_rendering(coach: dict[str, str]) -> None:
    with pytest.raises(FieldError) as err:
        render("uitnodiging", coach)
    assert err.value.where and err.value.where.field in load_template("uitnodiging").fields


BAND = (0x00, 0x4F, 0x8C)  # --accent: the blue band at the top of the flyer and the door card


def _pixels(pdf: Path, folder: Path) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of the first page at 72 dpi: one pixel per point."""
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(folder / "page")],
                   check=True)
    data = (folder / "page.ppm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P6" and depth == b"255"
    return int(width), int(height), pixels


@pytest.mark.parametrize(("name", "extra"), [
    ("flyer", {"ontmoetplekken": "Buurthuis De Linde", "formaat": "A4"}),
    ("flyer", {"ontmoetplekken": "Buurthuis De Linde", "formaat": "A5"}),
    ("niet-thuis", {"bezoek_datum": "2026-12-01"}),
])
def test_band_runs_into_the_bleed(tmp_path: Path, coach: dict[str, str], person: dict[str, str], name: str,
                                  extra: dict[str, str]) -> None:
    from pypdf import PdfReader

    out = tmp_path / f"{name}.pdf"
    render(name, {**coach, **person, **extra}, out=out, print_marks=True)
    page = PdfReader(str(out)).pages[0]
    media, trim, bleed_box = page.mediabox, page.trimbox, page.bleedbox
    trim_at = round(float(trim.left) - float(media.left))  # pixels from the sheet's edge to the cut
    bleed = float(trim.left) - float(bleed_box.left)
    assert bleed >= 3 / 25.4 * 72 - 0.1  # at least 3 mm of bleed for the print shop
    outer = math.floor(float(bleed_box.left) - float(media.left))  # where the BleedBox starts
    width, height, pixels = _pixels(out, tmp_path)

    def colour(x: int, y: int) -> tuple[int, int, int]:
        at = (y * width + x) * 3
        return pixels[at], pixels[at + 1], pixels[at + 2]

    def is_band(x: int, y: int) -> bool:
        return all(abs(a - b) <= 12 for a, b in zip(colour(x, y), BAND))

    trim_width = width - 2 * trim_at
    band_y = trim_at + 12  # well inside the band's height, below the top edge
    # Just inside the trim edge the band is there, and in the whole bleed next to it (not white).
    for x in (trim_at + trim_width // 4, trim_at + 3 * trim_width // 4):
        assert is_band(x, trim_at + 2), (x, colour(x, trim_at + 2))
        for y in range(outer + 1, trim_at):  # above the trim line, printed and cut off
            assert is_band(x, y), ("top bleed", x, y, colour(x, y))
    for x in range(outer + 1, trim_at - 1):  # left and right of the band, in the bleed
        assert is_band(x, band_y), ("left bleed", x, colour(x, band_y))
        assert is_band(width - 1 - x, band_y), ("right bleed", x, colour(width - 1 - x, band_y))
    # The crop marks at the top corners stay visible, outside the bleed.
    assert min(sum(colour(x, 3)) for x in range(trim_at - 2, trim_at + 3)) < 300, "top-left crop mark covered"
    # Below the band the bleed stays white (only what touches the edge runs on).
    assert colour(outer + 2, height // 2 + 20) == (255, 255, 255)
