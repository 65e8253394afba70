"""A literacy adviser marks one finding of one template version as "not applicable here" (web/waivers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient
from template_samples import FRONT
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.documents import drafts
from outreach.readability import check

EDIT = "/sjablonen/volgende-maand/sms/bewerken"
WAIVE = "/goedkeuren/volgende-maand/sms/niet-van-toepassing"
SOURCE = FRONT + "Hallo {{ voornaam }}, het CAK belt u medio oktober. Groet, {{ coach_voornaam }}\n"


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


def _source(url: str) -> str:
    with db.session(url) as s:
        return drafts.editable_source(s, "volgende-maand", "sms")


def _as(url: str, name: str) -> TestClient:
    c = client(url)
    assert sign_in(c, name) == 303
    return c


def test_a_waived_finding_counts_for_nothing() -> None:
    text = "Hallo Fatima, het CAK belt u medio oktober. Groet, Sanne"
    before = check(text, level="A2", kind="sms")
    cak = next(f for f in before.findings if f.rule == "abbreviation")
    after = check(text, level="A2", kind="sms", waived={(cak.rule, cak.start, cak.end): "Iedereen hier kent het CAK."})
    assert before.verdict == "fail" and after.verdict != "fail"
    assert cak not in after.findings
    assert after.waived == [{**cak.to_dict(), "reason": "Iedereen hier kent het CAK."}]
    assert after.to_dict()["waived"][0]["reason"] == "Iedereen hier kent het CAK."


def test_the_adviser_waives_a_finding_and_the_version_no_longer_fails(url: str) -> None:
    from outreach.web.waivers import FindingWaiver

    mira = _as(url, "Mira Communicatie")
    mira.post(EDIT, data={"csrf": csrf(mira, EDIT), "bron": SOURCE, "actie": "opslaan"})
    source = _source(url)
    assert drafts.check("volgende-maand", "sms", source).fails  # kept as a draft
    cak = next(f for f in drafts.check("volgende-maand", "sms", source).report.findings if f.rule == "abbreviation")
    tara = _as(url, "Tara Taal")
    page = tara.get("/goedkeuren")
    assert "Geldt hier niet" in page.text and 'class="verdict-fail"' in page.text
    form = {"csrf": csrf(tara, "/goedkeuren"), "versie": drafts.digest(source), "regel": cak.rule,
            "begin": str(cak.start), "eind": str(cak.end), "reden": "Iedereen in de wijk kent het CAK."}
    response = tara.post(WAIVE, data=form)
    assert response.status_code == 303 and response.headers["location"].endswith("niet_van_toepassing=1")
    with db.session(url) as s:
        rows = list(s.scalars(select(FindingWaiver)))
    assert [(r.template, r.variant, r.source_hash, r.rule, r.reason) for r in rows] == [
        ("volgende-maand", "sms", drafts.digest(source), "abbreviation", "Iedereen in de wijk kent het CAK.")]
    page = tara.get("/goedkeuren?niet_van_toepassing=1")
    assert "Punten die hier niet gelden" in page.text and "Reden: Iedereen in de wijk kent het CAK." in page.text
    assert 'class="verdict-fail"' not in page.text  # the approval needs no override for it


@pytest.mark.parametrize(("change", "message"), [
    ({"reden": "  "}, "Vul een reden in"),
    ({"versie": "0" * 64}, "veranderd"),
    ({"begin": "1", "eind": "2"}, "Dit punt staat niet meer in de tekst."),
    ({"begin": "-1"}, "Dit punt staat niet meer in de tekst."),
])
def test_a_wrong_waiver_stores_nothing_and_says_why(url: str, change: dict[str, str], message: str) -> None:
    from outreach.web.waivers import FindingWaiver

    mira = _as(url, "Mira Communicatie")
    mira.post(EDIT, data={"csrf": csrf(mira, EDIT), "bron": SOURCE, "actie": "opslaan"})
    source = _source(url)
    cak = next(f for f in drafts.check("volgende-maand", "sms", source).report.findings if f.rule == "abbreviation")
    tara = _as(url, "Tara Taal")
    form = {"csrf": csrf(tara, "/goedkeuren"), "versie": drafts.digest(source), "regel": cak.rule,
            "begin": str(cak.start), "eind": str(cak.end), "reden": "Kent iedereen.", **change}
    response = tara.post(WAIVE, data=form)
    assert response.status_code == 400 and message in response.text
    with db.session(url) as s:
        assert list(s.scalars(select(FindingWaiver))) == []


def test_a_coach_cannot_waive(url: str) -> None:
    coach = _as(url, "Mira Communicatie")
    response = coach.post(WAIVE, data={"csrf": csrf(coach, EDIT), "versie": "x", "regel": "x", "begin": "1",
                                       "eind": "2", "reden": "x"})
    assert response.status_code in (403, 404)
