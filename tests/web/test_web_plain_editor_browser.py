"""A communication user changes the invitation letter in Debian's headless Chromium: a sentence, a new field, a list item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import merge_in_browser, sign_in_page, site_with_users


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    with site_with_users(tmp_path, {"Mira Communicatie": ["communicatie"], "Tara Taal": ["taaladviseur"]}) as base:
        yield base


def test_change_a_sentence_add_a_field_and_a_list_item_see_the_preview_and_save(site: str, browser: object,
                                                                              tmp_path: Path) -> None:
    from outreach.documents import load_template, render

    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(page, site, "Mira Communicatie")
    page.goto(site + "/sjablonen/uitnodiging/html/bewerken")
    body = page.input_value("#bron")
    assert body.startswith("Ik ben ((coach_naam)).") and "{#---" not in body
    assert "Wat doe ik?" in page.inner_text("#voorbeeld-brief")

    # One sentence changed and a field nobody declared: named at once with its line, the last preview kept.
    changed = body.replace("Ik wil graag kennis met u maken.", "Ik kom graag langs in ((wijk)).")
    page.fill("#bron", changed)
    page.wait_for_selector("#fout:not([hidden])", timeout=20000)
    assert "((wijk))" in page.inner_text("#fout") and "Regel 1" in page.inner_text("#fout")
    assert "Ik wil graag kennis met u maken." in page.inner_text("#voorbeeld-brief")  # the last good preview

    # Declare the field with a Dutch label: it is listed beside the text and the problem is gone.
    page.click("details summary")
    page.fill("#nieuw-naam", "wijk")
    page.fill("#nieuw-label", "De wijk waar iemand woont")
    page.click("button[value=veld]")
    page.wait_for_selector("button[data-insert='((wijk))']", timeout=20000)
    assert page.input_value("#bron").replace("\r\n", "\n") == changed
    assert page.is_hidden("#fout")
    assert "Ik kom graag langs in De wijk waar iemand woont." in page.inner_text("#voorbeeld-brief")

    # A list item, and a field put in by clicking it: preview and checker follow as one types.
    page.click("#bron")
    page.press("#bron", "Control+End")
    page.type("#bron", "\n* Neem uw pas mee naar ")
    page.click("button[data-insert='((wijk))']")
    page.wait_for_selector("#voorbeeld-brief li:has-text('Neem uw pas mee naar De wijk')", timeout=20000)
    page.wait_for_selector("#tekst-uitslag:has-text('Neem uw pas mee')", timeout=20000)
    assert "Ik kom graag langs in" in page.inner_text("#tekst-uitslag")
    page.fill("#versie-notitie", "Zin over de wijk")
    page.click("button[value=opslaan]")
    page.wait_for_selector("[role=status]", timeout=20000)
    assert "Opgeslagen" in page.inner_text("[role=status]")
    page.close()

    template = load_template("uitnodiging", "html")
    assert template.field_labels["wijk"] == "De wijk waar iemand woont"
    text = " ".join(str(render(template, {**template.fields, "wijk": "De Reeshof"}, format="txt")).split())
    assert "Ik kom graag langs in De Reeshof." in text and "Neem uw pas mee naar De Reeshof" in text

    # A literacy adviser (another user) approves the change; it is the title people see, not the file name.
    adviser = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(adviser, site, "Tara Taal")
    adviser.goto(site + "/goedkeuren")
    assert adviser.inner_text("#kop-1") == template.title
    adviser.click("button[value=goedkeuren]")
    adviser.wait_for_url("**/goedkeuren?goedgekeurd=1", timeout=20000)
    adviser.close()
    from outreach import db
    from outreach.documents import versions

    with db.session(f"sqlite:///{tmp_path / 'web.db'}") as s:
        number = versions.newest(s, "uitnodiging", "html", versions.LIVE).number

    # The letter for one person, and a mail merge: the new text, and the version in the PDF's metadata.
    from pypdf import PdfReader

    page = browser.new_page(locale="nl-NL", accept_downloads=True)  # type: ignore[attr-defined]
    sign_in_page(page, site, "Mira Communicatie")
    page.goto(site + "/brieven/uitnodiging")
    for label, value in (("Naam op de envelop", "mevrouw F. Proef"), ("Aanhef, zoals: Beste mevrouw El Amrani", "Beste mevrouw Proef"),
                         ("Straat en huisnummer", "Kerkstraat 3"), ("Postcode", "5038 AB"), ("Woonplaats", "Proefstad"),
                         ("De wijk waar iemand woont", "De Reeshof"), ("Naam van de coach", "Noor de Wit"),
                         ("Voornaam van de coach", "Noor"), ("Telefoon van de coach", "06 12 34 56 78"),
                         ("Naam van de gemeente", "Gemeente Proefstad"), ("Naam van het team", "Team Coaches"),
                         ("Adres van de gemeente", "Plein 1"), ("Postcode van de gemeente", "5038 AA"),
                         ("Plaats van de gemeente", "Proefstad")):
        page.locator("#brief").get_by_label(label, exact=True).fill(value)
    with page.expect_download() as download:
        page.click("button[value=pdf]")
    one = PdfReader(download.value.path())
    csv = tmp_path / "lijst.csv"
    csv.write_text("naam;aanhef;adres;postcode;woonplaats;wijk\n"
                   "mevrouw A. Eerste;Beste mevrouw Eerste;Laan 1;5038 AB;Tilburg;Oost\n"
                   "de heer B. Tweede;Beste meneer Tweede;Laan 2;5038 AB;Tilburg;West\n", encoding="utf-8")
    merged = PdfReader(merge_in_browser(page, site, csv))
    page.close()
    for reader, wijken in ((one, ["De Reeshof"]), (merged, ["Oost", "West"])):
        texts = [" ".join(p.extract_text().split()) for p in reader.pages]
        assert [f"Ik kom graag langs in {wijk}." in text for text, wijk in zip(texts, wijken)] == [True] * len(wijken)
        assert all(f"Neem uw pas mee naar {wijk}" in text for text, wijk in zip(texts, wijken))
        assert reader.metadata["/OutreachTemplateVersion"] == str(number) and number > 1
