"""Issue 19, versions and approval: view, compare and restore versions; every letter and message records its version.

The letters are real PDFs read back with pypdf; the web app runs through Starlette's TestClient.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient
from template_samples import FRONT, HARD, PLAIN, VALUES
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db

LETTER = "/sjablonen/uitnodiging/html/bewerken"
SMS = "/sjablonen/volgende-maand/sms/bewerken"
OLD_SENTENCE = "Ik wil graag kennis met u maken."
NEW_SENTENCE = "Ik wil u graag leren kennen."
UNCHECKED = "We konden deze tekst niet controleren. Er zit een fout in. Herstel eerst de fout."
MERGE_CSV = ("klantnummer;naam;aanhef;adres;postcode;woonplaats\n"
             "M-1;mevrouw A. Eerste;Beste mevrouw Eerste;Laan 1;5038 AB;Tilburg\n"
             "M-2;de heer B. Tweede;Beste meneer Tweede;Laan 2;5038 AB;Tilburg\n")


def _site(database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from outreach.web.users import add_user

    (tmp_path / "eigen" / "templates").mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    seed(database, tmp_path)
    with db.session(database) as s:
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
        add_user(s, "os:test", "Tara Taal", ["taaladviseur"], PASSWORD)
    db.use(database)
    return database


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """SQLite: most tests here are about rendering, not the database."""
    return _site(f"sqlite:///{tmp_path / 'versies.db'}", tmp_path, monkeypatch)


@pytest.fixture
def both(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """SQLite and real PostgreSQL: the restore's one transaction on both."""
    return _site(database_url, tmp_path, monkeypatch)


def _as(url: str, name: str) -> TestClient:
    c = client(url)
    assert sign_in(c, name) == 303
    return c


def _save(c: TestClient, path: str, source: str, note: str = "") -> str:
    response = c.post(path, data={"csrf": csrf(c, path), "bron": source, "actie": "opslaan", "versie_notitie": note})
    assert response.status_code == 303, response.text[-2000:]
    return response.headers["location"]


def _builtin(name: str, variant: str) -> str:
    from outreach.documents import drafts

    source = drafts.builtin_source(name, variant)
    assert source is not None
    return source


def _letter() -> tuple[str, dict[str, str]]:
    """The text and metadata of the invitation letter made now for its sample person."""
    from pypdf import PdfReader

    from outreach.documents import load_template, render

    template = load_template("uitnodiging", "html")
    reader = PdfReader(io.BytesIO(render(template, template.fields)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return text, {k: str(v) for k, v in (reader.metadata or {}).items()}


def _edited_letter(url: str) -> TestClient:
    """Version 1: the built-in letter; version 2: one sentence changed (both meet the level, so live)."""
    c = _as(url, "Mira Communicatie")
    source = _builtin("uitnodiging", "html")
    assert OLD_SENTENCE in source
    _save(c, LETTER, source, "Zoals het was")
    assert _save(c, LETTER, source.replace(OLD_SENTENCE, NEW_SENTENCE), "Korter").endswith("?opgeslagen=1")
    return c


def test_the_word_comparison_marks_only_the_changed_words() -> None:
    from outreach.documents.compare import MAX_PAIRS, words

    old, new = words("Ik bel u morgen.\n\nGroet, Sanne\n", "Ik bel u volgende week.\n\nGroet, Sanne\n")
    assert "".join(p for p, m in old if m == "del").split() == ["morgen."]
    assert "".join(p for p, m in new if m == "ins").split() == ["volgende", "week."]
    assert "".join(p for p, _ in old) == "Ik bel u morgen.\n\nGroet, Sanne\n"  # nothing lost, nothing added
    assert "".join(p for p, _ in new) == "Ik bel u volgende week.\n\nGroet, Sanne\n"
    huge_old, huge_new = " ".join(["a"] * 3000), " ".join(["b"] * 3000)  # a hostile pair: marked as a whole, bounded
    assert 3000 * 3000 > MAX_PAIRS
    left, right = words(huge_old, huge_new)
    assert left == [(huge_old, "del")] and right == [(huge_new, "ins")]
    many_old, many_new = "x\ny\n" * 25000, "y\nx\n" * 25000  # 50,000 short lines: difflib alone takes minutes
    left, right = words(many_old, many_new)
    assert "".join(p for p, _ in left) == many_old and "".join(p for p, _ in right) == many_new
    assert left == [(many_old, "del")] and right == [(many_new, "ins")]  # past the bound: marked as a whole
    same = "Regel\n" * 30000
    left, right = words(same + "Een oud woord.\n" + same, same + "Een nieuw woord.\n" + same)  # the same ends: cheap
    assert [p for p, m in left if m] == ["oud "] and [p for p, m in right if m] == ["nieuw "]


def test_restore_then_a_letter_has_the_old_text_and_records_the_new_version(both: str) -> None:
    url = both
    from outreach.documents import versions
    from outreach.tracking.models import AuditEntry

    c = _edited_letter(url)
    text, meta = _letter()
    assert NEW_SENTENCE in text and OLD_SENTENCE not in text and meta["/OutreachTemplateVersion"] == "3"  # file: 1
    listing = c.get("/sjablonen/uitnodiging/html/versies")
    assert listing.status_code == 200 and "Versies van Kennismaken met uw coach" in listing.text
    assert "Korter" in listing.text and "Zoals het was" in listing.text
    one = c.get("/sjablonen/uitnodiging/html/versies/2")
    assert one.status_code == 200 and OLD_SENTENCE in one.text and "{%" not in one.text  # rendered, not source
    restored = c.post("/sjablonen/uitnodiging/html/versies/2/terugzetten",
                      data={"csrf": csrf(c, "/sjablonen/uitnodiging/html/versies/2")})
    assert restored.status_code == 303 and restored.headers["location"].endswith("/versies?teruggezet=4")
    assert "De oude tekst staat nu in versie 4." in c.get(restored.headers["location"]).text
    text, meta = _letter()
    assert OLD_SENTENCE in text and NEW_SENTENCE not in text
    assert meta["/OutreachTemplateVersion"] == "4" and meta["/Subject"] == "Kennismaken met uw coach, versie 4"
    from outreach.documents import load_template, render

    template = load_template("uitnodiging", "html")
    page = str(render(template, template.fields, format="html"))  # the HTML letter records it too
    assert '<meta name="OutreachTemplateVersion" content="4">' in page and OLD_SENTENCE in page
    with db.session(url) as s:
        rows = [(r.number, r.note, r.author) for r in reversed(versions.history(s, "uitnodiging", "html"))]
        entries = [(a.action, a.entity_id, a.fields) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "restore"))]
        newest = versions.newest(s, "uitnodiging", "html")
        assert newest is not None
        newest_id = newest.id
    assert rows[-1] == (4, "De tekst van versie 2 is weer in gebruik.", "Mira Communicatie")
    assert entries == [("restore", newest_id, "uitnodiging.html,2")]


def test_a_restore_that_fails_changes_nothing_and_a_missing_version_is_404(both: str,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    url = both
    from outreach.documents import drafts, versions

    c = _as(url, "Mira Communicatie")
    _save(c, SMS, PLAIN)
    _save(c, SMS, PLAIN.replace("volgende maand", "later"))
    token = csrf(c, "/sjablonen/volgende-maand/sms/versies")
    assert c.post("/sjablonen/volgende-maand/sms/versies/9/terugzetten", data={"csrf": token}).status_code == 404
    assert c.get("/sjablonen/volgende-maand/sms/versies/9").status_code == 404
    assert c.post("/sjablonen/volgende-maand/sms/versies/1/terugzetten", data={"csrf": "fout"}).status_code == 403

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr("outreach.tracking.service.audit", crash)
    with pytest.raises(OSError), db.session(url) as s:  # the version and its audit entry: one transaction
        drafts.restore(s, "volgende-maand", "sms", 2, None, "Mira", "Mira")
    with db.session(url) as s:
        assert [r.number for r in versions.history(s, "volgende-maand", "sms")] == [3, 2]


def test_comparing_two_versions_shows_rendered_words_marked_and_both_verdicts(url: str) -> None:
    c = _as(url, "Mira Communicatie")
    _save(c, SMS, PLAIN)
    _save(c, SMS, HARD)
    page = c.get("/sjablonen/volgende-maand/sms/versies?van=2&naar=3").text
    plain = re.sub(r"<[^>]+>", "", page)
    assert "Hallo Fatima" in plain and "Geachte Fatima" in plain and "{{" not in page  # sample values, not source
    assert re.search(r"<del>[^<]*Hallo", page) and re.search(r"<ins>[^<]*indien", page)
    verdicts = dict(re.findall(r'<p class="(verdict-[a-z]+)" data-side="(old|new)">', page)[i][::-1] for i in range(2))
    assert verdicts == {"old": "verdict-pass", "new": "verdict-fail"}
    wrong = c.get("/sjablonen/volgende-maand/sms/versies?van=1&naar=77")
    assert wrong.status_code == 400 and "Kies twee versies die bestaan." in wrong.text
    assert c.get("/sjablonen/volgende-maand/sms/versies?van=x&naar=../1").status_code == 200  # ignored, not a 500


def test_the_approval_page_shows_the_title_both_texts_in_words_and_both_verdicts(url: str) -> None:
    editor = _as(url, "Mira Communicatie")
    _save(editor, SMS, PLAIN)  # live: what letters use now
    _save(editor, SMS, HARD)  # a draft waiting for the adviser
    queue = _as(url, "Tara Taal").get("/goedkeuren").text
    assert '<h2 id="kop-1">Ik bel volgende maand</h2>' in queue and ".sms.j2" not in queue
    assert "De tekst die nu in gebruik is" in queue and "De nieuwe tekst" in queue
    old = queue.split('data-text="old">', 1)[1].split("</div>", 1)[0]
    new = queue.split('data-text="new">', 1)[1].split("</div>", 1)[0]
    assert "ik bel u volgende maand" in re.sub(r"<[^>]+>", "", old) and "<del>" in old and "<ins>" not in old
    assert "indien" in new and "<ins>" in new and "<del>" not in new
    assert re.search(r'<p class="verdict-pass" data-side="old">', queue)
    assert re.search(r'<p class="verdict-fail" data-side="new">', queue)
    assert "@@" not in queue and "{{" not in queue and 'class="diff"' not in queue


def test_after_a_template_error_no_old_verdict_stays(url: str) -> None:
    c = _as(url, "Mira Communicatie")
    page = c.post(SMS, data={"csrf": csrf(c, SMS), "bron": FRONT + "Hallo {{ voornaam }\n", "actie": "controleren"}).text
    verdict = re.search(r'<p id="oordeel" class="([^"]*)"[^>]*>([^<]*)</p>', page)
    assert verdict and verdict.group(1) == "verdict-unknown"
    assert verdict.group(2) == UNCHECKED
    assert "voldoet" not in verdict.group(2) and "Haalt" not in verdict.group(2)


def test_a_mail_merge_records_the_template_version_in_the_joined_pdf(url: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from outreach.documents import load_template, merge

    _edited_letter(url)
    data = tmp_path / "lijst.csv"
    data.write_text(MERGE_CSV, encoding="utf-8")
    template = load_template("uitnodiging", "html")
    constants = {k: v for k, v in template.fields.items() if k not in ("naam", "aanhef", "adres", "postcode", "woonplaats")}
    out = tmp_path / "samen.pdf"
    result = merge(template, data, constants, out=out, worker_count=1)
    assert not result.skipped
    reader = PdfReader(out)
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    assert meta["/OutreachTemplate"] == "uitnodiging" and meta["/OutreachTemplateVersion"] == "3"
    assert "uitnodiging-3" in meta["/Keywords"] and meta["/Subject"].endswith("versie 3")
    assert reader.xmp_metadata is not None and "versie 3" in str(reader.xmp_metadata.dc_description)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert text.count(NEW_SENTENCE) == 2 and "Eerste" in text and "Tweede" in text


def test_a_built_in_letter_and_flyer_record_version_1_as_the_listen_page_counts(url: str) -> None:
    from pypdf import PdfReader

    from outreach.documents import load_template, render

    _, meta = _letter()
    assert meta["/OutreachTemplate"] == "uitnodiging" and meta["/OutreachTemplateVersion"] == "1"
    assert meta["/Subject"] == "Kennismaken met uw coach, versie 1"
    flyer = load_template("flyer", "html")
    info = PdfReader(io.BytesIO(render(flyer, flyer.fields))).metadata or {}
    assert (str(info["/OutreachTemplate"]), str(info["/OutreachTemplateVersion"])) == ("flyer", "1")
    assert str(info["/Keywords"]) == "flyer-1"  # the listen page's slug: the same name and number


def test_a_queued_message_records_the_template_version_it_was_made_from(url: str) -> None:
    from datetime import datetime, timezone

    from outreach import messaging
    from outreach.messaging.models import Message

    c = _as(url, "Mira Communicatie")
    _save(c, SMS, PLAIN)
    _save(c, SMS, PLAIN.replace("volgende maand", "in de zomer"))
    due = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)
    with db.session(url) as s:
        row = messaging.schedule(s, prospect_id=1, purpose="volgende-maand:test", template="volgende-maand",
                                 channel="sms", to="0612345678", values=VALUES, due_at=due)
        assert row is not None
        message_id = row.id
    with db.session(url) as s:
        stored = s.get(Message, message_id)
        assert stored is not None and stored.template_version == 3 and "in de zomer" in stored.body


def test_a_broken_template_in_the_queue_shows_no_verdict_for_its_text(url: str, tmp_path: Path) -> None:
    (tmp_path / "eigen" / "templates" / "volgende-maand.sms.j2").write_text(FRONT + "Hallo {{ voornaam }\n",
                                                                             encoding="utf-8")
    queue = _as(url, "Tara Taal").get("/goedkeuren").text
    assert '<h2 id="kop-1">Ik bel volgende maand</h2>' in queue  # the title of the text it replaces
    new = re.search(r'<p class="([^"]+)" data-side="new">([^<]+)</p>', queue)
    assert new and new.groups() == ("verdict-unknown", UNCHECKED)
    assert re.search(r'<p class="verdict-pass" data-side="old">', queue)  # the built-in text still checks
    assert "Regel 6" in queue and "Traceback" not in queue
