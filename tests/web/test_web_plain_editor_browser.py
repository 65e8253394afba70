"""A communication user changes the invitation letter in Debian's headless Chromium: a sentence, a new field, a list item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import sign_in_page, site_with_users


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    with site_with_users(tmp_path, {"Mira Communicatie": ["communicatie"]}) as base:
        yield base


def test_change_a_sentence_add_a_field_and_a_list_item_see_the_preview_and_save(site: str, browser: object) -> None:
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
