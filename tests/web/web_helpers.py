"""Shared set-up for the web tests that drive the real app in-process (Starlette's TestClient)."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from outreach import db

PEOPLE = """klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach
K-1001;Fenna;Testpersoon;Lindelaan 1;5038 AB;Tilburg;Noord;06-12345678;Sanne Voorbeeld
K-1002;Ruud;Proefmans;Lindelaan 3;5038 AB;Tilburg;Noord;013-5430000;Sanne Voorbeeld
K-2001;Ilse;Anderman;Beukweg 9;5038 CD;Tilburg;Zuid;06-87654321;Ahmed Demo
"""
PASSWORD = "geheim-wachtwoord"


def seed(url: str, tmp_path: Path, people: str = PEOPLE) -> None:
    """Two coaches with a password, and the people of the `people` list (three by default)."""
    from outreach.tracking import add_coach, import_prospects
    from outreach.tracking.service import Actor
    from outreach.web.accounts import set_password

    (tmp_path / "mensen.csv").write_text(people, encoding="utf-8")
    admin = Actor("os:test")
    with db.session(url) as s:
        for name in ("Sanne Voorbeeld", "Ahmed Demo"):
            coach = add_coach(s, admin, name, phone="06-11112222")
            s.flush()
            set_password(s, coach.id, PASSWORD)
    with db.session(url) as s:
        import_prospects(s, admin, tmp_path / "mensen.csv")


def client(url: str) -> TestClient:
    from outreach.web import create_app

    return TestClient(create_app(url), follow_redirects=False)


def csrf(c: TestClient, path: str = "/inloggen") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    assert found, path
    return found.group(1)


def sign_in(c: TestClient, name: str = "Sanne Voorbeeld", password: str = PASSWORD) -> int:
    response = c.post("/inloggen", data={"csrf": csrf(c), "naam": name, "wachtwoord": password})
    return response.status_code
