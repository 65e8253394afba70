"""In headless Chromium: beheer imports people with their language, communicatie exports a letter as XLIFF and uploads the translation, a reviewer approves it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import merge_in_browser, page_problems, sign_in_page, site_with_users

from outreach import db
from outreach.documents import translations as tr
from outreach.documents import versions
from outreach.tracking.models import Prospect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "documents"))
from test_translations import ARABIC, BODY, FRONT, translated_xliff  # noqa: E402

LIST = ("klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach;taal\n"
        "K-3001;Amal;Haddad;Eikweg 1;5038 AB;Tilburg;Oost;06-22223331;Sanne Voorbeeld;ar\n"
        "K-3002;Senait;Tesfay;Eikweg 2;5038 AB;Tilburg;Oost;06-22223332;Sanne Voorbeeld;ti\n"
        "K-3003;Piotr;Nowak;Eikweg 3;5038 AB;Tilburg;Oost;06-22223333;Sanne Voorbeeld;pl\n"
        "K-3004;Joop;Jansen;Eikweg 4;5038 AB;Tilburg;Oost;06-22223334;Sanne Voorbeeld;\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    with site_with_users(tmp_path, {"Bea Beheer": ["beheer"], "Mira Communicatie": ["communicatie"],
                                    "Tara Taal": ["taaladviseur"]}) as base:
        with db.session(f"sqlite:///{tmp_path / 'web.db'}") as s:
            versions.add(s, "kennismaken", "html", FRONT % "letter" + BODY, versions.PASSING, None, "Mira Communicatie")
        yield base


def test_import_languages_export_translate_upload_and_approve(site: str, browser: object, tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    url = f"sqlite:///{tmp_path / 'web.db'}"
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(page, site, "Bea Beheer")
    page.goto(site + "/beheer/lijst")
    (tmp_path / "lijst.csv").write_text(LIST, encoding="utf-8")
    page.set_input_files("#lijst", str(tmp_path / "lijst.csv"))
    page.check("input[name=verdeling][value=kolom]")
    page.click("form[action='/beheer/lijst'] button")
    assert "Nieuw: 4." in page.inner_text("[role=status]")
    with db.session(url) as s:
        stored = {p.client_number: p.language for p in s.query(Prospect).filter(Prospect.client_number.like("K-30%"))}
    assert stored == {"K-3001": "ar", "K-3002": "ti", "K-3003": "pl", "K-3004": None}
    page.close()

    page = browser.new_page(locale="nl-NL", accept_downloads=True)  # type: ignore[attr-defined]
    sign_in_page(page, site, "Mira Communicatie")
    page.goto(site + "/vertalingen")
    page.select_option("#sjabloon", "kennismaken.html")
    page.select_option("#taal", "ar")
    with page.expect_download() as download:
        page.click("#maak-bestand")
    exported = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "kennismaken-ar.xlf" and b'<ph id="f1" disp="((coach_telefoon))"' in exported
    translated = tmp_path / "kennismaken-ar.xlf"
    translated.write_bytes(translated_xliff(exported, {**ARABIC, "blok-2": "اتصل بي على ((coach_tel))."}))
    page.set_input_files("#bestand", str(translated))
    page.click("#inlezen")
    assert "((coach_tel))" in page.inner_text("#problemen")  # refused, naming the string
    translated.write_bytes(translated_xliff(exported, ARABIC))
    page.set_input_files("#bestand", str(translated))
    page.click("#inlezen")
    assert "ingelezen" in page.inner_text("[role=status]")
    assert "concept" in page.inner_text("#vertaling-kennismaken-html-ar")
    assert not page_problems(Axe(), page, "/vertalingen", 1280, "vertalingen-communicatie")
    page.close()

    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(page, site, "Tara Taal")
    page.goto(site + "/vertalingen")
    page.click("summary")
    assert ARABIC["blok-3"] in page.inner_text("table.naast-elkaar")
    assert not page_problems(Axe(), page, "/vertalingen", 1280, "vertalingen-nakijken")
    page.click("#goedkeuren-kennismaken-ar")
    assert "goedgekeurd" in page.inner_text("[role=status]")
    assert "goedgekeurd" in page.inner_text("#vertaling-kennismaken-html-ar")
    page.close()
    with db.session(url) as s:
        assert tr.approved(s, "kennismaken", "ar") is not None and tr.approved(s, "kennismaken", "ti") is None


MERGE = ("naam;aanhef;adres;postcode;woonplaats;taal\n"
         "mevrouw A. Haddad;Beste mevrouw Haddad;Eikweg 1;5038 AB;Tilburg;ar\n"
         "mevrouw S. Tesfay;Beste mevrouw Tesfay;Eikweg 2;5038 AB;Tilburg;Tigrinya\n"
         "de heer P. Nowak;Beste meneer Nowak;Eikweg 3;5038 AB;Tilburg;pl\n"
         "de heer J. Jansen;Beste meneer Jansen;Eikweg 4;5038 AB;Tilburg;\n")


def _arabic_units(exported: bytes) -> dict[str, str]:
    """Every unit of the exported invitation letter 'translated': Arabic words, its fields kept, a heading kept."""
    import re
    from xml.etree import ElementTree as ET

    from outreach.documents import translationfiles as files

    units = {}
    for unit in ET.fromstring(exported).iter(f"{{{files.XLIFF_NS}}}unit"):
        source = unit.find(f".//{{{files.XLIFF_NS}}}source")
        dutch = "".join(source.itertext()) + "".join(p.get("disp", "") for p in source.iter(f"{{{files.XLIFF_NS}}}ph"))
        fields = " ".join(re.findall(r"\(\([a-z_]+\)\)", dutch))
        heading = "# " if (source.text or "").startswith("# ") else ""
        units[unit.get("id")] = f"{heading}نص للتجربة {fields}".strip()
    return units


def test_the_invitation_letter_in_arabic_from_translation_file_to_mail_merge(site: str, browser: object,
                                                                           tmp_path: Path) -> None:
    """The built-in letter exported, translated with right-to-left text, approved by a reviewer; the mail merge
    gives the person with 'ar' the Dutch and the Arabic letter, everyone else the Dutch one only."""
    import pypdf

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "documents"))
    from test_doc_bilingual import _checked, _languages_per_page, _words  # noqa: E402

    page = browser.new_page(locale="nl-NL", accept_downloads=True)  # type: ignore[attr-defined]
    sign_in_page(page, site, "Mira Communicatie")
    page.goto(site + "/vertalingen")
    page.select_option("#sjabloon", "uitnodiging.html")
    page.select_option("#taal", "ar")
    with page.expect_download() as download:
        page.click("#maak-bestand")
    exported = Path(download.value.path()).read_bytes()
    translated = tmp_path / "uitnodiging-ar.xlf"
    translated.write_bytes(translated_xliff(exported, _arabic_units(exported)))
    page.set_input_files("#bestand", str(translated))
    page.click("#inlezen")
    assert "ingelezen" in page.inner_text("[role=status]")
    page.close()

    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(page, site, "Tara Taal")
    page.goto(site + "/vertalingen")
    page.click("#goedkeuren-uitnodiging-ar")
    assert "goedgekeurd" in page.inner_text("#vertaling-uitnodiging-html-ar")
    page.close()

    page = browser.new_page(locale="nl-NL", accept_downloads=True)  # type: ignore[attr-defined]
    sign_in_page(page, site, "Mira Communicatie")
    (tmp_path / "brieven.csv").write_text(MERGE, encoding="utf-8")
    merged = tmp_path / "brieven.pdf"
    merged.write_bytes(merge_in_browser(page, site, tmp_path / "brieven.csv").read_bytes())
    page.close()

    reader = pypdf.PdfReader(merged)
    assert len(reader.pages) == 5  # Haddad in Dutch and Arabic; Tesfay, Nowak (no approved version) and Jansen in Dutch
    assert "Beste mevrouw Haddad" in reader.pages[0].extract_text() and "للتجربة" in reader.pages[1].extract_text()
    assert all("للتجربة" not in p.extract_text() for i, p in enumerate(reader.pages) if i != 1)
    assert _languages_per_page(merged)[1] == {"ar"} and all(
        langs == {"nl"} for i, langs in _languages_per_page(merged).items() if i != 1)
    words = _words(merged, 2)  # the coach's number (06-11112222) in the Arabic text: left to right, on one line
    number = [w for w in words if w[3] in ("06", "11", "11", "22", "22")]
    tops = {round(w[0]) for w in number}
    assert any([w[3] for w in sorted((w for w in number if round(w[0]) == top), key=lambda w: w[1])][:5]
               == ["06", "11", "11", "22", "22"] for top in tops), number
    assert "Noto-Sans-Arabic" in _checked(merged)  # qpdf --check clean, every font embedded
