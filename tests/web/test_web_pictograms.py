"""Pictogrammen: browse and search with label, alt text and credit; upload an SVG into the user's own set, sanitised."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import csrf, signed_in_user

from outreach import pictograms

GOOD = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><title>Fiets</title><circle cx="48" cy="48" r="30" fill="#161616"/></svg>'


@pytest.fixture
def studio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, str]:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    return c, csrf(c, "/pictogrammen")


def test_browse_and_search_show_label_and_alt_text(studio: tuple[object, str]) -> None:
    c, _ = studio
    page = c.get("/pictogrammen?zoek=bellen").text  # type: ignore[attr-defined]
    item = pictograms.get("telefoon")
    assert item.label in page and item.alt in page and "/pictogrammen/svg/telefoon" in page
    assert "koffie" not in page.split("<ul class=\"gallery\">")[1].split("</ul>")[0]


def test_a_clean_svg_joins_the_own_set(studio: tuple[object, str], tmp_path: Path) -> None:
    c, token = studio
    response = c.post("/pictogrammen/nieuw", data={"csrf": token, "naam": "rondje", "label": "Rondje", "alt": "Een zwart rondje"},  # type: ignore[attr-defined]
                      files={"svg": ("rondje.svg", GOOD, "image/svg+xml")})
    assert response.status_code == 303
    assert pictograms.get("rondje").label == "Rondje"
    assert "Een zwart rondje" in c.get("/pictogrammen?zoek=rondje").text  # type: ignore[attr-defined]


@pytest.mark.parametrize("svg, words, line", [
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">\n<script>alert(1)</script></svg>', "&lt;script&gt;", 2),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">\n\n<rect onload="x()" width="5" height="5"/></svg>', "onload", 3),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">\n<foreignObject><p>x</p></foreignObject></svg>', "foreignObject", 2),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" viewBox="0 0 96 96">\n<use x:href="http://example.com/a.svg#b"/></svg>', "buiten het bestand", 2),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">\n<rect style="fill:url(https://e.x/a)"/></svg>', "buiten het bestand", 2),
    (b'<!DOCTYPE svg [<!ENTITY a "b">]>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"/>', "DOCTYPE", 1),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">\n<rect></svg>', "kapot", 2),
    (b'\x89PNG\r\n\x1a\n', "geen SVG", None),
])
def test_an_unsafe_svg_is_refused_with_the_reason_and_line(studio: tuple[object, str], tmp_path: Path, svg: bytes,
                                                           words: str, line: int | None) -> None:
    c, token = studio
    response = c.post("/pictogrammen/nieuw", data={"csrf": token, "naam": "boos", "label": "Boos", "alt": "Boos"},  # type: ignore[attr-defined]
                      files={"svg": ("boos.svg", svg, "image/svg+xml")})
    assert response.status_code == 400 and words in response.text
    if line:
        assert f"Regel {line}: " in response.text  # the line in words, no file name
    assert not (tmp_path / "eigen" / "pictograms").exists()
