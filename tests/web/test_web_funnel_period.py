"""Beheer: the funnel for a date range, with a CSV download of the same figures (18, beheer extras)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from web_helpers import PASSWORD, client, seed, sign_in

from outreach import db


@pytest.fixture
def admin(tmp_path: Path) -> object:
    from outreach.tracking.models import Prospect
    from outreach.web.users import add_user

    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
        people = s.query(Prospect).order_by(Prospect.client_number).all()
        for person, day in zip(people, (date(2026, 1, 10), date(2026, 3, 1), date(2026, 6, 30))):
            person.added_on = day
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    return c


def test_the_funnel_counts_only_people_added_in_the_period(admin: object) -> None:
    page = admin.get("/bereik?van=2026-02-01&tot=2026-06-30").text  # type: ignore[attr-defined]
    assert "maandag 2 februari 2026" not in page and "zondag 1 februari 2026 tot en met dinsdag 30 juni 2026" in page
    assert 'value="2026-02-01"' in page and 'href="/bereik/bereik.csv?van=2026-02-01&amp;tot=2026-06-30"' in page
    csv = admin.get("/bereik/bereik.csv?van=2026-02-01&tot=2026-06-30")  # type: ignore[attr-defined]
    assert csv.headers["content-disposition"] == 'attachment; filename="bereik.csv"'
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[-1].split(";")[1] == "2"  # two of the three came on the list in those months
    everyone = admin.get("/bereik/bereik.csv").content.decode("utf-8-sig").splitlines()  # type: ignore[attr-defined]
    assert everyone[-1].split(";")[1] == "3"


@pytest.mark.parametrize("query, words", [("van=2026-13-01", "Op de lijst vanaf"),
                                           ("van=2026-06-01&tot=2026-01-01", "Het eind ligt voor het begin")])
def test_a_wrong_period_is_named_on_the_page(admin: object, query: str, words: str) -> None:
    response = admin.get(f"/bereik?{query}")  # type: ignore[attr-defined]
    assert response.status_code == 400 and words in response.text and "--" not in response.text.split("<main>")[1]
