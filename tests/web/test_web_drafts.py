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


def _versions(url: str, name: str = "volgende-maand") -> list[tuple[int, str, str]]:
    from outreach.documents import versions

    with db.session(url) as s:
        return [(r.number, r.status, r.source) for r in reversed(versions.history(s, name, "sms"))]


def test_the_editor_saves_a_plain_template_and_keeps_a_failing_one_as_a_draft(url: str, tmp_path: Path) -> None:
    c = _as(url, "Mira Communicatie")
    page = c.get(EDIT)
    assert page.status_code == 200 and "Eerder praten mag ook" in page.text
    response = _save(c, PLAIN)
    assert response.status_code == 303 and response.headers["location"].endswith("?opgeslagen=1")
    assert "Opgeslagen" in c.get(response.headers["location"]).text
    response = _save(c, HARD)
    assert response.headers["location"].endswith("?concept=1")
    assert _versions(url) == [(2, "voldoet", PLAIN), (3, "concept", HARD)]  # the shipped file is version 1
    history = c.get(EDIT).text
    assert "Versie 3: Mira Communicatie," in history and "Concept." in history and "Haalt het niveau." in history
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
    assert _versions(url) == [(2, "voldoet", PLAIN)]
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
    assert sorted(re.findall(r"<h2 id=.kop-[0-9]+.>([^<]+)</h2>", queue)) == ["Gemist", "Ik bel volgende maand"]  # titles
    assert ".sms.j2" not in queue and "@@" not in queue and "{{" not in queue  # no file name, no diff, no source
    assert re.search(r"<ins>[^<]*Geachte", queue) and "<del>" in queue  # words against the built-in text
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
    assert _versions(url)[-1][1] == "goedgekeurd" and _versions(url, "gemist-gesprek")[-1][1] == "concept"
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
    assert [status for _, status, _ in _versions(url)] == ["concept", "concept"]


def test_an_account_with_both_roles_never_approves_its_own_version(url: str) -> None:
    from outreach.web.users import add_user

    with db.session(url) as s:
        add_user(s, "os:test", "Bo Beide", ["communicatie", "taaladviseur"], PASSWORD)
    both = _as(url, "Bo Beide")
    _save(both, HARD)
    queue = both.get("/goedkeuren").text
    assert "zelf geschreven" in queue and 'value="goedkeuren"' not in queue
    assert "Versie 2, geschreven door Bo Beide." in queue
    version = re.search(r'name="versie" value="([0-9a-f]+)"', queue).group(1)
    response = both.post("/goedkeuren/volgende-maand/sms", data={
        "csrf": csrf(both, "/goedkeuren"), "actie": "goedkeuren", "versie": version})
    assert response.status_code == 400 and "zelf geschreven" in response.text
    assert [status for _, status, _ in _versions(url)] == ["concept"]
    assert "indien" not in render("volgende-maand", VALUES, variant="sms")
    other = _as(url, "Tara Taal")
    assert other.post("/goedkeuren/volgende-maand/sms", data={
        "csrf": csrf(other, "/goedkeuren"), "actie": "goedkeuren", "versie": version}).status_code == 303
    assert "indien" in render("volgende-maand", VALUES, variant="sms")


def test_twelve_parallel_approvals_keep_every_record_and_every_template_loads(url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from outreach.documents import load_template
    from outreach.web.reviews import TemplateReview

    editor = _as(url, "Mira Communicatie")
    names = [f"proef-{n}" for n in range(12)]
    source = HARD.replace("---#}", '[fields]\nvoornaam = "Fatima"\ncoach_voornaam = "Sanne"\n---#}')  # new templates
    for name in names:
        path = f"/sjablonen/{name}/sms/bewerken"
        saved = editor.post(path, data={"csrf": csrf(editor, EDIT), "bron": source.replace("Geachte", f"Geachte {name}"),
                                        "actie": "opslaan"})
        assert saved.headers.get("location", saved.text[-3000:]).endswith("?concept=1")
    advisers = [_as(url, "Tara Taal") for _ in names]
    queue = advisers[0].get("/goedkeuren").text
    hashes = dict(re.findall(r'action="/goedkeuren/([a-z0-9-]+)/sms">\s*<input[^>]+>\s*<input type="hidden" '
                             r'name="versie" value="([0-9a-f]+)"', queue))
    tokens = [csrf(a, "/goedkeuren") for a in advisers]

    def approve(n: int) -> int:
        return advisers[n].post(f"/goedkeuren/{names[n]}/sms", data={
            "csrf": tokens[n], "actie": "goedkeuren", "versie": hashes[names[n]]}).status_code

    with ThreadPoolExecutor(12) as pool:
        assert list(pool.map(approve, range(12))) == [303] * 12
    with db.session(url) as s:
        reviews = s.scalars(select(TemplateReview.template).where(TemplateReview.decision == "goedgekeurd")).all()
    assert sorted(reviews) == sorted(f"{name}.sms.j2" for name in names)
    for name in names:
        assert _versions(url, name)[-1][1] == "goedgekeurd"
        assert f"Geachte {name}" in render(name, VALUES, variant="sms")
        assert load_template(name, "sms").title == "Ik bel volgende maand"


def test_a_crash_or_a_full_disk_never_leaves_half_a_record(url: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from outreach.documents import drafts, versions
    from outreach.web import reviews

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError), db.session(url) as s:  # the save and what follows are one transaction
        drafts.save(s, "volgende-maand", "sms", PLAIN, 1, "Mira")
        crash()
    assert _versions(url) == []
    monkeypatch.setattr(reviews, "audit", crash, raising=False)
    monkeypatch.setattr("outreach.tracking.service.audit", crash)
    with pytest.raises(OSError), db.session(url) as s:
        drafts.save(s, "volgende-maand", "sms", PLAIN, 1, "Mira")
        reviews.record_save(s, "Mira", "volgende-maand", "sms", "opgeslagen")
    assert _versions(url) == []
    target = tmp_path / "uit" / "x.sms.j2"
    versions.write_atomic(target, "oud")
    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        versions.write_atomic(target, "nieuw")
    assert target.read_text(encoding="utf-8") == "oud" and [p.name for p in target.parent.iterdir()] == ["x.sms.j2"]


@pytest.mark.parametrize("source, words", [
    (FRONT.replace("---#}", "x = " + "[" * 20000 + "]" * 20000 + "\n---#}") + "Hallo\n", "te veel delen in elkaar"),
    (FRONT.replace("---#}", "known_words = 5\n---#}") + "Hallo\n", "Bij 'known_words' hoort een lijst"),
    (FRONT.replace("---#}", "level = [1]\n---#}").replace('level = "A2"\n', "") + "Hallo\n", "A2 of B1"),
    (FRONT.replace("---#}", "one_page = \"ja\"\n---#}") + "Hallo\n", "ja (true) of nee (false)"),
    (FRONT.replace("---#}", "[fields]\nvoornaam = { a = { b = 1 } }\n---#}") + "Hallo\n", "fields.voornaam"),
    (FRONT.replace("---#}", "[choices]\nformaat = [[1], [2]]\n---#}") + "Hallo\n", "choices.formaat"),
    (FRONT.replace("---#}", "css = " + repr([f"x{n}.css" for n in range(600)]).replace("'", '"') + "\n---#}") + "Hallo\n",
     "hoogstens 500"),
    (FRONT + "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}\n", "te veel delen in elkaar"),
])
def test_front_matter_of_any_shape_gets_a_dutch_error_not_a_500(url: str, source: str, words: str) -> None:
    c = _as(url, "Mira Communicatie")
    found = c.post("/sjablonen/volgende-maand/sms/controleren", data={"csrf": csrf(c, EDIT), "bron": source})
    assert found.status_code == 400 and words in found.json()["error"]
    saved = _save(c, source)
    assert saved.status_code == 400 and words in saved.text.replace("&#34;", '"').replace("&#39;", "'")
    assert _versions(url) == []


def test_a_full_disk_when_a_live_version_is_made_ready_gives_a_dutch_error(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from outreach.errors import ContentError

    c = _as(url, "Mira Communicatie")
    assert _save(c, PLAIN).status_code == 303

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    db.use(url)
    with pytest.raises(ContentError) as caught:
        render("volgende-maand", VALUES, variant="sms")
    assert "schijf is vol" in caught.value.message
    monkeypatch.undo()
    assert "ik bel u volgende maand" in render("volgende-maand", VALUES, variant="sms")


def test_the_live_check_shows_the_failing_branch_and_says_so(url: str) -> None:
    c = _as(url, "Mira Communicatie")
    body = '{% if voornaam == "Fatima" %}Hallo {{ voornaam }}, ik bel u.{% else %}' + HARD.split("---#}\n")[1].strip() + "{% endif %}\n"
    found = c.post("/sjablonen/volgende-maand/sms/controleren", data={"csrf": csrf(c, EDIT), "bron": FRONT + body}).json()
    assert found["verdict"]["class"] == "verdict-fail" and "sommige mensen" in found["draft_note"]
    assert "indien" in "".join(piece for piece, _, _ in found["pieces"])
    assert _save(c, FRONT + body).headers["location"].endswith("?concept=1")
