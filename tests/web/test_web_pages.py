"""The coaches' web pages, driven in Debian's headless Chromium against a real server on 127.0.0.1."""

from __future__ import annotations

import time
from datetime import timedelta
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import seed, serving, shot

from outreach import clock, dates

PEOPLE = """klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach
K-1001;Fenna;Testpersoon;Lindelaan 1;5038 AB;Tilburg;Noord;06-12345678;Sanne Voorbeeld
K-1002;Ruud;Proefmans;Lindelaan 3;5038 AB;Tilburg;Noord;013-5430000;Sanne Voorbeeld
K-2001;Ilse;Anderman;Beukweg 9;5038 CD;Tilburg;Zuid;06-87654321;Ahmed Demo
K/3003;Piet;Schuinstreep;Beukweg 11;5038 CD;Tilburg;Zuid;06-11223344;Sanne Voorbeeld
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A seeded database behind a running web app; yields its base URL.

    The server runs in a thread of this process, so the test's frozen clock (a weekday morning
    unless the test names another instant) is its clock too.
    """
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path, PEOPLE)
    with serving(url) as base:
        yield base


def _sign_in(page: object, base: str, name: str = "Sanne Voorbeeld", password: str = "geheim-wachtwoord") -> None:
    page.goto(base + "/")  # type: ignore[attr-defined]
    page.fill("#naam", name)  # type: ignore[attr-defined]
    page.fill("#wachtwoord", password)  # type: ignore[attr-defined]
    page.click("button.primary")  # type: ignore[attr-defined]


def test_coach_signs_in_sees_own_list_and_logs_a_call(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    page.goto(site + "/")
    assert page.url.endswith("/inloggen")
    shot(page, "inloggen")
    _sign_in(page, site)
    assert page.url.endswith("/vandaag")
    page.goto(site + "/vandaag?datum=2099-01-05")
    shot(page, "vandaag")
    body = page.inner_text("main")
    assert "Fenna Testpersoon" in body and "Ruud Proefmans" in body
    assert "Ilse Anderman" not in body  # another coach's person
    page.click("text=Fenna Testpersoon")
    assert page.url.endswith("/mensen/K-1001")
    assert "06 12 34 56 78" in page.inner_text("main")
    page.select_option("#uitkomst", "geen-gehoor")
    page.fill("#notitie", "Na 17 uur nog eens")
    page.click("button.primary")
    assert "opgeslagen" in page.inner_text("[role=status]")
    assert "Na 17 uur nog eens" in page.inner_text("main")
    shot(page, "persoon")
    page.close()


def test_wrong_password_and_other_coaches_people_are_refused(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site, password="fout-wachtwoord")
    assert page.url.endswith("/inloggen")
    assert "klopt niet" in page.inner_text("[role=alert]")
    _sign_in(page, site)
    response = page.goto(site + "/mensen/K-2001")
    assert response.status == 404
    assert "niet in uw lijst" in page.inner_text("main")
    page.close()


def test_forms_without_the_session_token_are_refused(site: str) -> None:
    import httpx

    response = httpx.post(site + "/inloggen", data={"naam": "Sanne Voorbeeld", "wachtwoord": "geheim-wachtwoord"})
    assert response.status_code == 403


def test_checker_page_highlights_officialese(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    page.goto(site + "/controleren")
    page.fill("#tekst", "Indien u niet tijdig reageert, wordt uw uitkering middels een besluit herzien "
                        "teneinde de rechtmatigheid van de verstrekking te waarborgen.")
    page.click("button.primary")
    assert "voldoet niet" in page.inner_text("#oordeel")
    assert page.locator("mark").count() >= 2
    assert "als" in page.inner_text("#bevindingen")
    shot(page, "controleren")
    page.close()


def test_coach_edits_and_cancels_a_scheduled_message(instant: str, site: str, browser: object) -> None:
    """A refusal queues "volgende maand" at any hour of any day (it waits for the window)."""
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/mensen/K-1001")
    page.select_option("#uitkomst", "geen-interesse")
    page.click("button.primary")
    page.click("header >> text=Berichten")
    article = page.locator("article").first
    assert "Fenna Testpersoon" in article.inner_text()
    assert "Sanne" in article.locator("textarea").input_value()
    shot(page, "berichten")
    article.locator("textarea").fill("Hoi Fenna, ik bel u over een maand weer. Groet, Sanne")
    article.locator("button.primary").click()
    assert "opgeslagen" in page.inner_text("[role=status]")
    assert page.locator("article textarea").first.input_value().startswith("Hoi Fenna")
    page.locator("article button.link").first.click()
    assert page.locator("article").count() == 0
    page.close()


def test_a_coach_cannot_touch_another_coaches_message(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site, name="Ahmed Demo")
    page.goto(site + "/mensen/K-2001")
    page.select_option("#uitkomst", "geen-interesse")
    page.click("button.primary")
    page.goto(site + "/berichten")
    message_id = page.locator("article").first.get_attribute("id").split("-")[1]
    page.click("text=Uitloggen")
    _sign_in(page, site)
    token = page.locator("input[name=csrf]").first.input_value()
    response = page.request.post(f"{site}/berichten/{message_id}/annuleren", form={"csrf": token})
    assert response.status == 404
    page.close()


def test_appointment_time_is_amsterdam_time_whatever_the_server_zone(site: str, browser: object,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
        _sign_in(page, site)
        page.goto(site + "/mensen/K-1001")
        page.select_option("#uitkomst", "afspraak-gemaakt")
        day = clock.today() + timedelta(days=30)  # appointments lie at most a year ahead
        page.fill("#afspraak", f"{day.isoformat()}T14:30")
        page.fill("#plaats", "Buurthuis De Linde")
        page.click("button.primary")
        assert "opgeslagen" in page.inner_text("[role=status]")
        assert f"{dates.date(day)} om 14.30, Buurthuis De Linde" in page.inner_text("#afspraken")
        page.close()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_client_numbers_with_a_slash_open_and_log(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/vandaag?datum=2099-01-05")
    page.click("text=Piet Schuinstreep")
    assert "Piet Schuinstreep" in page.inner_text("h1")
    page.select_option("#uitkomst", "voicemail")
    page.click("button.primary")
    assert "opgeslagen" in page.inner_text("[role=status]")
    page.close()


def test_checker_refuses_a_book(site: str) -> None:
    import httpx

    with httpx.Client(base_url=site) as client:
        token = client.get("/controleren").text.split('name="csrf" value="')[1].split('"')[0]
        response = client.post("/controleren", data={"csrf": token, "tekst": "Wij bellen u. " * 2000})
    assert response.status_code == 413
    assert "te lang" in response.text


def test_sign_in_pauses_after_five_wrong_passwords(site: str) -> None:
    import httpx

    with httpx.Client(base_url=site) as client:
        token = client.get("/inloggen").text.split('name="csrf" value="')[1].split('"')[0]
        codes = [client.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld", "wachtwoord": "fout"}).status_code
                 for _ in range(6)]
        right = client.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld", "wachtwoord": "geheim-wachtwoord"})
    assert codes == [400] * 5 + [429]
    assert right.status_code == 429 and "kwartier" in right.text


def test_form_errors_keep_what_was_typed_and_pages_speak_dutch(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/mensen/K-1001")
    page.select_option("#uitkomst", "afspraak-gemaakt")
    page.fill("#notitie", "Wil graag in het buurthuis")
    page.click("button.primary")  # an appointment without a date and time
    assert "--" not in page.inner_text("[role=alert]")
    assert page.input_value("#notitie") == "Wil graag in het buurthuis"
    assert page.input_value("#uitkomst") == "afspraak-gemaakt"
    response = page.goto(site + "/bestaat-niet")
    assert response.status == 404 and "Not Found" not in page.inner_text("main")
    assert "bestaat niet" in page.inner_text("main")
    page.goto(site + "/vandaag?datum=2099-01-05")
    assert page.locator("a[href^='tel:']").count() >= 2
    page.close()


def test_after_logging_the_coach_sees_the_queued_message_and_can_undo(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    _sign_in(page, site)
    page.goto(site + "/mensen/K-1001")
    page.select_option("#uitkomst", "geen-gehoor")
    page.click("button.primary")
    status = page.inner_text("[role=status]")
    assert "opgeslagen" in status and "sms klaar" in status and dates.date(clock.today()) in status
    assert "Wissen kan tot 10.1" in status
    shot(page, "poging-opgeslagen")
    link = page.locator("[role=status] a").first.get_attribute("href")
    assert link.startswith("/berichten#bericht-")
    page.click("#wissen")
    assert "gewist" in page.inner_text("[role=status]")
    assert "Nog geen pogingen" in page.inner_text("main")
    page.goto(site + "/berichten")
    assert page.locator("article").count() == 0
    page.close()
