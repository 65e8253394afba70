"""A coach logs "flyer bezorgd" for a whole street or a list at once, and makes the confirmation letter when the next step asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import client, csrf, seed, sign_in

from outreach import db
from outreach.tracking.models import Attempt, Prospect

PEOPLE = """klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach
K-1001;Fenna;Testpersoon;Lindelaan 1;5038 AB;Tilburg;Noord;06-12345678;Sanne Voorbeeld
K-1002;Ruud;Proefmans;Lindelaan 3;5038 AB;Tilburg;Noord;013-5430000;Sanne Voorbeeld
K-1003;Wim;Derde;Eikweg 7;5038 AB;Tilburg;Noord;;Sanne Voorbeeld
K-1004;Zoë;Vierde;Eikweg 9a;5038 AB;Tilburg;Noord;;Sanne Voorbeeld
K-2001;Ilse;Anderman;Beukweg 9;5038 CD;Tilburg;Zuid;06-87654321;Ahmed Demo
"""


@pytest.fixture
def coach(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path, PEOPLE)
    c = client(url)
    assert sign_in(c) == 303
    return c, url


def _flyers(url: str) -> list[str]:
    with db.session(url) as s:
        return sorted(p.client_number for p, a in s.query(Prospect, Attempt).join(Attempt, Attempt.prospect_id == Prospect.id)
                      if a.outcome == "flyer-bezorgd")


def test_flyers_for_a_whole_street_and_for_ticked_people(coach) -> None:  # type: ignore[no-untyped-def]
    c, url = coach
    page = c.get("/flyers").text
    if "Lindelaan" not in page:
        pytest.skip("the rules do not start with a flyer")
    assert "Eikweg" in page and "Anderman" not in page
    token = csrf(c, "/flyers")
    response = c.post("/flyers", data={"csrf": token, "straat": "Lindelaan"})
    assert response.status_code == 303
    assert "U hebt 2 flyers bezorgd." in c.get(response.headers["location"]).text
    assert _flyers(url) == ["K-1001", "K-1002"]
    ids = {}
    with db.session(url) as s:
        ids = {p.client_number: p.id for p in s.query(Prospect)}
    response = c.post("/flyers", data={"csrf": token, f"p{ids['K-1003']}": "K-1003", f"p{ids['K-1004']}": "K-1004"})
    assert response.status_code == 303 and _flyers(url) == ["K-1001", "K-1002", "K-1003", "K-1004"]
    assert "niemand op uw lijst voor een flyer" in c.get("/flyers").text
    response = c.post("/flyers", data={"csrf": token, "p9": "K-2001"})  # another coach's person: nothing logged
    assert response.status_code == 400 and "Ilse" not in response.text and _flyers(url)[-1] == "K-1004"


def test_the_confirmation_letter_button_appears_when_the_next_step_asks_for_it(coach) -> None:  # type: ignore[no-untyped-def]
    import pypdf
    import io

    from outreach import tracking
    from outreach.tracking.service import Actor

    c, url = coach
    assert 'id="brief-maken"' not in c.get("/mensen/K-1001").text
    token = csrf(c, "/mensen/K-1001")
    response = c.post("/poging/K-1001", data={"csrf": token, "uitkomst": "afspraak-gemaakt", "kanaal": "bellen",
                                              "afspraak": "2026-12-09T14:30", "plaats": "Buurthuis De Linde"})
    assert response.status_code == 303
    person = c.get("/mensen/K-1001").text
    with db.session(url) as s:
        step = s.query(Prospect).filter(Prospect.client_number == "K-1001").one().next_step
    if step != "brief":
        pytest.skip(f"the rules ask for {step} after an appointment")
    assert 'id="brief-maken"' in person
    page = c.get("/bevestiging/K-1001").text
    assert 'id="veld-gemeente"' in page
    response = c.post("/bevestiging/K-1001", data={"csrf": token, "gemeente": "Gemeente Voorbeeldstad",
                                                   "team": "Team Coaches", "afzender_adres": "Stadhuisplein 1",
                                                   "afzender_postcode": "5038 AA", "afzender_plaats": "Tilburg"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Fenna Testpersoon" in text and "Buurthuis De Linde" in text and "14.30 uur" in text
    assert "Sanne" in text and "06 11 11 22 22" in text and "Lindelaan 1" in text
    response = c.post("/bevestiging/K-1002", data={"csrf": token, "gemeente": "Gemeente Voorbeeldstad"})
    assert response.status_code == 400 and "nog geen afspraak" in response.text
    del Actor, tracking


def _appointment(c) -> str:  # type: ignore[no-untyped-def]
    token = csrf(c, "/mensen/K-1001")
    response = c.post("/poging/K-1001", data={"csrf": token, "uitkomst": "afspraak-gemaakt", "kanaal": "bellen",
                                              "afspraak": "2026-12-09T14:30", "plaats": "Buurthuis De Linde"})
    assert response.status_code == 303
    return token


def _pdf_text(response) -> str:  # type: ignore[no-untyped-def]
    import io

    import pypdf

    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf", response.text[:500]
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages).split())


def test_the_confirmation_letter_takes_the_sender_from_the_settings_in_one_click(coach) -> None:  # type: ignore[no-untyped-def]
    from outreach.web import settings

    c, url = coach
    with db.session(url) as s:
        settings.save(s, {"gemeente": "Gemeente Proefstad", "team": "Team Meedoen", "afzender_adres": "Marktplein 7",
                          "afzender_postcode": "1234ab", "afzender_plaats": "Proefstad", "gemeente_telefoon": "14 013"})
    token = _appointment(c)
    page = c.get("/bevestiging/K-1001").text
    assert 'id="afzender-klaar"' in page and "Alles staat klaar" in page and 'id="afzender-mist"' not in page
    assert 'value="Marktplein 7"' in page and "<details>" in page  # filled in, folded away: one click
    text = _pdf_text(c.post("/bevestiging/K-1001", data={"csrf": token}))
    assert "Gemeente Proefstad" in text and "Marktplein 7" in text and "1234 AB" in text and "14 013" in text
    assert "Fenna Testpersoon" in text and "Buurthuis De Linde" in text and "Sanne" in text
    text = _pdf_text(c.post("/bevestiging/K-1001", data={"csrf": token, "team": "Team Wijkzorg"}))  # this letter only
    assert "Team Wijkzorg" in text and "Team Meedoen" not in text and "Marktplein 7" in text
    assert 'value="Team Meedoen"' in c.get("/bevestiging/K-1001").text  # the settings stay as beheer set them


def test_the_confirmation_letter_says_what_beheer_has_not_filled_in(coach) -> None:  # type: ignore[no-untyped-def]
    from outreach.web import settings

    c, url = coach
    with db.session(url) as s:
        settings.save(s, {"gemeente": "Gemeente Proefstad", "afzender_plaats": "Proefstad"})
    token = _appointment(c)
    page = c.get("/bevestiging/K-1001").text
    assert 'id="afzender-mist"' in page and "nog niet ingevuld" in page and "iemand van Beheer" in page
    missing = page.split('id="afzender-mist"')[1].split("</div>")[0]
    assert "Naam van uw team" in missing and "Adres van uw afdeling" in missing and "Postcode van uw afdeling" in missing
    assert "Naam van de gemeente" not in missing and "<details open>" in page and 'value="Gemeente Proefstad"' in page
    response = c.post("/bevestiging/K-1001", data={"csrf": token, "team": "Team Meedoen"})
    assert response.status_code == 400 and "Vul dit nog in: Adres van uw afdeling, Postcode van uw afdeling." in response.text
    assert 'value="Team Meedoen"' in response.text and "afzender_" not in response.text.split("<main")[1].split("<form")[0]
    text = _pdf_text(c.post("/bevestiging/K-1001", data={"csrf": token, "team": "Team Meedoen",
                                                         "afzender_adres": "Marktplein 7", "afzender_postcode": "1234 AB"}))
    assert "Gemeente Proefstad" in text and "Marktplein 7" in text and "Team Meedoen" in text
