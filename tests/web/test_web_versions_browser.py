"""Issue 19 in Debian's headless Chromium: an adviser approves a change communicatie made, versions compared and
restored; axe-core clean and no sideways scrolling at 1280 and 390 px on the pages of versions and approval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from template_samples import FRONT, HARD, PLAIN, VALUES
from web_helpers import page_problems, sign_in_page, site_with_users

from outreach import db

EDIT = "/sjablonen/volgende-maand/sms/bewerken"
UNCHECKED = "We konden deze tekst niet controleren. Er zit een fout in. Herstel eerst de fout."


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    (tmp_path / "eigen" / "templates").mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    with site_with_users(tmp_path, {"Mira Communicatie": ["communicatie"], "Tara Taal": ["taaladviseur"]}) as base:
        db.use(f"sqlite:///{tmp_path / 'web.db'}")
        yield base


def _save(page: object, base: str, source: str, note: str) -> None:
    page.goto(base + EDIT)  # type: ignore[attr-defined]
    page.fill("#bron", source)  # type: ignore[attr-defined]
    page.fill("#versie-notitie", note)  # type: ignore[attr-defined]
    page.click("button[value=opslaan]")  # type: ignore[attr-defined]
    page.wait_for_url("**/bewerken?*", timeout=20000)  # type: ignore[attr-defined]


def test_an_adviser_approves_a_change_communicatie_made(site: str, browser: object) -> None:
    from outreach.documents import render

    editor = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(editor, site, "Mira Communicatie")
    _save(editor, site, PLAIN, "Eerste tekst")
    editor.fill("#bron", FRONT + "Hallo {{ voornaam }\n")  # a template error: the old verdict goes
    editor.wait_for_function("t => document.getElementById('oordeel').textContent === t", arg=UNCHECKED, timeout=20000)
    assert "verdict-unknown" in (editor.get_attribute("#oordeel", "class") or "")
    _save(editor, site, HARD, "Formeler")
    assert "indien" not in render("volgende-maand", VALUES, variant="sms")  # a draft: letters keep the live text
    adviser = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(adviser, site, "Tara Taal")
    adviser.goto(site + "/goedkeuren")
    assert adviser.inner_text("#kop-1") == "Ik bel volgende maand"
    assert "indien" in " ".join(adviser.locator("[data-text=new] ins").all_inner_texts())
    assert adviser.locator("[data-text=old] del").count() > 0
    assert adviser.inner_text("[data-side=old]") != adviser.inner_text("[data-side=new]")  # both verdicts
    adviser.fill("#notitie-1", "Mag zo.")
    adviser.click("button[value=goedkeuren]")
    adviser.wait_for_url("**/goedkeuren?goedgekeurd=1", timeout=20000)
    assert "Er wachten geen sjablonen op u." in adviser.inner_text("main")
    assert "indien" in render("volgende-maand", VALUES, variant="sms")
    editor.goto(site + "/sjablonen/volgende-maand/sms/versies/2")  # and back to the first text
    editor.click("button.primary")
    editor.wait_for_url("**/versies?teruggezet=4", timeout=20000)
    assert "indien" not in render("volgende-maand", VALUES, variant="sms")
    editor.close()
    adviser.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pages_of_versions_and_approval_pass_axe_and_fit_the_width(site: str, browser: object, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    editor = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    sign_in_page(editor, site, "Mira Communicatie")
    _save(editor, site, PLAIN, "Eerste tekst")
    _save(editor, site, HARD, "Een heel lange notitie-zonder-spaties-" + "x" * 80)
    for path in (EDIT, "/sjablonen/volgende-maand/sms/versies?van=2&naar=3", "/sjablonen/volgende-maand/sms/versies/2"):
        editor.goto(site + path)
        problems += page_problems(axe, editor, path, width, f"versies-{path.rsplit('/', 1)[1][:12]}-{width}")
    editor.close()
    adviser = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    sign_in_page(adviser, site, "Tara Taal")
    adviser.goto(site + "/goedkeuren")
    problems += page_problems(axe, adviser, "/goedkeuren", width, f"goedkeuren-{width}")
    adviser.close()
    assert not problems, "\n".join(problems)
