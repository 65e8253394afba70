"""Beheer and a coach finish their main tasks in headless Chromium, from an empty data folder, as a new user would (issue 18).

Beheer: sign in as the first user (made with the CLI), add a coach with numbers and a photo,
give the coach an account, import a list without a coach column per neighbourhood, fetch the
refused rows as a CSV, and not stop itself. Coach: deliver flyers for a street, choose a
follow-up message on a person's page, see its text, cost and moment, queue it, have it sent
(file backend) and see its status; make the confirmation letter (PDF read back).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import PASSWORD, page_problems, serving, shot, sign_in_page

from outreach.cli import main

LIST = ("klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon\n"
        "K-1001;Fenna;Testpersoon;Lindelaan 1;5038 AB;Tilburg;Noord;06-12345678\n"
        "K-1002;Ruud;Proefmans;Lindelaan 3;5038 AB;Tilburg;Noord;06-12345679\n"
        "K-1003;Otto;Fout;Eikweg 2;5038 AB;Tilburg;Noord;12345\n")


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (300, 400), (30, 110, 160)).save(path, "PNG")
    return path


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """An empty data folder and database, a content folder, and the first beheer user made with the CLI."""
    (tmp_path / "eigen").mkdir()
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    url = f"sqlite:///{tmp_path / 'leeg.db'}"
    monkeypatch.setenv("OUTREACH_DATABASE_URL", url)
    assert main(["web", "user", "add", "Bea Beheer", "--role", "beheer", "--password", PASSWORD]) == 0
    with serving(url) as base:
        yield base, tmp_path


def _beheer_sets_up(page: object, base: str, tmp_path: Path) -> None:
    """Beheer's main tasks in the browser: a coach with everything, an account for the coach, a list."""
    p = page
    sign_in_page(p, base, "Bea Beheer")
    p.goto(base + "/beheer/coaches")  # type: ignore[attr-defined]
    p.fill("#naam", "Noor van den Broek")  # type: ignore[attr-defined]
    p.fill("#telefoon", "14 013")  # type: ignore[attr-defined]
    p.fill("#whatsapp", "06-12121212")  # type: ignore[attr-defined]
    p.fill("#wijken", "Noord")  # type: ignore[attr-defined]
    p.set_input_files("#foto", str(_png(tmp_path / "noor.png")))  # type: ignore[attr-defined]
    p.click("form[action='/beheer/coaches/nieuw'] button.primary")  # type: ignore[attr-defined]
    assert "toegevoegd" in p.inner_text("[role=status]")  # type: ignore[attr-defined]
    card = p.locator("article", has_text="Noor van den Broek")  # type: ignore[attr-defined]
    assert card.locator("input[name=telefoon]").input_value() == "14 013"
    assert "Er is een foto" in card.inner_text()
    p.goto(base + "/beheer")  # type: ignore[attr-defined]
    p.fill("#naam", "Noor van den Broek")  # type: ignore[attr-defined]
    p.check("#nieuw ~ form input[name=rol_coach], form[action='/beheer/gebruikers'] input[name=rol_coach]")  # type: ignore[attr-defined]
    p.select_option("#coach", "Noor van den Broek")  # type: ignore[attr-defined]
    p.fill("#wachtwoord", PASSWORD)  # type: ignore[attr-defined]
    p.click("form[action='/beheer/gebruikers'] button.primary")  # type: ignore[attr-defined]
    assert "opgeslagen" in p.inner_text("[role=status]")  # type: ignore[attr-defined]
    own = p.locator("article", has_text="Bea Beheer")  # type: ignore[attr-defined]
    assert own.locator("text=Deze gebruiker stoppen").count() == 0  # no way to lock itself out
    p.goto(base + "/beheer")  # type: ignore[attr-defined]
    p.click("text=Gegevens van de gemeente")  # type: ignore[attr-defined]
    for field, value in (("gemeente", "Gemeente Tilburg"), ("team", "Team Meedoen"), ("afzender_adres", "Stadhuisplein 1"),
                         ("afzender_postcode", "5038 AA"), ("afzender_plaats", "Tilburg")):
        p.fill(f"#{field}", value)  # type: ignore[attr-defined]
    p.click("form[action='/beheer/instellingen'] button.primary")  # type: ignore[attr-defined]
    assert "opgeslagen" in p.inner_text("[role=status]")  # type: ignore[attr-defined]
    p.goto(base + "/beheer/lijst")  # type: ignore[attr-defined]
    (tmp_path / "lijst.csv").write_text(LIST, encoding="utf-8")
    p.set_input_files("#lijst", str(tmp_path / "lijst.csv"))  # type: ignore[attr-defined]
    assert p.is_checked("input[name=verdeling][value=per-wijk]")  # type: ignore[attr-defined]
    p.click("form[action='/beheer/lijst'] button.primary")  # type: ignore[attr-defined]
    status = p.inner_text("[role=status]")  # type: ignore[attr-defined]
    assert "Nieuw: 2." in status and "Met een fout: 1." in status, status
    with p.expect_download() as got:  # type: ignore[attr-defined]
        p.click("a.download")  # type: ignore[attr-defined]
    refused = Path(got.value.path()).read_bytes().decode("utf-8-sig")
    assert refused.splitlines()[0].endswith(";probleem") and "K-1003" in refused and "K-1001" not in refused
    shot(p, "h18a-beheer-lijst")


def test_beheer_from_an_empty_data_folder(empty: tuple[str, Path], browser: object) -> None:
    base, tmp_path = empty
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _beheer_sets_up(page, base, tmp_path)
    page.close()


def test_coach_from_an_empty_data_folder(empty: tuple[str, Path], browser: object) -> None:
    import pypdf

    base, tmp_path = empty
    admin = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _beheer_sets_up(admin, base, tmp_path)
    admin.close()
    p = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(p, base, "Noor van den Broek")
    assert p.url.endswith("/vandaag"), p.url
    p.click("a[href='/flyers']")
    p.click("button[name=straat][value=Lindelaan]")
    assert "U hebt 2 flyers bezorgd." in p.inner_text("[role=status]")
    p.goto(base + "/mensen/K-1001")
    p.click("#bericht-sturen")
    p.select_option("#sjabloon", "volgende-maand.sms")
    p.click("form[method=get] button")
    assert "Hallo Fenna" in p.inner_text("#plan-tekst")
    assert "sms" in p.inner_text("#plan-kosten") and "Het bericht gaat op" in p.inner_text("#plan-moment")
    shot(p, "h18a-coach-bericht")
    p.click("#plan button.primary")
    assert "Het bericht staat klaar." in p.inner_text("[role=status]")
    assert "klaar om te sturen" in p.inner_text("#berichten")
    assert main(["messages", "send-due", "--backend", "file"]) == 0
    [sent] = sorted((tmp_path / "data" / "sent-messages").glob("*.json"))
    record = json.loads(sent.read_text(encoding="utf-8"))
    assert record["to"] == "+31612345678" and "Hallo Fenna" in record["body"] and "14 013" in record["body"]
    p.reload()
    assert "verstuurd" in p.inner_text("#berichten")
    p.select_option("#uitkomst", "afspraak-gemaakt")
    p.select_option("#kanaal", "bellen")
    p.fill("#afspraak", "2026-12-09T14:30")
    p.fill("#plaats", "Buurthuis De Linde")
    p.click("form[action^='/poging/'] button.primary")
    p.click("#brief-maken")
    assert "Alles staat klaar" in p.inner_text("#afzender-klaar")  # beheer filled the settings: one click
    with p.expect_download() as got:
        p.click("form[action^='/bevestiging/'] button.primary")
    pdf = pypdf.PdfReader(io.BytesIO(Path(got.value.path()).read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Fenna Testpersoon" in text and "Buurthuis De Linde" in text and "14 013" in text
    assert "Gemeente Tilburg" in text and "Stadhuisplein 1" in text and "Team Meedoen" in text
    p.close()


PAGES = ["/beheer", "/beheer/coaches", "/beheer/lijst"]
COACH_PAGES = ["/vandaag", "/flyers", "/mensen/K-1001", "/bericht/K-1001?sjabloon=volgende-maand.sms",
               "/bevestiging/K-1001"]


@pytest.mark.parametrize("width", [1280, 390])
def test_new_pages_pass_axe_and_fit_the_width(empty: tuple[str, Path], browser: object, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base, tmp_path = empty
    axe, problems = Axe(), []
    page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    _beheer_sets_up(page, base, tmp_path)
    for path in PAGES:
        page.goto(base + path)
        problems += page_problems(axe, page, path, width, f"h18a-{path.strip('/').replace('/', '-')}-{width}")
    page.close()
    page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    sign_in_page(page, base, "Noor van den Broek")
    for path in COACH_PAGES:
        page.goto(base + path)
        name = path.strip("/").split("?")[0].replace("/", "-")
        problems += page_problems(axe, page, path, width, f"h18a-{name}-{width}")
    page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("letter", ["uitnodiging", "bevestiging-afspraak"])
def test_the_letter_preview_and_pdf_work_and_a_failed_preview_says_so(empty: tuple[str, Path], browser: object,
                                                                       letter: str) -> None:
    """Issue 18.1: the letter forms sent more fields than the app accepted (400) and the live preview kept silent."""
    base, _ = empty
    assert main(["web", "user", "add", "Mira Communicatie", "--role", "communicatie", "--password", PASSWORD]) == 0
    p = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    sign_in_page(p, base, "Mira Communicatie")
    p.goto(f"{base}/brieven/{letter}")
    p.fill("#veld-gemeente", "Gemeente Tilburg")
    p.wait_for_selector("#voorbeeld:not([hidden])", timeout=30000)  # the live preview
    assert p.is_hidden("#fout")
    with p.expect_download() as got:
        p.click("#brief button[value=pdf]")
    assert Path(got.value.path()).read_bytes().startswith(b"%PDF")
    p.route("**/voorbeeld", lambda route: route.fulfill(status=500, body="<html>kapot</html>",
                                                         content_type="text/html"))
    p.fill("#veld-gemeente", "Gemeente Breda")
    p.wait_for_selector("#fout:not([hidden])", timeout=30000)
    assert "Het voorbeeld lukt nu niet" in p.inner_text("#fout")
    p.close()


def test_coach_is_told_what_beheer_left_empty_and_still_makes_the_letter(empty: tuple[str, Path], browser: object) -> None:
    import pypdf
    from axe_playwright_python.sync_playwright import Axe

    base, tmp_path = empty
    admin = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _beheer_sets_up(admin, base, tmp_path)
    admin.goto(base + "/beheer/instellingen")
    admin.fill("#afzender_adres", "")  # beheer has not filled everything in
    admin.click("form[action='/beheer/instellingen'] button.primary")
    admin.close()
    p = browser.new_page(locale="nl-NL", viewport={"width": 390, "height": 900})  # type: ignore[attr-defined]
    sign_in_page(p, base, "Noor van den Broek")
    p.goto(base + "/mensen/K-1001")
    p.select_option("#uitkomst", "afspraak-gemaakt")
    p.select_option("#kanaal", "bellen")
    p.fill("#afspraak", "2026-12-09T14:30")
    p.fill("#plaats", "Buurthuis De Linde")
    p.click("form[action^='/poging/'] button.primary")
    p.goto(base + "/bevestiging/K-1001")
    missing = p.inner_text("#afzender-mist")
    assert "Adres van uw afdeling" in missing and "Naam van de gemeente" not in missing and "Beheer" in missing
    problems = page_problems(Axe(), p, "/bevestiging/K-1001", 390, "h18c-bevestiging-mist-390")
    assert not problems, "\n".join(problems)
    assert p.input_value("#veld-gemeente") == "Gemeente Tilburg"  # what beheer did fill in is there already
    p.fill("#veld-afzender_adres", "Stadhuisplein 1")
    with p.expect_download() as got:
        p.click("form[action^='/bevestiging/'] button.primary")
    pdf = pypdf.PdfReader(io.BytesIO(Path(got.value.path()).read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Gemeente Tilburg" in text and "Stadhuisplein 1" in text and "Fenna Testpersoon" in text
    p.close()
