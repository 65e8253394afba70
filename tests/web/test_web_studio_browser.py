"""The studio and every page in Debian's headless Chromium: main tasks, axe-core, 390 px wide, screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import page_problems, sign_in_page, site_with_users

LIST = ("klantnummer;naam;aanhef;adres;postcode;woonplaats\n"
        "K-1;mevrouw A. Eerste;Beste mevrouw Eerste;Laan 1;5038 AB;Tilburg\n"
        "K-2;de heer B. Tweede;Beste meneer Tweede;Laan 2;9999;Tilburg\n"
        "K-3;mevrouw C. Derde;Beste mevrouw Derde;Laan 3;5038 AB;Tilburg\n")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><circle cx="48" cy="48" r="30"/></svg>'


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    with site_with_users(tmp_path, {"Mira Communicatie": ["communicatie", "beheer"],
                                    "Tara Taal": ["taaladviseur"]}) as base:
        yield base


def _sign_in(page: object, base: str, name: str = "Mira Communicatie") -> None:
    sign_in_page(page, base, name)


def test_make_a_flyer_with_a_picked_pictogram_and_download_it(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL", accept_downloads=True)  # type: ignore[attr-defined]
    _sign_in(page, site)
    assert page.url.endswith("/vandaag") or page.url.endswith("/maken")
    page.goto(site + "/maken/flyer")
    page.select_option("#coach", "Sanne Voorbeeld")
    page.wait_for_selector("#voorbeeld:not([hidden])", timeout=20000)
    first = page.get_attribute("#voorbeeld", "src")
    page.focus("#picto_2")  # the line the one picker fills
    page.click("details.picker summary")
    page.fill("#zoek", "fiets")
    assert page.locator(".picto-choice:visible").count() == 1  # one picker, not one per line
    page.locator(".picto-choice:visible").click()
    assert page.input_value("#picto_2") == "fiets" and page.get_attribute("img[data-shows=picto_2]", "src").endswith("/fiets")
    page.wait_for_function("first => document.getElementById('voorbeeld').src !== first", arg=first, timeout=20000)
    assert "A2" in page.inner_text("#oordeel")
    page.fill("#titel", "Welkom bij uw coach Sanne")  # 18.12: the title and the lines can be changed
    page.fill("#regel_3", "We praten bij u thuis.")
    with page.expect_download() as download:
        page.click("button[value=pdf]")
    assert download.value.suggested_filename == "flyer-A4.pdf"
    from pypdf import PdfReader

    text = PdfReader(download.value.path()).pages[0].extract_text()
    assert "Welkom bij uw coach Sanne" in text and "We praten bij u thuis." in text and "Hallo, ik ben" not in text
    page.close()


def test_at_390_px_the_flyer_preview_is_near_the_top(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL", viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/maken/flyer")
    height = page.evaluate("document.documentElement.scrollHeight")
    preview = page.evaluate("document.getElementById('voorbeeld-kop').getBoundingClientRect().top + window.scrollY")
    assert height < 4000 and preview < 3000, (height, preview)  # was 9,449 px with the preview at 9,085 px
    page.click("text=Naar het voorbeeld")
    assert page.evaluate("document.getElementById('voorbeeld-kop').getBoundingClientRect().top") < 844
    page.close()


def test_a_mail_merge_with_bad_rows_in_the_browser(site: str, browser: object, tmp_path: Path) -> None:
    page = browser.new_page(locale="nl-NL", accept_downloads=True)  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/brieven/uitnodiging")
    csv = tmp_path / "lijst.csv"
    csv.write_text(LIST, encoding="utf-8")
    page.set_input_files("#lijst", str(csv))
    page.select_option("#merge-coach", "Sanne Voorbeeld")
    page.click("text=" + "Velden die voor iedereen gelijk zijn (niet verplicht)")
    for field, value in (("gemeente", "Gemeente Voorbeeldstad"), ("team", "Team Coaches"), ("afzender_adres", "Plein 1"),
                         ("afzender_postcode", "5038 AA"), ("afzender_plaats", "Voorbeeldstad")):
        page.fill(f"#vast-{field}", value)
    page.click("text=Bestand controleren")
    assert "Regels met een fout: 1" in page.inner_text("main")
    assert "Regel 3" in page.inner_text(".bad-rows")
    page.click("button.primary")
    page.wait_for_selector("a.download", timeout=60000)
    assert page.get_attribute("#balk", "value") == "2"
    with page.expect_download() as download:
        page.click("a.download")
    assert download.value.suggested_filename == "uitnodiging-brieven.pdf"
    page.close()


def test_upload_a_pictogram_in_the_browser(site: str, browser: object, tmp_path: Path) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/pictogrammen")
    svg = tmp_path / "rondje.svg"
    svg.write_text(SVG, encoding="utf-8")
    page.set_input_files("#svg", str(svg))
    page.fill("#naam", "rondje")
    page.fill("#label", "Rondje")
    page.fill("#alt", "Een zwart rondje")
    page.click("form[action='/pictogrammen/nieuw'] button")
    assert "toegevoegd" in page.inner_text("[role=status]")
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_replacing_a_built_in_pictogram_shows_both_drawings_first(site: str, browser: object, tmp_path: Path,
                                                                   width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/pictogrammen")
    svg = tmp_path / "koffie.svg"
    svg.write_text(SVG, encoding="utf-8")
    page.set_input_files("#svg", str(svg))
    page.fill("#naam", "koffie")
    page.fill("#label", "Koffie")
    page.fill("#alt", "Een zwart rondje")
    page.click("form[action='/pictogrammen/nieuw'] button")
    assert "vervangen?" in page.inner_text("h1")
    drawn = page.eval_on_selector_all(".gallery img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert drawn == [True, True]  # the pictogram of now and the new drawing
    assert not page_problems(Axe(), page, "/pictogrammen/nieuw (vervangen)", width, f"studio-picto-vervangen-{width}")
    page.click("text=Ja, vervang het pictogram")
    assert "vervangen" in page.inner_text("[role=status]")
    page.close()


PAGES = ["/inloggen", "/controleren", "/maken", "/maken/flyer", "/brieven", "/brieven/uitnodiging", "/sjablonen",
         "/pictogrammen", "/vertalingen", "/beheer", "/beheer/instellingen", "/beheer/wijzigingen", "/bereik", "/bereik?per=taal",
         "/vandaag", "/mensen/K-1001", "/berichten", "/bestaat-niet"]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_passes_axe_fits_the_width_and_is_photographed(site: str, browser: object, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for who in ("Mira Communicatie", "Sanne Voorbeeld"):
        page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        _sign_in(page, site, who)
        for path in PAGES:
            coach_page = path in ("/vandaag", "/mensen/K-1001", "/berichten")
            if coach_page != (who == "Sanne Voorbeeld") and path not in ("/inloggen", "/controleren"):
                continue
            page.goto(site + path)
            name = path.strip("/").replace("/", "-") or "start"
            problems += page_problems(axe, page, path, width, f"studio-{name}-{width}")
        page.close()
    assert not problems, "\n".join(problems)


FRONT = '{#---\nkind = "sms"\ntitle = "Gemist"\nlevel = "A2"\n---#}\n'
HARD = ("Geachte {{ voornaam }}, indien u hieromtrent nadere informatie wenst, dient u zich middels een "
        "schriftelijk verzoek tot de desbetreffende afdeling te wenden teneinde uw aanvraag in behandeling "
        "te laten nemen. {{ coach_voornaam }}")


def _draft(source: str) -> None:
    """A draft of gemist-gesprek saved earlier by someone else, in the site's database."""
    from outreach import db
    from outreach.documents import drafts

    with db.session(db.place_of_record()) as s:
        drafts.save(s, "gemist-gesprek", "sms", source, None, "Eerder")


def test_edit_a_template_then_an_adviser_approves_it_and_sends_another_back(site: str, browser: object) -> None:
    from outreach.documents import drafts, render

    _draft(FRONT + HARD + "\n")  # a second draft, made earlier
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/sjablonen")
    page.click("a[href='/sjablonen/volgende-maand/sms/bewerken']")
    page.fill("#bron", HARD.replace("{{ voornaam }}", "((voornaam))").replace("{{ coach_voornaam }}",
                                                                             "((coach_voornaam))"))  # the plain body
    page.wait_for_selector("#tekst-uitslag mark.fail", timeout=20000)  # highlighted while typing
    assert "verdict-fail" in page.get_attribute("#oordeel", "class")
    assert "concept" in page.inner_text("#wordt-concept")
    page.click("button[value=opslaan]")
    assert "concept" in page.inner_text("[role=status]")
    page.close()

    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site, "Tara Taal")
    page.goto(site + "/goedkeuren")
    first = page.locator("section.review", has_text="Ik bel volgende maand")  # the title, not the file name
    assert first.locator("[data-text=new] ins").count() >= 1 and first.locator("mark.fail").count() >= 1
    first.locator("textarea").fill("Goed genoeg voor deze groep.")
    first.locator("button[value=goedkeuren]").click()
    assert "Goedgekeurd" in page.inner_text("[role=status]")
    second = page.locator("section.review", has_text="Gemist")
    second.locator("textarea").fill("Schrijf het korter.")
    second.locator("button[value=terugsturen]").click()
    assert "Teruggestuurd" in page.inner_text("[role=status]")
    assert page.locator("#leeg").count() == 1
    page.close()
    values = {"voornaam": "Fatima", "coach_voornaam": "Sanne", "coach_telefoon": "0612345678"}
    assert "indien" in str(render("volgende-maand", values, variant="sms"))
    assert "indien" not in str(render("gemist-gesprek", values, variant="sms"))

    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/sjablonen/gemist-gesprek/sms/bewerken")
    assert "Schrijf het korter." in page.inner_text("#notitie")
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_editor_and_the_review_queue_pass_axe(site: str, browser: object, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from outreach.documents import drafts

    _draft(FRONT + HARD + "\n")
    axe = Axe()
    problems = []
    for who, path in (("Mira Communicatie", "/sjablonen/gemist-gesprek/sms/bewerken"),
                      ("Mira Communicatie", "/sjablonen/uitnodiging/html/bewerken"), ("Tara Taal", "/goedkeuren")):
        page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        _sign_in(page, site, who)
        page.goto(site + path)
        name = path.strip("/").replace("/", "-")
        problems += page_problems(axe, page, path, width, f"studio-{name}-{width}")
        page.close()
    assert not problems, "\n".join(problems)


def test_choosing_a_coach_fills_the_coach_fields_and_replaces_the_old_ones(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/brieven/uitnodiging")
    assert page.inner_text("label[for=veld-afzender_adres]") == "Adres van de gemeente"  # 18.10: Dutch labels
    page.select_option("#coach", "Ahmed Demo")
    assert page.input_value("#veld-coach_naam") == "Ahmed Demo" and page.input_value("#veld-coach_voornaam") == "Ahmed"
    page.select_option("#coach", "Sanne Voorbeeld")
    assert page.input_value("#veld-coach_naam") == "Sanne Voorbeeld" and page.input_value("#veld-coach_voornaam") == "Sanne"
    page.select_option("#coach", "")
    assert page.input_value("#veld-coach_naam") == ""  # no old coach's name left behind
    page.close()
