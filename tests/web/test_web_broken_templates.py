"""A broken template breaks nobody's work: follow-ups are skipped with a notice, pages list it as broken."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text
from web_helpers import client, csrf, seed, sign_in, signed_in_user

from outreach import db
from outreach.errors import ContentError

FOLLOWUP = """{#---
kind = "sms"
title = "Ik heb u gebeld"
level = "A2"
[fields]
voornaam = "Fatima"
coach_voornaam = "Sanne"
coach_telefoon = "06 12 34 56 78"
---#}
Hallo {{ BODY }}, ik heb u gebeld. Groet, {{ coach_voornaam }}
"""


def _own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    folder = tmp_path / "eigen" / "templates"
    folder.mkdir(parents=True)
    for name, source in files.items():
        (folder / name).write_text(source, encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))


@pytest.mark.parametrize("body", ["voornaam|dictsort", "voornaam.items()", "'%d' % voornaam",
                                  "(voornaam|list)[999]", "1/0"])
def test_a_follow_up_that_cannot_be_made_never_undoes_the_attempt(database_url: str, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    _own(tmp_path, monkeypatch, {"gemist-gesprek.sms.j2": FOLLOWUP.replace("BODY", body)})
    seed(database_url, tmp_path)
    c = client(database_url)
    assert sign_in(c) == 303
    token = csrf(c, "/mensen/K-1001")
    response = c.post("/poging/K-1001", data={"csrf": token, "uitkomst": "geen-gehoor", "kanaal": "bellen"})
    assert response.status_code == 303, response.text[:500]
    assert "bericht-kapot=1" in response.headers["location"]
    shown = c.get(response.headers["location"]).text
    assert "geen bericht klaargezet" in shown and "wel opgeslagen" in shown
    with db.session(database_url) as s:
        assert s.execute(text("SELECT count(*) FROM tracking_attempts")).scalar() == 1
        assert s.execute(text("SELECT count(*) FROM messaging_outbox")).scalar() == 0


def test_a_broken_override_is_listed_as_broken_on_sjablonen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _own(tmp_path, monkeypatch, {"gemist-gesprek.sms.j2": FOLLOWUP.replace("BODY", "voornaam|dictsort"),
                                 "kapot.sms.j2": "{#---\nkind = 5\n---#}\nHallo"})
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    response = c.get("/sjablonen")
    assert response.status_code == 200
    assert "werkt niet" in response.text and "kapot" in response.text
    assert "uitnodiging" in response.text  # the others are still there


@pytest.mark.parametrize(("front", "field"), [
    ("[regels]\nteksten = 5", "teksten"), ("regels = 5", "regels"), ('[regels]\nteksten = ["a", 5]', "teksten"),
    ("title = 5", "title"), ("known_words = 5", "known_words"), ("fields = 5", "fields"), ("one_page = 'ja'", "one_page"),
])
def test_wrong_types_in_front_matter_are_a_dutch_error_naming_the_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                        front: str, field: str) -> None:
    from outreach.documents import load_template

    _own(tmp_path, monkeypatch, {"flyer.html.j2": f'{{#---\nkind = "flyer"\n{front}\n---#}}\n{{% extends "ingebouwd/flyer.html.j2" %}}\n'})
    with pytest.raises(ContentError) as caught:
        load_template("flyer")
    assert f"'{field}'" in str(caught.value) or f".{field}'" in str(caught.value)
    assert "Het blok bovenaan de sjabloon klopt niet" in str(caught.value)
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    for path in ("/maken/flyer", "/sjablonen"):
        response = c.get(path)
        assert response.status_code != 500 and f"{field}" in response.text, path
    token = csrf(c, "/sjablonen")
    response = c.post("/maken/flyer", data={"csrf": token, "coach": "Sanne Voorbeeld", "actie": "pdf"})
    assert response.status_code != 500 and "Het blok bovenaan de sjabloon klopt niet" in response.text
    assert re.search(f"(&#39;|&#x27;|')(regels\\.)?{field}(&#39;|&#x27;|')", response.text)


def test_a_preview_that_breaks_the_pdf_engine_is_a_dutch_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The render worker turns any exception into a Dutch ContentError (test_doc_worker); the page shows it as a 400."""
    import outreach.web.studio as studio
    from outreach.texts import t

    def broken(*args: object, **kwargs: object) -> bytes:  # what worker.run raises when WeasyPrint fails on odd CSS
        raise ContentError(t("documents.template_failed", error="AttributeError"))

    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    token = csrf(c, "/maken/flyer")
    monkeypatch.setattr(studio, "offloaded", broken)
    response = c.post("/maken/flyer/voorbeeld", data={"csrf": token, "coach": "Sanne Voorbeeld", "gemeente": "Tilburg",
                                                        "plekken": "Buurthuis"})
    assert response.status_code == 400 and "werkt niet" in response.json()["error"]
    assert "Traceback" not in response.text
