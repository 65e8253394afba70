"""Beheer imports a list and manages coaches; the funnel page per coach and neighbourhood (TestClient)."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.tracking.models import AuditEntry, Coach, Prospect

GOOD_AND_BAD = ("klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach\n"
                "K-3001;Nora;Nieuw;Eikweg 1;5038 AB;Tilburg;Noord;06-22223333;Sanne Voorbeeld\n"
                "K-3002;Otto;Fout;Eikweg 2;5038 AB;Tilburg;Noord;12345;Sanne Voorbeeld\n"
                "K-3003;Pim;Goed;Eikweg 3;5038 AB;Tilburg;Zuid;06-33334444;Ahmed Demo\n"
                "K-3001;Nora;Dubbel;Eikweg 1;5038 AB;Tilburg;Noord;06-22223333;Sanne Voorbeeld\n")


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    from outreach.web.users import add_user

    seed(database_url, tmp_path)
    with db.session(database_url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
    return database_url


def _upload(c, data: bytes):  # type: ignore[no-untyped-def]
    return c.post("/beheer/lijst", data={"csrf": csrf(c, "/beheer/lijst")}, files={"lijst": ("lijst.csv", data, "text/csv")})


def _count(url: str) -> int:
    with db.session(url) as s:
        return s.query(Prospect).count()


def test_import_shows_every_bad_row_and_keeps_the_good_ones(url: str) -> None:
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    response = _upload(c, GOOD_AND_BAD.encode())
    assert response.status_code == 200
    html = response.text
    assert "Nieuw: 2." in html and "Met een fout: 2." in html
    assert "Regel 3" in html and "Regel 5" in html  # each bad row with its line
    assert _count(url) == 5


def test_a_list_in_an_unknown_encoding_names_the_line_and_stores_nothing(url: str) -> None:
    c = client(url)
    sign_in(c, "Bea Beheer")
    before = _count(url)
    data = GOOD_AND_BAD.encode("utf-8").replace(b"Nieuw", b"Ni\x81uw")  # 0x81: neither UTF-8 nor Windows-1252
    response = _upload(c, data)
    assert response.status_code == 400
    assert "Regel 2" in response.text and "Er is niets opgeslagen." in response.text
    assert "Traceback" not in response.text
    assert _count(url) == before


def test_beheer_changes_days_and_neighbourhoods_and_refuses_sunday_only(url: str) -> None:
    c = client(url)
    sign_in(c, "Bea Beheer")
    with db.session(url) as s:
        sanne = s.query(Coach).filter_by(name="Sanne Voorbeeld").one().id
    token = csrf(c, "/beheer/coaches")
    response = c.post(f"/beheer/coaches/{sanne}", data={"csrf": token, "actie": "bewaren", "dag_ma": "ja", "dag_do": "ja",
                                                         "wijken": "Noord, Centrum"})
    assert response.status_code == 303
    with db.session(url) as s:
        coach = s.get(Coach, sanne)
        assert coach.working_days == "ma,do" and coach.neighbourhoods == "Noord,Centrum"
    response = c.post(f"/beheer/coaches/{sanne}", data={"csrf": token, "actie": "bewaren", "dag_zo": "ja", "wijken": ""})
    assert response.status_code == 400
    assert "zondag" in response.text.lower() and "Sanne Voorbeeld" in response.text
    with db.session(url) as s:
        assert s.get(Coach, sanne).working_days == "ma,do"  # nothing changed
        assert s.query(AuditEntry).filter_by(entity="coach", entity_id=sanne, action="update").count() == 1


def test_deactivating_a_coach_moves_their_people(url: str) -> None:
    c = client(url)
    sign_in(c, "Bea Beheer")
    with db.session(url) as s:
        sanne = s.query(Coach).filter_by(name="Sanne Voorbeeld").one().id
    response = c.post(f"/beheer/coaches/{sanne}", data={"csrf": csrf(c, "/beheer/coaches"), "actie": "stoppen"})
    assert response.status_code == 303
    page = c.get(response.headers["location"]).text
    assert "Ahmed Demo (2)" in page
    with db.session(url) as s:
        assert not s.get(Coach, sanne).active
        assert s.query(Prospect).filter_by(coach_id=sanne).count() == 0
    response = c.post(f"/beheer/coaches/{sanne}", data={"csrf": csrf(c, "/beheer/coaches"), "actie": "starten"})
    assert response.status_code == 303 and "weer mee" in c.get(response.headers["location"]).text
    with db.session(url) as s:
        assert s.get(Coach, sanne).active
        assert s.query(Prospect).filter_by(coach_id=sanne).count() == 0  # the people stay with their new coach


def test_beheer_pages_need_the_role(url: str) -> None:
    c = client(url)
    sign_in(c)  # a coach
    assert c.get("/beheer/lijst").status_code == 403
    assert c.get("/beheer/coaches").status_code == 403
    assert _upload(c, GOOD_AND_BAD.encode()).status_code == 403


def test_funnel_per_coach_and_neighbourhood_for_beheer_and_own_for_a_coach(url: str) -> None:
    c = client(url)
    sign_in(c, "Bea Beheer")
    total = c.get("/bereik").text
    assert "Alles samen" in total and "<td>3</td>" in total
    per_hood = c.get("/bereik?per=wijk").text
    assert "Noord" in per_hood and "Zuid" in per_hood
    per_coach = c.get("/bereik?per=coach").text
    assert "Ahmed Demo" in per_coach and "Sanne Voorbeeld" in per_coach
    chart = c.get("/bereik/grafiek.png?per=wijk")
    assert chart.headers["content-type"] == "image/png" and chart.content.startswith(b"\x89PNG")

    coach = client(url)
    sign_in(coach)  # Sanne: two people in Noord; never Ahmed's
    own = coach.get("/bereik?per=coach").text
    assert "Ahmed Demo" not in own and "Zuid" not in own
    assert "Per coach" not in own
    assert "Zuid" not in coach.get("/bereik?per=wijk").text


def test_the_funnel_page_shows_the_same_figures_as_the_cli(url: str) -> None:
    from outreach.tracking import Actor, funnel

    c = client(url)
    sign_in(c, "Bea Beheer")
    html = c.get("/bereik?per=wijk").text
    with db.session(url) as s:
        f = funnel(s, Actor("os:test"), "neighbourhood")
    for row in f.rows:
        cells = "".join(f"<td>{getattr(row, stage)}</td>" for stage in ("total", "approached", "reached"))
        assert f'<th scope="row">{row.group}</th>{cells}' in html
