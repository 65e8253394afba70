"""PDFs read back: pages, names and numbers in the text, fonts, tags, language, title, alt texts."""

from __future__ import annotations

import logging
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
    assert "B1" in str(err.value) and "--level-override" in str(err.value)
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
