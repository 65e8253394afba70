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


def _upload(c: object, token: str, name: str, svg: bytes = GOOD, **extra: str) -> object:
    return c.post("/pictogrammen/nieuw", data={"csrf": token, "naam": name, "label": name.title(),  # type: ignore[attr-defined]
                                               "alt": f"Tekening {name}", **extra},
                  files={"svg": (f"{name}.svg", svg, "image/svg+xml")})


@pytest.mark.parametrize("name", ["koffie", "telefoon", "phone"])
def test_a_built_in_name_is_replaced_only_after_a_page_with_both_drawings(studio: tuple[object, str], tmp_path: Path,
                                                                          name: str) -> None:
    c, token = studio
    before = pictograms.get(name)
    response = _upload(c, token, name)
    assert response.status_code == 409  # type: ignore[attr-defined]
    page = response.text  # type: ignore[attr-defined]
    assert f"/pictogrammen/svg/{name}" in page and "data:image/svg+xml;base64," in page
    assert 'name="vervang" value="ja"' in page and "vervangen" in page
    assert pictograms.get(name).path == before.path  # nothing changed yet
    assert not (tmp_path / "eigen" / "pictograms" / f"{name}.svg").exists()
    svg_text = page.split('name="svg_tekst" value="')[1].split('"')[0]
    import html

    confirmed = c.post("/pictogrammen/nieuw", data={"csrf": token, "naam": name, "label": "Eigen", "alt": "Eigen tekening",  # type: ignore[attr-defined]
                                                    "svg_tekst": html.unescape(svg_text), "vervang": "ja"},
                       files={"leeg": ("", b"", "application/octet-stream")})
    assert confirmed.status_code == 303, confirmed.text
    replaced = pictograms.get(name)
    assert replaced.path == tmp_path / "eigen" / "pictograms" / f"{name}.svg" and replaced.alt == "Eigen tekening"
    assert "vervangen" in c.get(confirmed.headers["location"]).text  # type: ignore[attr-defined]


def test_an_uploaded_name_is_not_replaced_without_asking(studio: tuple[object, str]) -> None:
    c, token = studio
    assert _upload(c, token, "rondje").status_code == 303  # type: ignore[attr-defined]
    other = GOOD.replace(b"circle", b"ellipse rx=\"3\"").replace(b'r="30"', b'ry="30"')
    assert _upload(c, token, "rondje", other).status_code == 409  # type: ignore[attr-defined]
    assert b"ellipse" not in pictograms.get("rondje").path.read_bytes()


def test_a_confirmed_replacement_is_checked_again(studio: tuple[object, str], tmp_path: Path) -> None:
    c, token = studio
    bad = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><script>x()</script></svg>'
    response = c.post("/pictogrammen/nieuw", data={"csrf": token, "naam": "koffie", "label": "K", "alt": "K",  # type: ignore[attr-defined]
                                                   "svg_tekst": bad, "vervang": "ja"},
                      files={"leeg": ("", b"", "application/octet-stream")})
    assert response.status_code == 400 and "script" in response.text
    assert not (tmp_path / "eigen" / "pictograms" / "koffie.svg").exists()


def test_thirty_parallel_uploads_all_land_in_the_database_and_the_files(database_url: str, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16.6: each upload is one transaction; the folder's files are written from the records under a lock."""
    import tomllib
    import xml.etree.ElementTree as ET
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import select

    from outreach import db
    from outreach.pictograms.records import PictogramRecord

    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    c = signed_in_user(database_url, tmp_path)
    token = csrf(c, "/pictogrammen")
    names = [f"parallel-{i:02d}" for i in range(30)]
    with ThreadPoolExecutor(10) as pool:
        codes = list(pool.map(lambda n: _upload(c, token, n).status_code, names))  # type: ignore[attr-defined]
    assert codes == [303] * 30
    with db.session(database_url) as s:
        assert sorted(s.scalars(select(PictogramRecord.name))) == names
    folder = tmp_path / "eigen" / "pictograms"
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    assert sorted(manifest["pictograms"]) == names
    for name in names:
        ET.parse(folder / f"{name}.svg")
        assert pictograms.get(name).alt == f"Tekening {name}"
    assert not list(folder.glob("*.tmp"))


def test_the_export_keeps_hand_written_entries_and_repairs_a_broken_manifest(studio: tuple[object, str], tmp_path: Path) -> None:
    c, token = studio
    folder = tmp_path / "eigen" / "pictograms"
    folder.mkdir(parents=True)
    (folder / "zon.svg").write_bytes(GOOD)
    (folder / "manifest.toml").write_text('[set]\nname = "eigen"\n[pictograms.zon]\nlabel = "Zon"\nalt = "Een zon"\n'
                                          'keywords = ["licht"]\n', encoding="utf-8")
    assert _upload(c, token, "rondje").status_code == 303  # type: ignore[attr-defined]
    assert pictograms.get("zon").keywords == ("licht",) and pictograms.get("rondje").label == "Rondje"
    (folder / "manifest.toml").write_text("[pictograms.rondje\nkapot", encoding="utf-8")  # a crash of an older version
    assert _upload(c, token, "vierkant").status_code == 303  # type: ignore[attr-defined]
    assert pictograms.get("rondje").label == "Rondje" and pictograms.get("vierkant").label == "Vierkant"


def test_the_same_new_name_uploaded_twice_at_once_asks_instead_of_failing(studio: tuple[object, str],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.pictograms import upload

    c, token = studio
    assert _upload(c, token, "rondje").status_code == 303  # type: ignore[attr-defined]
    monkeypatch.setattr(upload, "_recorded", lambda session, name: False)  # both looked before either wrote
    monkeypatch.setattr(upload, "_exists", lambda name: False)
    response = _upload(c, token, "rondje")
    assert response.status_code == 409 and "vervangen?" in response.text  # type: ignore[attr-defined]
