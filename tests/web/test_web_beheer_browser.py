"""Issue 13 in Debian's headless Chromium: the live checker, Regels, Beheer and the funnel; axe-core at 1280 and 390 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import page_problems, shot, sign_in_page, site_with_users

LIST = ("klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach\n"
        "K-3001;Nora;Nieuw;Eikweg 1;5038 AB;Tilburg;Oost;06-22223333;Sanne Voorbeeld\n"
        "K-3002;Otto;Fout;Eikweg 2;5038 AB;Tilburg;Oost;12345;Sanne Voorbeeld\n"
        "K-3003;Pim;Goed;Eikweg 3;5038 AB;Tilburg;Zuid;06-33334444;Ahmed Demo\n")
OFFICIAL = "Indien u niet reageert, sturen wij middels deze brief een herinnering."


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    with site_with_users(tmp_path, {"Bea Beheer": ["beheer"], "Taal Adviseur": ["taaladviseur"]}) as base:
        yield base


def _sign_in(page: object, base: str, name: str) -> None:
    sign_in_page(page, base, name)


def test_a_text_is_checked_as_it_is_typed(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    page.goto(site + "/controleren")
    page.evaluate("window.stillHere = true")  # gone if the page were loaded again
    page.focus("#tekst")
    page.keyboard.type(OFFICIAL, delay=5)
    page.wait_for_selector("#gemarkeerd mark.r-officialese", timeout=20000)
    assert page.evaluate("window.stillHere") is True
    assert "een paar dingen kunnen beter" in page.inner_text("#oordeel")  # single findings are advice (verdict.py)
    marked = page.locator("#gemarkeerd mark.r-officialese")
    assert {marked.nth(i).evaluate("m => m.firstChild.textContent") for i in range(marked.count())} >= {"Indien", "middels"}
    background = marked.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background == "rgb(214, 184, 245)"  # .hl.r-officialese.w-fail, as in `outreach check --format html`
    page.focus("#gemarkeerd mark.r-officialese")
    tip = page.locator("#gemarkeerd mark.r-officialese .tip").first
    assert tip.is_visible() and "als" in tip.inner_text()
    page.select_option("#niveau", "A2")
    page.locator("#oordeel", has_text="A2").wait_for(timeout=20000)
    page.fill("#tekst", "")
    page.keyboard.type("De brief komt morgen. De coach belt dan. Het gesprek duurt kort. De koffie is gratis. "
                       "Het weer is goed. Iedereen mag komen. De zaal is open.", delay=1)
    page.locator("#gemarkeerd", has_text="De zaal is open.").wait_for(timeout=20000)  # the new text's result, not the old one's
    page.wait_for_selector("#hele-tekst", timeout=20000)
    assert page.locator("#gemarkeerd mark").count() == 0  # a text-level finding never marks the whole text
    assert page.evaluate("window.stillHere") is True
    page.close()


def test_beheer_imports_deactivates_and_sees_the_funnel_per_neighbourhood(site: str, browser: object,
                                                                         tmp_path: Path) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site, "Bea Beheer")
    page.goto(site + "/beheer/lijst")
    csv = tmp_path / "lijst.csv"
    csv.write_text(LIST, encoding="utf-8")
    page.set_input_files("#lijst", str(csv))
    page.check("input[name=verdeling][value=kolom]")  # this list names each person's coach
    page.click("form[action='/beheer/lijst'] button")
    assert "Nieuw: 2." in page.inner_text("[role=status]")
    assert "Regel 3" in page.inner_text("#foute-regels")
    page.goto(site + "/beheer/coaches")
    page.locator("article", has_text="Sanne Voorbeeld").locator("text=Coach stoppen").click()
    assert "Ahmed Demo (3)" in page.inner_text("[role=status]")
    shot(page, "beheer-coach-gestopt")
    page.locator("article", has_text="Sanne Voorbeeld").locator("text=Coach weer laten meedoen").click()
    assert "weer mee" in page.inner_text("[role=status]")
    assert page.locator("article", has_text="Sanne Voorbeeld").locator("text=Coach stoppen").count() == 1
    page.goto(site + "/bereik")
    with page.expect_navigation():
        page.click("nav a[href='/bereik?per=wijk']")
    assert page.url.endswith("/bereik?per=wijk"), page.url
    table = page.inner_text("#trechter")
    assert "Oost" in table and "Zuid" in table and "Noord" in table
    assert page.evaluate("document.querySelector('img.chart').naturalWidth") > 0
    page.close()

    coach = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(coach, site, "Ahmed Demo")  # he now has Sanne's people too, and still only his own
    coach.goto(site + "/bereik?per=coach")
    assert "Sanne" not in coach.inner_text("main") and "Per coach" not in coach.inner_text("main")
    assert coach.goto(site + "/beheer/coaches").status == 403
    coach.close()


def test_regels_adds_searches_changes_and_removes_a_word_with_a_form(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site, "Taal Adviseur")
    page.goto(site + "/regels")
    assert page.locator("#woorden tbody tr").count() == 50  # a page, not all 1,052 words
    page.fill("#woord", "ondernemen")
    page.click("form[action='/regels/nieuw'] button")
    assert "Moeilijk woord" in page.inner_text("[role=alert]") or "gewoon woord" in page.inner_text("[role=alert]")
    assert page.input_value("#woord") == "ondernemen"  # what was typed stays
    page.fill("#alternatieven", "doen\naanpakken")
    page.check("input[name=soort][value=fail]")
    page.click("form[action='/regels/nieuw'] button")
    assert "ondernemen" in page.inner_text("[role=status]")
    page.fill("#zoek", "ondernemen")
    page.click("form[role=search] button")
    assert page.locator("#woorden tbody tr").count() == 1
    page.click("#woorden a")  # Veranderen
    assert page.input_value("#alternatieven") == "doen\naanpakken"
    page.fill("#alternatieven", "doen")
    page.click("form[action='/regels/nieuw'] button")
    page.goto(site + "/controleren")
    page.fill("#tekst", "Wij gaan dat samen ondernemen met u.")
    page.wait_for_selector("#gemarkeerd mark.r-officialese", timeout=20000)
    page.goto(site + "/regels?zoek=ondernemen")
    page.click("#woorden form button")  # Weghalen
    assert "Weggehaald" in page.inner_text("[role=status]")
    page.close()


PAGES = {"Bea Beheer": ["/beheer", "/beheer/lijst", "/beheer/coaches", "/bereik", "/bereik?per=wijk", "/bereik?per=coach"],
         "Taal Adviseur": ["/controleren", "/regels"],
         "Sanne Voorbeeld": ["/bereik"]}


@pytest.mark.parametrize("width", [1280, 390])
def test_new_pages_pass_axe_and_fit_the_width(site: str, browser: object, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for who, paths in PAGES.items():
        page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        _sign_in(page, site, who)
        for path in paths:
            page.goto(site + path)
            if path == "/controleren":
                page.fill("#tekst", OFFICIAL)
                page.wait_for_selector("#gemarkeerd mark", timeout=20000)
            name = path.strip("/").replace("/", "-").replace("?per=", "-per-")
            problems += page_problems(axe, page, path, width, f"beheer-{name}-{width}")
        page.close()
    assert not problems, "\n".join(problems)
