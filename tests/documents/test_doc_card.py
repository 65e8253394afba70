"""The door card: names the municipality, takes a logo, never splits a date or a name (issue 10.4)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from doc_helpers import COACH, inspect_pdf

from outreach.documents import render

LONG = {**COACH, "coach_naam": "Fatima El Amrani-Van den Berghe", "coach_voornaam": "Fatima",
        "naam": "mevrouw F. van Oosterhout-El Khatib"}


@pytest.mark.parametrize("day", ["2026-12-01", "2026-09-30", "2026-11-25"])
def test_card_keeps_date_and_names_on_one_line(tmp_path: Path, day: str) -> None:
    out = tmp_path / "k.pdf"
    render("niet-thuis", {**LONG, "bezoek_datum": day}, out=out)
    lines = [" ".join(line.split()) for line in subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout.splitlines()]
    from outreach.documents.filters import datum

    assert any(datum(day) in line for line in lines), lines
    assert any("Fatima El Amrani-Van den Berghe" in line for line in lines), lines
    assert any("Gemeente Voorbeeldstad" in line for line in lines), lines
    assert inspect_pdf(out).pages == 1


@pytest.mark.parametrize("template", ["niet-thuis", "flyer", "uitnodiging", "bevestiging-afspraak"])
def test_every_template_takes_a_logo_from_the_content_folder(tmp_path: Path, content_dir: Path, template: str) -> None:
    from outreach.documents import load_template

    logo = content_dir.parent / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"><rect width="40" height="10"/></svg>')
    out = tmp_path / "d.pdf"
    render(template, {**load_template(template).fields, "logo": "logo.svg"}, out=out)
    assert "Logo van Gemeente Voorbeeldstad" in inspect_pdf(out).images_alt
