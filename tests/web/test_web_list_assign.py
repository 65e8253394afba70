"""Beheer imports a list without a coach column: one coach, per neighbourhood or round-robin; refused rows come back as a CSV (issue 18.2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.tracking.models import Coach, Prospect

NO_COACH = ("klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon\n"
            "K-3001;Nora;Noord;Eikweg 1;5038 AB;Tilburg;Noord;06-22223333\n"
            "K-3002;Otto;Fout;Eikweg 2;5038 AB;Tilburg;Noord;12345\n"
            "K-3003;Pim;Zuid;Eikweg 3;5038 AB;Tilburg;Zuid;06-33334444\n"
            "K-3004;Rik;Zuid;Eikweg 4;5038 AB;Tilburg;Zuid;06-33334445\n"
            "K-3005;Sem;Fout;Eikweg 5;9999;Tilburg;Zuid;06-33334446\n")


@pytest.fixture
def url(tmp_path: Path) -> str:
    from outreach import tracking
    from outreach.web.users import add_user

    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path, "klantnummer;voornaam;postcode;coach\n")  # two coaches, nobody on their lists yet
    with db.session(url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
        add_user(s, "os:test", "Bob Beheer", ["beheer"], PASSWORD)
        tracking.edit_coach(s, tracking.actor(s), "Sanne", neighbourhoods="Noord")
        tracking.edit_coach(s, tracking.actor(s), "Ahmed", neighbourhoods="Zuid")
    return url


def _upload(c, text: str, **form: str):  # type: ignore[no-untyped-def]
    return c.post("/beheer/lijst", data={"csrf": csrf(c, "/beheer/lijst"), **form},
                  files={"lijst": ("lijst.csv", text.encode(), "text/csv")})


def _coaches(url: str) -> dict[str, str]:
    with db.session(url) as s:
        names = {c.id: c.name for c in s.query(Coach)}
        return {p.client_number: names.get(p.coach_id, "") for p in s.query(Prospect)}


@pytest.mark.parametrize(("form", "expected"), [
    ({"verdeling": "per-wijk"}, {"K-3001": "Sanne Voorbeeld", "K-3003": "Ahmed Demo", "K-3004": "Ahmed Demo"}),
    ({"verdeling": "om-de-beurt"}, {"K-3001": "Ahmed Demo", "K-3003": "Sanne Voorbeeld", "K-3004": "Ahmed Demo"}),
    ({"verdeling": "coach", "coach": "Sanne Voorbeeld"},
     {"K-3001": "Sanne Voorbeeld", "K-3003": "Sanne Voorbeeld", "K-3004": "Sanne Voorbeeld"}),
])
def test_the_page_offers_every_way_to_assign(url: str, form: dict[str, str], expected: dict[str, str]) -> None:
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    page = c.get("/beheer/lijst").text
    assert 'value="per-wijk" checked' in page and 'value="om-de-beurt"' in page and "<option >Ahmed Demo</option>" in page
    response = _upload(c, NO_COACH, **form)
    assert response.status_code == 200 and "Nieuw: 3." in response.text, response.text[-800:]
    assert _coaches(url) == expected


def test_refused_rows_download_as_csv_to_fix_and_upload_again(url: str) -> None:
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    response = _upload(c, NO_COACH, verdeling="per-wijk")
    link = re.search(r'href="(/beheer/lijst/[^"]+/foute-regels\.csv)"', response.text)
    assert link, response.text[-800:]
    download = c.get(link.group(1))
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    text = download.content.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0] == "klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;probleem"
    assert [line.split(";")[0] for line in lines[1:]] == ["K-3002", "K-3005"]
    assert "12345" in lines[1] and "9999" in lines[2]
    other = client(url)
    assert sign_in(other, "Bob Beheer") == 303
    assert other.get(link.group(1)).status_code == 404  # only the account that imported gets it
    fixed = text.replace("12345", "06-44445555").replace(";9999;", ";5038 AB;")
    response = _upload(c, fixed, verdeling="per-wijk")  # the extra column 'probleem' is left alone
    assert "Nieuw: 2." in response.text and "Met een fout: 0." in response.text
    assert len(_coaches(url)) == 5


def test_more_than_a_hundred_refused_rows_show_the_first_hundred(url: str) -> None:
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    bad = "klantnummer;voornaam;postcode\n" + "".join(f"K-{i};Naam;0000\n" for i in range(4000, 4150))
    response = _upload(c, bad, verdeling="om-de-beurt")
    assert "Met een fout: 150." in response.text and "Hier staan de eerste 100." in response.text
    assert response.text.count("<li>Regel") == 100
