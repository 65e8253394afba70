"""The text checker's live result and the Regels page, through the real app (Starlette's TestClient)."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.tracking.models import AuditEntry

OFFICIAL = "Indien u niet tijdig reageert, wordt uw uitkering middels een besluit herzien."


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from outreach.web.users import add_user

    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    database = f"sqlite:///{tmp_path / 'web.db'}"
    seed(database, tmp_path)
    with db.session(database) as s:
        add_user(s, "os:test", "Taal Adviseur", ["taaladviseur"], PASSWORD)
    return database


def test_result_piece_marks_each_finding_on_its_own_words(url: str) -> None:
    c = client(url)
    response = c.post("/controleren/uitslag", data={"csrf": csrf(c, "/controleren"), "tekst": OFFICIAL,
                                                    "niveau": "B1", "soort": "letter"})
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html  # only the result, for checker.js
    assert '<mark class="hl r-officialese w-fail top-f" tabindex="0">Indien</mark>' not in html
    assert '<mark class="hl r-officialese w-fail top-f" tabindex="0">Indien<span class="tip" role="tooltip">' in html
    assert "middels" in html and "→ <i>met</i>" in html  # the alternatives, shown on hover or focus
    # findings about the whole text (a paragraph too long, the reader not addressed) go in one summary line
    plain = ("De brief komt morgen. De coach belt dan. Het gesprek duurt kort. De koffie is gratis. "
             "Het weer is goed. Iedereen mag komen. De zaal is open.")
    short = c.post("/controleren/uitslag", data={"csrf": csrf(c, "/controleren"), "tekst": plain,
                                                 "niveau": "B1", "soort": "letter"}).text
    assert 'id="hele-tekst"' in short
    assert "<mark" not in short  # a text-level finding never marks the whole text


def test_level_and_kind_are_switchable_and_checked(url: str) -> None:
    c = client(url)
    token = csrf(c, "/controleren")
    text = "U krijgt een brief. Daarin staat wanneer de coach langskomt om met u te praten over uw wensen."
    b1 = c.post("/controleren/uitslag", data={"csrf": token, "tekst": text, "niveau": "B1", "soort": "letter"}).text
    a2 = c.post("/controleren/uitslag", data={"csrf": token, "tekst": text, "niveau": "A2", "soort": "sms"}).text
    assert "A2-schrijfregels" in a2 and "B1-schrijfregels" in b1
    assert c.post("/controleren/uitslag", data={"csrf": token, "tekst": text, "niveau": "C2"}).status_code == 400
    assert c.post("/controleren/uitslag", data={"tekst": text}).status_code == 403  # CSRF


def test_colours_come_from_the_library(url: str) -> None:
    from outreach.readability.html import HIGHLIGHT_CSS, page

    c = client(url)
    response = c.get("/controleren/kleuren.css")
    assert response.headers["content-type"].startswith("text/css")
    assert response.text == HIGHLIGHT_CSS and HIGHLIGHT_CSS in page([])
    assert 'href="/controleren/kleuren.css"' in c.get("/controleren").text
    assert 'src="/static/checker.js"' in c.get("/controleren").text


def test_regels_shows_the_rules_and_adds_a_word_for_the_next_check(url: str, tmp_path: Path) -> None:
    from outreach.readability import check

    c = client(url)
    assert sign_in(c, "Taal Adviseur") == 303
    page = c.get("/regels").text
    assert "middels" in page and "avg_words_pass" in page
    sentence = "Wij gaan dat samen ondernemen met u."
    assert not [f for f in check(sentence).findings if f.rule == "officialese"]
    response = c.post("/regels/nieuw", data={"csrf": csrf(c, "/regels"), "regel": 'ondernemen = ["doen"]', "soort": "fail"})
    assert response.status_code == 303
    assert "ondernemen" in c.get(response.headers["location"]).text
    found = [f for f in check(sentence).findings if f.rule == "officialese"]
    assert found and found[0].suggestions == ["doen"]
    with db.session(url) as s:
        entry = s.query(AuditEntry).filter_by(entity="readability_officialese").one()
        assert entry.fields == "ondernemen" and entry.actor.startswith("web:")


@pytest.mark.parametrize("entry, line, words", [
    ('middels = ["met"]\nteneinde ["om"]', 2, "="),
    ('x = ["met]', 1, "aanhalingsteken"),
    ('a = ["b"]\nc = ["d"', 2, "niet gesloten"),
    ('zulks = "dat"', 1, "lijst"),
])
def test_bad_toml_names_the_problem_and_line_and_changes_nothing(url: str, tmp_path: Path, entry: str, line: int,
                                                                 words: str) -> None:
    c = client(url)
    sign_in(c, "Taal Adviseur")
    c.post("/regels/nieuw", data={"csrf": csrf(c, "/regels"), "regel": 'ondernemen = ["doen"]', "soort": "warn"})
    stored = tmp_path / "eigen" / "readability" / "officialese.toml"
    before = stored.read_bytes()
    response = c.post("/regels/nieuw", data={"csrf": csrf(c, "/regels"), "regel": entry, "soort": "warn"})
    assert response.status_code == 400
    assert f"Regel {line}" in response.text and words in response.text
    assert "Traceback" not in response.text
    assert stored.read_bytes() == before
    assert [p.name for p in stored.parent.iterdir()] == ["officialese.toml"]  # no temporary file left


def test_regels_needs_the_role(url: str) -> None:
    c = client(url)
    assert c.get("/regels").status_code == 303
    sign_in(c)  # a coach
    assert c.get("/regels").status_code == 403
