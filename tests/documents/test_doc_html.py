"""HTML output stands on its own: CSS, fonts and images inside the file, no file:// links (issue 10 item 7)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from doc_helpers import COACH

from outreach.cli import main

URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]*)""", re.IGNORECASE)


@pytest.mark.parametrize("name", ["uitnodiging", "flyer", "niet-thuis"])
def test_html_output_still_works_when_moved(tmp_path: Path, content_dir: Path, name: str) -> None:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    photo = content_dir.parent / "sanne.svg"  # a photo in the user's content folder, and a logo
    photo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>')
    made = tmp_path / "eerst"
    args = ["render", name, "--sample", "--format", "html", "--out", str(made / f"{name}.html"),
            "--set", f"coach_foto={photo}", "--set", f"logo={photo}", "--set", f"coach_naam={COACH['coach_naam']}"]
    assert main(args) == 0

    moved = tmp_path / "ergens" / "anders"
    moved.mkdir(parents=True)
    target = moved / f"{name}.html"
    shutil.move(made / f"{name}.html", target)
    shutil.rmtree(made)
    html = target.read_text(encoding="utf-8")
    assert "file:" not in html
    assert str(tmp_path) not in html and "/templates/" not in html
    assert "<link" not in html
    urls = [a or b for a, b in URL.findall(html)]
    assert urls and all(u.startswith("data:") for u in urls), [u[:40] for u in urls if not u.startswith("data:")]
    assert 'data-source="css/basis.css"' in html  # the stylesheets are in the page itself

    asked: list[str] = []

    class OnlyData(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> object:
            asked.append(url)
            if not url.startswith("data:"):
                raise ValueError("only data: URIs")
            return super().fetch(url, headers)

    pdf = tmp_path / "los.pdf"
    HTML(filename=str(target), url_fetcher=OnlyData()).write_pdf(pdf)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Outreach-Sans" in fonts  # the font came along
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Sanne de Vries" in text
    assert asked and all(url.startswith("data:") for url in asked), [u[:40] for u in asked]
    sources = set(re.findall(r'<img[^>]*\ssrc="([^"]*)"', html))
    assert sources and sources <= set(asked)  # photo, logo and pictograms: every image drawn
