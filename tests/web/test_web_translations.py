"""The translation pages: export for a translator, upload checked all or nothing, approval by a second person; the person's language."""

from __future__ import annotations

import html
import sys
from pathlib import Path

from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.documents import translations as tr
from outreach.documents import versions

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "documents"))
from test_translations import ARABIC, BODY, FRONT, translated_xliff  # noqa: E402


def _world(url: str, tmp_path: Path) -> None:
    from outreach.web.users import add_user

    seed(url, tmp_path)
    with db.session(url) as s:
        versions.add(s, "kennismaken", "html", FRONT % "letter" + BODY, versions.PASSING, None, "Mira Communicatie")
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
        add_user(s, "os:test", "Tara Taal", ["taaladviseur"], PASSWORD)
        add_user(s, "os:test", "Bram Beide", ["communicatie", "taaladviseur"], PASSWORD)


def _as(url: str, name: str):  # type: ignore[no-untyped-def]
    c = client(url)
    assert sign_in(c, name) == 303
    return c


def _approve(c, path: str = "/vertalingen/kennismaken/html/ar/goedkeuren"):  # type: ignore[no-untyped-def]
    """Approve from the list page, with the version the page shows (what the reviewer read)."""
    import re

    listing = c.get("/vertalingen").text
    seen = re.search(r'name="versie" value="([0-9a-f]+)"', listing)
    return c.post(path, data={"csrf": csrf(c, "/vertalingen"), "versie": seen.group(1) if seen else ""})


def test_export_upload_and_approve_by_another(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    _world(url, tmp_path)
    studio = _as(url, "Bram Beide")
    exported = studio.get("/vertalingen/bestand?sjabloon=kennismaken.html&taal=Arabisch&formaat=xliff")
    assert exported.status_code == 200 and "kennismaken-ar.xlf" in exported.headers["content-disposition"]
    po = studio.get("/vertalingen/bestand?sjabloon=alle&taal=ti&formaat=po")
    assert po.status_code == 200 and 'msgctxt "kennismaken.html@1#blok-2"' in po.text and "uitnodiging.html@0#titel" in po.text
    token = csrf(studio, "/vertalingen")
    done = studio.post("/vertalingen/inlezen", data={"csrf": token},
                       files={"bestand": ("ar.xlf", translated_xliff(exported.content, ARABIC), "application/xliff+xml")})
    assert done.status_code == 303
    page = studio.get(done.headers["location"]).text
    assert "De vertaling is ingelezen" in page and "concept" in page
    assert "zelf ingelezen" in html.unescape(page) and "goedkeuren-kennismaken-ar" not in page  # not by the importer
    assert studio.post("/vertalingen/kennismaken/html/ar/goedkeuren", data={"csrf": token}).status_code == 409
    reviewer = _as(url, "Tara Taal")
    listing = reviewer.get("/vertalingen").text
    assert ARABIC["blok-2"].replace("((coach_telefoon))", "") .split()[0] in html.unescape(listing)  # side by side
    assert "Bestand voor de vertaler" not in listing  # no export or upload for a reviewer only
    answer = _approve(reviewer)
    assert answer.status_code == 303 and "is goedgekeurd" in reviewer.get(answer.headers["location"]).text
    with db.session(url) as s:
        row = tr.approved(s, "kennismaken", "ar")
        assert row is not None and row.approved_by_name == "Tara Taal"


def test_a_refused_upload_names_the_string_and_stores_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    _world(url, tmp_path)
    studio = _as(url, "Mira Communicatie")
    exported = studio.get("/vertalingen/bestand?sjabloon=kennismaken.html&taal=ar&formaat=xliff").content
    bad = translated_xliff(exported, {**ARABIC, "blok-2": "اتصل بي. حتى ((brief_datum))."})
    answer = studio.post("/vertalingen/inlezen", data={"csrf": csrf(studio, "/vertalingen")},
                         files={"bestand": ("ar.xlf", bad, "application/xliff+xml")})
    text = html.unescape(answer.text)
    assert answer.status_code == 400 and "niets veranderd" in text
    assert "blok-2 ('Bel mij gerust op" in text and "((coach_telefoon)) ontbreekt" in text
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff>&a;</xliff>'
    answer = studio.post("/vertalingen/inlezen", data={"csrf": csrf(studio, "/vertalingen")},
                         files={"bestand": ("ar.xlf", hostile, "application/xliff+xml")})
    assert answer.status_code == 400 and "kunnen wij niet lezen" in html.unescape(answer.text)
    empty = studio.post("/vertalingen/inlezen", data={"csrf": csrf(studio, "/vertalingen")},
                        files={"bestand": ("leeg.xlf", b"", "application/xliff+xml")})
    assert empty.status_code == 400 and "leeg" in html.unescape(empty.text)
    with db.session(url) as s:
        assert tr.listing(s) == []


def test_the_person_language_on_the_page_and_in_the_funnel(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    _world(url, tmp_path)
    coach = _as(url, "Sanne Voorbeeld")
    page = coach.get("/mensen/K-1001").text
    assert 'id="taal"' in page and "geen-vertaling" not in page
    answer = coach.post("/taalkeuze/K-1001", data={"csrf": csrf(coach, "/mensen/K-1001"), "taal": "ar"})
    assert answer.status_code == 303
    page = html.unescape(coach.get(answer.headers["location"]).text)
    assert "De taal is opgeslagen." in page and "geen goedgekeurde uitnodiging in het Arabisch" in page
    assert coach.post("/taalkeuze/K-2001", data={"csrf": csrf(coach, "/mensen/K-1001"), "taal": "ar"}).status_code == 404
    bad = coach.post("/taalkeuze/K-1001", data={"csrf": csrf(coach, "/mensen/K-1001"), "taal": "Klingon"})
    assert bad.status_code == 400 and "Klingon" in html.unescape(bad.text)
    assert "Arabisch" in coach.get("/vandaag").text  # the day's list names the language
    funnel = html.unescape(coach.get("/bereik").text)
    assert "1 persoon spreekt een taal waarin nog geen goedgekeurde uitnodiging is" in funnel
    per = html.unescape(coach.get("/bereik?per=taal").text)
    assert 'Arabisch <span class="muted">(geen goedgekeurde uitnodiging)' in per and "geen taal opgegeven" in per


def test_import_and_approval_are_in_the_trail(tmp_path: Path) -> None:
    from sqlalchemy import select

    from outreach.tracking.models import AuditEntry

    url = f"sqlite:///{tmp_path / 'web.db'}"
    _world(url, tmp_path)
    studio = _as(url, "Mira Communicatie")
    exported = studio.get("/vertalingen/bestand?sjabloon=kennismaken.html&taal=ar&formaat=xliff").content
    studio.post("/vertalingen/inlezen", data={"csrf": csrf(studio, "/vertalingen")},
                files={"bestand": ("ar.xlf", translated_xliff(exported, ARABIC), "application/xliff+xml")})
    reviewer = _as(url, "Tara Taal")
    assert _approve(reviewer).status_code == 303
    with db.session(url) as s:
        trail = [(e.action, e.entity, e.fields) for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "template"))]
    assert trail == [("update", "template", "kennismaken.html,vertaling:ar"), ("approve", "template", "kennismaken.html,vertaling:ar")]


def test_a_text_uploaded_while_the_reviewer_read_is_not_approved_unseen(tmp_path: Path) -> None:
    import re

    url = f"sqlite:///{tmp_path / 'web.db'}"
    _world(url, tmp_path)
    studio = _as(url, "Mira Communicatie")
    exported = studio.get("/vertalingen/bestand?sjabloon=kennismaken.html&taal=ar&formaat=xliff").content
    upload = lambda units: studio.post("/vertalingen/inlezen", data={"csrf": csrf(studio, "/vertalingen")},  # noqa: E731
                                       files={"bestand": ("ar.xlf", translated_xliff(exported, units), "application/xliff+xml")})
    assert upload(ARABIC).status_code == 303
    reviewer = _as(url, "Tara Taal")
    seen = re.search(r'name="versie" value="([0-9a-f]+)"', reviewer.get("/vertalingen").text).group(1)  # type: ignore[union-attr]
    assert upload({**ARABIC, "blok-3": "نص آخر."}).status_code == 303  # meanwhile
    answer = reviewer.post("/vertalingen/kennismaken/html/ar/goedkeuren", data={"csrf": csrf(reviewer, "/vertalingen"),
                                                                                 "versie": seen})
    assert answer.status_code == 409 and "veranderd sinds u haar las" in html.unescape(answer.text)
    with db.session(url) as s:
        assert tr.approved(s, "kennismaken", "ar") is None


def test_an_unknown_language_in_the_list_on_the_web_stops_it_naming_the_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    _world(url, tmp_path)
    from outreach.web.users import add_user

    with db.session(url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
    admin = _as(url, "Bea Beheer")
    rows = ("klantnummer;voornaam;achternaam;postcode;telefoon;coach;taal\n"
            "K-5001;Amal;Een;5038 AB;06-55554441;Sanne Voorbeeld;ar\nK-5002;Bo;Twee;5038 AB;06-55554442;Sanne Voorbeeld;Klingon\n")
    page = html.unescape(admin.post("/beheer/lijst", data={"csrf": csrf(admin, "/beheer/lijst"), "verdeling": "kolom"},
                                    files={"lijst": ("lijst.csv", rows.encode(), "text/csv")}).text)
    assert "Regel 3: 'Klingon' is geen taal die wij kennen." in page and "Er is niets opgeslagen." in page
    with db.session(url) as s:
        from outreach.tracking.models import Prospect

        assert s.query(Prospect).filter(Prospect.client_number.in_(["K-5001", "K-5002"])).count() == 0
