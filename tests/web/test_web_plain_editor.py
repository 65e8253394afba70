"""The editor of a plain template: only the body, its fields beside it, problems with their line, a new field, the preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.content import builtin_dir

LETTER = "/sjablonen/uitnodiging/html/bewerken"
CHECK = "/sjablonen/uitnodiging/html/controleren"
SMS = "/sjablonen/herinnering-afspraak/sms/controleren"
BODY = (builtin_dir("templates") / "uitnodiging.html.j2").read_text(encoding="utf-8").split("---#}\n", 1)[1]


@pytest.fixture
def url(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from outreach.web.users import add_user

    (tmp_path / "eigen" / "templates").mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    seed(database_url, tmp_path)
    with db.session(database_url) as s:
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
    return database_url


def _as(url: str) -> TestClient:
    c = client(url)
    assert sign_in(c, "Mira Communicatie") == 303
    return c


def _sources(url: str) -> list[str]:
    from outreach.documents import versions

    with db.session(url) as s:
        return [row.source for row in reversed(versions.history(s, "uitnodiging", "html"))]


def test_the_editor_shows_the_body_and_the_fields_under_their_labels(url: str) -> None:
    page = _as(url).get(LETTER)
    assert page.status_code == 200
    assert "Wat doe ik?" in page.text and "{#---" not in page.text and "field_info" not in page.text
    assert 'data-insert="((coach_naam))">Naam van de coach</button>' in page.text
    assert 'data-insert="((coach_foto))"' not in page.text  # a photo never goes into the text
    assert 'class="voorbeeld-brief"' in page.text and "<h3>Wat doe ik?</h3>" in page.text  # the house style's HTML


def test_an_unknown_field_is_named_with_its_line_and_nothing_is_saved(url: str) -> None:
    c = _as(url)
    answer = c.post(LETTER, data={"csrf": csrf(c, LETTER), "bron": BODY + "\nIk woon in ((wijk)).\n", "actie": "opslaan"})
    line = BODY.count("\n") + 2  # after a blank line
    assert answer.status_code == 400 and f"Regel {line}:" in answer.text and "((wijk))" in answer.text
    assert _sources(url) == []
    live = c.post(CHECK, data={"csrf": csrf(c, LETTER), "bron": "Hallo ((coach_naam)\n"}).json()
    assert "Regel 1:" in live["error"] and "))" in live["error"]


def test_a_new_field_is_declared_with_its_label_and_saved_with_the_text(url: str) -> None:
    c = _as(url)
    body = BODY.replace("Ik wil graag kennis met u maken.", "Ik kom graag in ((wijk)).")
    page = c.post(LETTER, data={"csrf": csrf(c, LETTER), "bron": body, "actie": "veld", "nieuw_naam": "wijk",
                                "nieuw_label": "De wijk waar iemand woont"})
    assert page.status_code == 200 and 'data-insert="((wijk))">De wijk waar iemand woont</button>' in page.text
    assert 'name="velden" value="wijk: De wijk waar iemand woont' in page.text
    live = c.post(CHECK, data={"csrf": csrf(c, LETTER), "bron": body, "velden": "wijk: De wijk waar iemand woont"}).json()
    assert "Ik kom graag in De wijk waar iemand woont." in live["preview"] and "error" not in live
    saved = c.post(LETTER, data={"csrf": csrf(c, LETTER), "bron": body, "actie": "opslaan",
                                 "velden": "wijk: De wijk waar iemand woont"})
    assert saved.status_code == 303
    [source] = _sources(url)
    assert 'wijk = { label = "De wijk waar iemand woont", kind = "text", per_person = true }' in source
    assert source.endswith(body)
    bad = c.post(LETTER, data={"csrf": csrf(c, LETTER), "bron": body, "actie": "veld", "nieuw_naam": "Wijk 2",
                               "nieuw_label": "x"})
    assert bad.status_code == 400 and "kleine letters" in bad.text


def test_the_preview_is_cleaned_and_a_message_shows_its_parts(url: str) -> None:
    c = _as(url)
    live = c.post(CHECK, data={"csrf": csrf(c, LETTER), "bron": "Hallo <script>x()</script> **daar**.\n"}).json()
    assert "<script" not in live["preview"] and "&lt;script&gt;" in live["preview"]
    assert "<strong>daar</strong>" in live["preview"]
    sms = c.post(SMS, data={"csrf": csrf(c, LETTER), "bron": "Hallo ((voornaam)), tot ((datum)) om ((tijd)).\n"}).json()
    assert sms["message"].startswith("Hallo Fatima, tot ") and "14.30" not in sms["message"]
    assert "1 sms" in sms["parts"]


def test_a_word_letter_uploaded_on_the_editor_fills_the_text_and_declares_its_fields(url: str) -> None:
    from word_samples import word_letter

    c = _as(url)
    word = "/sjablonen/uitnodiging/html/word"
    page = c.post(word, data={"csrf": csrf(c, LETTER)},
                  files={"word": ("brief.docx", word_letter(), "application/octet-stream")})
    assert page.status_code == 200
    assert "U woont in de wijk ((wijk)). Daar is een avond voor **iedereen**." in page.text
    assert 'data-insert="((klantnummer))">Klantnummer</button>' in page.text
    assert _sources(url) == []  # nothing saved until the user saves
    bad = c.post(word, data={"csrf": csrf(c, LETTER)}, files={"word": ("brief.docx", b"geen word", "text/plain")})
    assert bad.status_code == 400 and "geen Word-bestand" in bad.text


def test_a_long_plain_text_is_checked_in_a_render_worker(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.documents import worker
    from outreach.texts import t
    from outreach.web import editor

    c = _as(url)
    monkeypatch.setattr(worker, "SECONDS", 0)  # no render in a worker is done the moment it starts
    short = c.post(CHECK, data={"csrf": csrf(c, LETTER), "bron": BODY})
    assert short.status_code == 200  # in the server's thread: its Jinja is made by plain.py
    long = c.post(CHECK, data={"csrf": csrf(c, LETTER), "bron": BODY + "\nMeer tekst.\n" * (editor.IN_SERVER_MAX // 12)})
    assert long.status_code == 400 and long.json()["error"] == t("documents.render_too_slow")


def test_the_subject_line_of_a_letter_is_edited_beside_its_text(url: str) -> None:
    c = _as(url)
    page = c.get(LETTER)
    assert 'name="onderwerp" maxlength="200" value="((coach_voornaam)) belt u binnenkort"' in page.text
    live = c.post(CHECK, data={"csrf": csrf(c, LETTER), "bron": BODY, "onderwerp": 'Een "nieuw" onderwerp voor ((naam))'})
    assert 'Een "nieuw" onderwerp voor mevrouw F. El Amrani' in live.json()["preview"]
    saved = c.post(LETTER, data={"csrf": csrf(c, LETTER), "bron": BODY, "onderwerp": "Kennismaken met ((coach_voornaam))",
                                 "actie": "opslaan"})
    assert saved.status_code == 303
    [source] = _sources(url)
    assert 'subject = "Kennismaken met ((coach_voornaam))"' in source and source.count("subject =") == 1
    bad = c.post(CHECK, data={"csrf": csrf(c, LETTER), "bron": BODY, "onderwerp": "Voor ((wijk))"}).json()
    assert "((wijk))" in bad["error"]
