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
