"""Editing a template in the browser (communicatie) and approving or sending it back (taaladviseur)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient
from web_helpers import PASSWORD, client, csrf, seed, sign_in
from template_samples import FRONT, HARD, PLAIN, VALUES

from outreach import db
from outreach.documents import render

EDIT = "/sjablonen/volgende-maand/sms/bewerken"


@pytest.fixture
def url(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from outreach.web.users import add_user

    (tmp_path / "eigen" / "templates").mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    seed(database_url, tmp_path)
    with db.session(database_url) as s:
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
        add_user(s, "os:test", "Tara Taal", ["taaladviseur"], PASSWORD)
    return database_url


def _as(url: str, name: str) -> TestClient:
    c = client(url)
    assert sign_in(c, name) == 303
    return c


def _save(c: TestClient, source: str) -> object:
    return c.post(EDIT, data={"csrf": csrf(c, EDIT), "bron": source, "actie": "opslaan"})


def _audit(url: str) -> list[tuple[str, str, str | None]]:
    from outreach.tracking.models import AuditEntry

    with db.session(url) as s:
        return [(a.action, a.entity, a.fields) for a in s.scalars(select(AuditEntry).where(AuditEntry.entity == "template"))]


def test_the_editor_saves_a_plain_template_and_keeps_a_failing_one_as_a_draft(url: str, tmp_path: Path) -> None:
    c = _as(url, "Mira Communicatie")
    page = c.get(EDIT)
    assert page.status_code == 200 and "Eerder praten mag ook" in page.text
    response = _save(c, PLAIN)
    assert response.status_code == 303 and response.headers["location"].endswith("?opgeslagen=1")
    assert "Opgeslagen" in c.get(response.headers["location"]).text
    response = _save(c, HARD)
    assert response.headers["location"].endswith("?concept=1")
    folder = tmp_path / "eigen" / "templates"
    assert (folder / "volgende-maand.sms.j2").read_text(encoding="utf-8") == PLAIN
    assert (folder / "volgende-maand.sms.j2.concept").read_text(encoding="utf-8") == HARD
    assert "indien" not in render("volgende-maand", VALUES, variant="sms")
    assert _audit(url) == [("update", "template", "volgende-maand.sms,opgeslagen"),
                           ("update", "template", "volgende-maand.sms,concept")]


def test_the_live_check_marks_the_findings_and_stores_nothing(url: str, tmp_path: Path) -> None:
    c = _as(url, "Mira Communicatie")
    token = csrf(c, EDIT)
    found = c.post("/sjablonen/volgende-maand/sms/controleren", data={"csrf": token, "bron": HARD}).json()
    assert found["verdict"]["class"] == "verdict-fail" and found["draft_note"]
    assert any(severity == "fail" and piece.lower().startswith("indien") for piece, severity, _ in found["pieces"])
    assert "".join(piece for piece, _, _ in found["pieces"]).startswith("Geachte Fatima")
    assert not list((tmp_path / "eigen" / "templates").iterdir())
    page = c.post(EDIT, data={"csrf": token, "bron": HARD, "actie": "controleren"})
    assert '<mark class="fail"' in page.text


def test_a_jinja_syntax_error_names_the_line_and_changes_nothing(url: str, tmp_path: Path) -> None:
    c = _as(url, "Mira Communicatie")
    _save(c, PLAIN)
    response = _save(c, FRONT + "Hallo {{ voornaam }\n")
    assert response.status_code == 400
    assert "Regel 6: " in response.text and "Traceback" not in response.text
    assert "volgende-maand.sms.j2" not in response.text.split("<main>", 1)[1].split("<textarea", 1)[0]  # no file name
    assert (tmp_path / "eigen" / "templates" / "volgende-maand.sms.j2").read_text(encoding="utf-8") == PLAIN
    found = c.post("/sjablonen/volgende-maand/sms/controleren",
                   data={"csrf": csrf(c, EDIT), "bron": FRONT + "{% if x %}\n"}).json()
    assert found["error"].startswith("Regel 6: ")


def test_only_communicatie_edits_and_only_taaladviseur_approves(url: str) -> None:
    adviser, editor = _as(url, "Tara Taal"), _as(url, "Mira Communicatie")
    assert adviser.get(EDIT).status_code == 403
    assert editor.get("/goedkeuren").status_code == 403
    assert editor.post("/goedkeuren/volgende-maand/sms", data={"csrf": csrf(editor, EDIT), "actie": "goedkeuren",
                                                               "versie": "x"}).status_code == 403
    assert editor.post(EDIT, data={"csrf": "fout", "bron": PLAIN, "actie": "opslaan"}).status_code == 403
    assert editor.get("/sjablonen/../etc/bewerken").status_code == 404
    assert editor.get("/sjablonen/volgende-maand/pdf/bewerken").status_code == 404


def test_an_adviser_approves_one_draft_and_sends_another_back(url: str, tmp_path: Path) -> None:
    from outreach.web.reviews import TemplateReview

    editor = _as(url, "Mira Communicatie")
    _save(editor, HARD)
    other = "/sjablonen/gemist-gesprek/sms/bewerken"
    hard_other = HARD.replace("Ik bel volgende maand", "Gemist")
    editor.post(other, data={"csrf": csrf(editor, other), "bron": hard_other, "actie": "opslaan"})
    adviser = _as(url, "Tara Taal")
    queue = adviser.get("/goedkeuren").text
    assert "volgende-maand.sms.j2" in queue and "gemist-gesprek.sms.j2" in queue
    assert '<span class="add">+Geachte' in queue.replace("&#34;", '"')  # the diff against the built-in text
    versions = dict(re.findall(r'action="/goedkeuren/([a-z-]+)/sms">\s*<input[^>]+>\s*<input type="hidden" '
                               r'name="versie" value="([0-9a-f]+)"', queue))
    token = csrf(adviser, "/goedkeuren")
    refused = adviser.post("/goedkeuren/gemist-gesprek/sms", data={"csrf": token, "actie": "terugsturen",
                                                                     "versie": versions["gemist-gesprek"]})
    assert refused.status_code == 400 and "notitie" in refused.text
    sent = adviser.post("/goedkeuren/gemist-gesprek/sms", data={
        "csrf": token, "actie": "terugsturen", "versie": versions["gemist-gesprek"], "notitie": "Schrijf korter."})
    assert sent.status_code == 303
    approved = adviser.post("/goedkeuren/volgende-maand/sms", data={
        "csrf": token, "actie": "goedkeuren", "versie": versions["volgende-maand"], "notitie": "Mag zo."})
    assert approved.status_code == 303
    assert "Er wachten geen sjablonen op u." in adviser.get("/goedkeuren").text
    assert "indien" in render("volgende-maand", VALUES, variant="sms")
    assert not (tmp_path / "eigen" / "templates" / "volgende-maand.sms.j2.concept").exists()
    assert (tmp_path / "eigen" / "templates" / "gemist-gesprek.sms.j2.concept").exists()
    assert "Schrijf korter." in editor.get(other).text
    with db.session(url) as s:
        rows = [(r.template, r.decision, r.note) for r in s.scalars(select(TemplateReview).order_by(TemplateReview.id))]
    assert rows == [("gemist-gesprek.sms.j2", "teruggestuurd", "Schrijf korter."),
                    ("volgende-maand.sms.j2", "goedgekeurd", "Mag zo.")]
    assert [a[0] for a in _audit(url)][-2:] == ["send_back", "approve"]


def test_approving_a_version_that_changed_meanwhile_is_refused(url: str, tmp_path: Path) -> None:
    editor, adviser = _as(url, "Mira Communicatie"), _as(url, "Tara Taal")
    _save(editor, HARD)
    version = re.search(r'name="versie" value="([0-9a-f]+)"', adviser.get("/goedkeuren").text).group(1)
    _save(editor, HARD.replace("Geachte", "Beste"))
    response = adviser.post("/goedkeuren/volgende-maand/sms", data={
        "csrf": csrf(adviser, "/goedkeuren"), "actie": "goedkeuren", "versie": version})
    assert response.status_code == 400 and "veranderd" in response.text
    assert not (tmp_path / "eigen" / "templates" / "volgende-maand.sms.j2").exists()
