"""Beheer: the audit trail of changes to people, users and rules, viewable and filterable (18, beheer extras)."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import PASSWORD, client, seed, sign_in

from outreach import db


@pytest.fixture
def admin(tmp_path: Path) -> object:
    from outreach.tracking.service import Actor, audit
    from outreach.web.users import add_user

    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
        audit(s, Actor("web:Tara Taal"), "update", "readability_officialese", None, names=["indien"])
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    return c


def test_the_trail_shows_changes_to_people_users_and_rules(admin: object) -> None:
    page = admin.get("/beheer/wijzigingen").text  # type: ignore[attr-defined]
    table = page.split('id="wijzigingen"', 1)[1]
    for kind in ("Mensen", "Gebruikers", "Regels voor de tekst", "Coaches"):
        assert f"<td>{kind}</td>" in table, kind
    assert "Fenna" not in page and "K-1001" not in page  # ids and field names only


@pytest.mark.parametrize("query, shown, hidden", [
    ("soort=regels", "Regels voor de tekst", "<td>Mensen</td>"),
    ("soort=gebruikers", "<td>Gebruikers</td>", "<td>Regels voor de tekst</td>"),
    ("door=Tara", "web:Tara Taal", "<td>Mensen</td>"),
])
def test_the_trail_can_be_filtered(admin: object, query: str, shown: str, hidden: str) -> None:
    page = admin.get(f"/beheer/wijzigingen?{query}").text  # type: ignore[attr-defined]
    table = page.split('id="wijzigingen"', 1)[1]
    assert shown in table and hidden not in table


def test_a_period_without_changes_and_a_wrong_date(admin: object) -> None:
    assert "Gevonden: 0." in admin.get("/beheer/wijzigingen?van=2030-01-01").text  # type: ignore[attr-defined]
    wrong = admin.get("/beheer/wijzigingen?tot=morgen")  # type: ignore[attr-defined]
    assert wrong.status_code == 400 and "Tot en met: " in wrong.text
