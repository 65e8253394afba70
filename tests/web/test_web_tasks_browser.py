"""Communicatie and beheer do their tasks end to end in headless Chromium, from an empty data folder (issue 18).

Beheer sets the municipality's details once and reads the funnel for a period as CSV and the
trail of changes; communicatie makes one letter (Dutch labels, the details filled in from the
settings) and a mail merge whose list has the per-person fields as its columns; every PDF is
read back. Each page passes axe-core and fits 390 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_helpers import PASSWORD, page_problems, serving, sign_in_page

from outreach import db

LIST = ("naam;aanhef;adres;postcode;woonplaats\n"
        "mevrouw A. Eerste;Beste mevrouw Eerste;Laan 1;5038 AB;Proefstad\n"
        "de heer B. Tweede;Beste meneer Tweede;Laan 2;5038 AC;Proefstad\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    from outreach.web.users import add_user

    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    url = f"sqlite:///{tmp_path / 'leeg.db'}"  # nothing in it but two accounts: no coaches, no people
    with db.session(url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
    with serving(url) as base:
        yield base, url


def _logo(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (138, 28, 28)).save(path, "PNG")
    return path


def test_beheer_sets_the_details_once_and_reads_funnel_and_trail(site: tuple[str, str], browser: object,
                                                                 tmp_path: Path) -> None:
    site = site[0]  # type: ignore[assignment]
    page = browser.new_page(locale="nl-NL", accept_downloads=True)  # type: ignore[attr-defined]
    sign_in_page(page, site, "Bea Beheer")
    page.goto(site + "/beheer")
    page.click("text=Gegevens van de gemeente")
    page.fill("#gemeente", "Gemeente Proefstad")
    page.fill("#team", "Team Meedoen")
    page.fill("#afzender_adres", "Marktplein 7")
    page.fill("#afzender_postcode", "1234 AB")
    page.fill("#afzender_plaats", "Proefstad")
    page.fill("#gemeente_telefoon", "14 013")
    page.fill("#huiskleur", "#ffff00")  # too light: the form comes back with everything typed
    page.set_input_files("#logo", str(_logo(tmp_path)))
    page.click("button.primary")
    assert "te licht" in page.inner_text("[role=alert]") and page.input_value("#afzender_adres") == "Marktplein 7"
    page.fill("#huiskleur", "#8a1c1c")
    page.set_input_files("#logo", str(_logo(tmp_path)))
    page.click("button.primary")
    assert "opgeslagen" in page.inner_text("[role=status]")
    assert page.inner_text("a.brand") == "Gemeente Proefstad"  # the header names the municipality
    page.goto(site + "/bereik")
    page.fill("#van", "2026-01-01")
    page.fill("#tot", "2026-12-31")
    page.click("text=Laat zien")
    assert "tot en met" in page.inner_text("#periode")
    with page.expect_download() as download:
        page.click("a.download")
    assert download.value.suggested_filename == "bereik.csv"
    assert Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()[-1].split(";")[1] == "0"
    page.goto(site + "/beheer/wijzigingen?soort=instellingen")
    assert "Gegevens van de gemeente" in page.inner_text("#wijzigingen") and "huiskleur" in page.inner_text("#wijzigingen")
    page.close()


def _settings() -> dict[str, str]:
    return {"gemeente": "Gemeente Proefstad", "team": "Team Meedoen", "afzender_adres": "Marktplein 7",
            "afzender_postcode": "1234 AB", "afzender_plaats": "Proefstad", "huiskleur": "#8a1c1c"}


def test_communicatie_makes_one_letter_and_a_mail_merge(site: tuple[str, str], browser: object, tmp_path: Path) -> None:
    from outreach.web.settings import save

    with db.session(site[1]) as s:  # beheer set these (the test above does it in the browser)
        save(s, _settings())
    site = site[0]  # type: ignore[assignment]
    page = browser.new_page(locale="nl-NL", accept_downloads=True)  # type: ignore[attr-defined]
    sign_in_page(page, site, "Mira Communicatie")
    page.goto(site + "/brieven/uitnodiging")
    assert page.input_value("#veld-afzender_adres") == "Marktplein 7"  # from the settings
    assert page.get_attribute("#veld-brief_datum", "type") == "date"
    for label, value in (("Naam op de envelop", "mevrouw F. Proef"), ("Aanhef, zoals: Beste mevrouw El Amrani", "Beste mevrouw Proef"),
                         ("Straat en huisnummer", "Kerkstraat 3"), ("Postcode", "5038 AB"), ("Woonplaats", "Proefstad"),
                         ("Naam van de coach", "Noor de Wit"), ("Voornaam van de coach", "Noor"),
                         ("Telefoon van de coach", "06 12 34 56 78")):
        page.locator("#brief").get_by_label(label, exact=True).fill(value)
    page.wait_for_selector("#voorbeeld:not([hidden])", timeout=30000)
    with page.expect_download() as download:
        page.click("button[value=pdf]")
    text = PdfReader(download.value.path()).pages[0].extract_text()
    assert "Kerkstraat 3" in text and "Gemeente Proefstad" in text and "Marktplein 7" in text and "Noor de Wit" in text

    csv = tmp_path / "lijst.csv"
    csv.write_text(LIST, encoding="utf-8")
    columns = page.inner_text("ul.columns")
    assert "naam" in columns and "adres" in columns and "coach" not in columns
    page.set_input_files("#lijst", str(csv))
    page.click("text=Velden die voor iedereen gelijk zijn (niet verplicht)")
    assert page.input_value("#vast-gemeente") == "Gemeente Proefstad"
    page.fill("#vast-coach_naam", "Noor de Wit")
    page.fill("#vast-coach_voornaam", "Noor")
    page.fill("#vast-coach_telefoon", "06 12 34 56 78")
    page.click("text=Bestand controleren")
    assert "Regels met een fout: 0" in page.inner_text("main")
    page.click("button.primary")
    page.wait_for_selector("a.download", timeout=90000)
    assert page.inner_text("#voortgang") == "Klaar"
    with page.expect_download() as download:
        page.click("a.download")
    reader = PdfReader(download.value.path())
    assert len(reader.pages) == 2
    assert "Laan 1" in reader.pages[0].extract_text() and "Laan 2" in reader.pages[1].extract_text()
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_new_pages_pass_axe_and_fit(site: tuple[str, str], browser: object, width: int) -> None:
    site = site[0]  # type: ignore[assignment]
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for who, paths in (("Bea Beheer", ["/beheer/instellingen", "/beheer/wijzigingen", "/bereik?van=2026-01-01"]),
                       ("Mira Communicatie", ["/brieven/uitnodiging", "/brieven/bevestiging-afspraak", "/maken/flyer"])):
        page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        sign_in_page(page, site, who)
        for path in paths:
            page.goto(site + path)
            problems += page_problems(axe, page, path, width, f"taken-{path.strip('/').replace('/', '-').split('?')[0]}-{width}")
        page.close()
    assert not problems, "\n".join(problems)
