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


def _adviser(url: str) -> object:
    c = client(url)
    assert sign_in(c, "Taal Adviseur") == 303
    return c


def _add(c: object, **form: str) -> object:
    return c.post("/regels/nieuw", data={"csrf": csrf(c, "/regels"), **form})  # type: ignore[attr-defined]


def test_regels_adds_a_word_with_a_plain_form_for_the_next_check(url: str, tmp_path: Path) -> None:
    from outreach.readability import check
    from outreach.readability.rulebook import OfficialeseRule

    c = _adviser(url)
    page = c.get("/regels").text
    assert 'name="woord"' in page and 'name="alternatieven"' in page and "avg_words_pass" in page
    assert "= [" not in page  # no TOML for the user
    sentence = "Wij gaan dat samen ondernemen met u."
    assert not [f for f in check(sentence).findings if f.rule == "officialese"]
    response = _add(c, woord="Ondernemen", alternatieven="doen\naanpakken", soort="fail")
    assert response.status_code == 303
    assert "ondernemen" in c.get(response.headers["location"]).text
    found = [f for f in check(sentence).findings if f.rule == "officialese"]
    assert found and found[0].suggestions == ["doen", "aanpakken"] and found[0].severity == "fail"
    with db.session(url) as s:
        assert [r.phrase for r in s.query(OfficialeseRule)] == ["ondernemen"]
        entry = s.query(AuditEntry).filter_by(entity="readability_officialese").one()
        assert entry.fields == "ondernemen" and entry.actor.startswith("web:")
    assert not (tmp_path / "eigen" / "readability").exists()  # the database is the place of record


def test_regels_pages_and_searches_instead_of_listing_every_word(url: str) -> None:
    c = _adviser(url)
    page = c.get("/regels").text
    assert page.count("<tr><td>") == 50 and 'rel="next"' in page
    second = c.get("/regels?pagina=2").text
    assert "Pagina 2 van" in second and 'rel="prev"' in second
    found = c.get("/regels?zoek=middels").text
    assert "Gevonden: 1 woord." in found and found.count("<tr><td>") == 1
    assert c.get("/regels?pagina=99999999999999999999").status_code == 200


def test_regels_changes_and_removes_a_word(url: str) -> None:
    from outreach.readability import check

    c = _adviser(url)
    form = c.get("/regels?wijzig=middels").text
    assert 'name="vorig" value="middels"' in form and "Een moeilijk woord veranderen" in form
    assert _add(c, woord="middels", vorig="middels", alternatieven="via", soort="warn").status_code == 303
    found = [f for f in check("Dat gaat middels een brief.").findings if f.rule == "officialese"]
    assert found and found[0].suggestions == ["via"] and found[0].severity == "warn"
    removed = c.post("/regels/verwijderen", data={"csrf": csrf(c, "/regels"), "woord": "middels"})
    assert removed.status_code == 303 and "Weggehaald" in c.get(removed.headers["location"]).text
    assert not [f for f in check("Dat gaat middels een brief.").findings if f.rule == "officialese"]
    assert "Gevonden: 0 woorden." in c.get("/regels?zoek=middels").text
    unknown = c.post("/regels/verwijderen", data={"csrf": csrf(c, "/regels"), "woord": "bestaat-niet"})
    assert unknown.status_code == 404


@pytest.mark.parametrize("form, words", [
    ({"woord": "", "alternatieven": "met", "soort": "warn"}, "Moeilijk woord: Vul dit veld in"),
    ({"woord": "middels", "alternatieven": "", "soort": "warn"}, "minstens één gewoon woord"),
    ({"woord": "middels", "alternatieven": "met", "soort": "heel erg"}, "altijd of soms"),
    ({"woord": "mid\x7fdels", "alternatieven": "met", "soort": "warn"}, "teken dat niet mag"),
    ({"woord": "mid\x00dels", "alternatieven": "met", "soort": "warn"}, "probeer het nog eens"),  # every form refuses NUL
    ({"woord": "middels", "alternatieven": "m\u202eet", "soort": "warn"}, "Gewone woorden ervoor: Hier staat een teken"),
    ({"woord": "mid\u200fdels", "alternatieven": "met", "soort": "warn"}, "teken dat niet mag"),
    ({"woord": "a = [\"b\"]", "alternatieven": "met", "soort": "warn"}, "teken dat niet mag"),
    ({"woord": "x" * 81, "alternatieven": "met", "soort": "warn"}, "hoogstens 80 tekens"),
    ({"woord": "middels", "alternatieven": "\n".join("abcdefghijk"), "soort": "warn"}, "hoogstens 10"),
])
def test_a_bad_rule_gets_a_dutch_error_naming_the_field_and_changes_nothing(url: str, form: dict[str, str],
                                                                          words: str) -> None:
    from outreach.readability.rulebook import OfficialeseRule

    c = _adviser(url)
    response = _add(c, **form)
    assert response.status_code == 400
    assert words in response.text.replace("&#39;", "'") and "Traceback" not in response.text
    assert 'value="' + form["woord"][:3] in response.text or not form["woord"].isprintable()  # what was typed stays
    with db.session(url) as s:
        assert s.query(OfficialeseRule).count() == 0


def test_regels_needs_the_role(url: str) -> None:
    c = client(url)
    assert c.get("/regels").status_code == 303
    sign_in(c)  # a coach
    assert c.get("/regels").status_code == 403
