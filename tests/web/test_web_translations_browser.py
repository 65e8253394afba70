"""In headless Chromium: beheer imports people with their language, communicatie exports a letter as XLIFF and uploads the translation, a reviewer approves it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import page_problems, sign_in_page, site_with_users

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
