"""Messages in the person's own language: SMS from an approved translation, WhatsApp per Content SID."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from messaging_helpers import ARABIC, ARABIC_SID, LANGUAGES, VALUES, arabic, fake, fake_server, fill  # noqa: F401

from outreach import db
from outreach.messaging import Message, list_messages, send_due
from outreach.messaging.fakeserver import FakeTwilio
from outreach.messaging.models import SENT
from outreach.messaging.previews import preview
from outreach.messaging.segments import sms_segments
from outreach.languages import name as language_name
from outreach.messaging.templates import render
from outreach.texts import t

pytestmark = pytest.mark.usefixtures("fake")


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'outbox.db'}"


def _rows(url: str) -> dict[int, Message]:
    with db.session(url) as s:
        return {m.id: m for m in list_messages(s)}


@pytest.mark.usefixtures("arabic")
def test_sms_in_arabic_goes_once_with_its_own_segment_count(fake: FakeTwilio, url: str) -> None:
    ids = fill(url, 4, languages=LANGUAGES)
    rows = _rows(url)
    dutch, own = [rows[i] for i in ids if rows[i].language is None], [rows[i] for i in ids if rows[i].language == "ar"]
    assert len(dutch) == len(own) == 2
    assert all(r.encoding == "GSM-7" and r.segments == 1 for r in dutch)
    expected = sms_segments(own[0].body)
    assert (expected.encoding, expected.count) == ("UCS-2", 2) and expected.units > 70  # 70 a part, 67 once split
    assert all(r.encoding == "UCS-2" and r.segments == expected.count for r in own)
    assert "اتصلت بك اليوم" in own[0].body and "\u206606 12 34 56 78\u2069" in own[0].body  # number kept left to right
    assert all(r.not_after is not None for r in rows.values())  # "vandaag" of the Dutch text holds for the translation
    assert send_due("twilio", url=url).sent == 4
    creates = fake.creates()
    assert sorted(int(c["outbox"]) for c in creates) == ids  # each exactly once
    for c in creates:
        row = _rows(url)[int(c["outbox"])]
        assert row.status == SENT and c["body"] == row.body and c["segments"] == row.segments
    assert send_due("twilio", url=url).sent == 0 and len(fake.creates()) == 4


@pytest.mark.usefixtures("arabic")
def test_whatsapp_in_arabic_goes_through_its_own_content_template(fake: FakeTwilio, url: str) -> None:
    ids = fill(url, 2, channel="whatsapp", languages=LANGUAGES)
    send_due("twilio", url=url)
    creates = {int(c["outbox"]): c for c in fake.creates()}
    assert sorted(creates) == ids
    rows = _rows(url)
    own = next(i for i in ids if rows[i].language == "ar")
    other = next(i for i in ids if rows[i].language is None)
    assert creates[own]["content_sid"] == ARABIC_SID and creates[other]["content_sid"] != ARABIC_SID
    assert json.loads(creates[own]["content_variables"]) == {"1": "\u2066Fatima\u2069", "2": "\u206606 12 34 56 78\u2069",
                                                             "3": "\u2066Sanne\u2069"}  # left to right in Arabic
    assert rows[own].body == ("مرحبا \u2066Fatima\u2069، اتصلت بك اليوم. اتصل بي: \u206606 12 34 56 78\u2069. "
                              "\u2066Sanne\u2069")  # each value isolated left to right as one piece
    assert rows[own].language_missing is None


def test_without_an_approved_version_the_dutch_message_goes_and_the_row_says_so(
        fake: FakeTwilio, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.messaging import templates

    monkeypatch.setattr(templates, "translated", lambda session, name, variant, lang: None)
    fill(url, 1, channel="sms", languages=("ti",))
    fill(url, 1, start=1, channel="whatsapp", languages=("ar",))  # no content_sid_ar in the built-in template
    send_due("twilio", url=url)
    rows = list(_rows(url).values())
    assert [(r.language, r.language_missing) for r in rows] == [(None, "ti"), (None, "ar")]
    assert all(r.body.startswith("Hallo Fatima") for r in rows) and len(fake.creates()) == 2
    whatsapp = next(c for c in fake.creates() if c["to"].startswith("whatsapp:"))
    assert whatsapp["content_sid"].startswith("HX") and whatsapp["content_sid"] != ARABIC_SID
    assert t("messaging.language.fallback", taal=language_name("ar")).endswith("in het Arabisch.")


def test_a_whatsapp_sid_without_a_translation_still_goes_in_that_language(arabic: None) -> None:
    rendered = render("gemist-gesprek", VALUES, "whatsapp", lang="ar", body=None)
    assert rendered.content_sid == ARABIC_SID and rendered.language == "ar"


def test_preview_shows_the_cost_difference_before_sending() -> None:
    shown = preview("gemist-gesprek", VALUES, "sms", language="ar", body=ARABIC["gemist-gesprek.sms"])
    assert shown.segments is not None and shown.dutch is not None
    assert (shown.segments.encoding, shown.segments.count, shown.dutch.count) == ("UCS-2", 2, 1)
    assert shown.cost_note == t("messaging.language.cost", taal="Arabisch", count=2, dutch=1)
    assert preview("gemist-gesprek", VALUES, "sms").cost_note == ""


@pytest.mark.parametrize(("code", "name"), [("ar", "Arabisch"), ("fa-AF", "Dari"), ("prs", "Dari"), ("uk", "Oekraïens"),
                                            ("ti", "Tigrinya"), ("xx", "xx")])
def test_language_names_are_dutch(code: str, name: str) -> None:
    assert language_name(code) == name


def test_a_translation_with_an_unknown_field_is_refused_in_dutch() -> None:
    from outreach.errors import InputError

    with pytest.raises(InputError) as caught:
        render("gemist-gesprek", VALUES, "sms", lang="pl", body="Dzień dobry ((imie)).")
    assert "imie" in caught.value.message


def test_whatsapp_variables_in_another_language_have_dates_and_times_in_figures(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach import content

    folder = tmp_path / "eigen" / "templates"
    folder.mkdir(parents=True)
    builtin = content.builtin_dir("templates") / "herinnering-afspraak.whatsapp.j2"
    (folder / builtin.name).write_text(builtin.read_text(encoding="utf-8").replace(
        "content_sid = ", 'content_sid_pl = "HX0a1b2c3d4e5f60718293a4b5c6d7e8b2"\ncontent_sid = ', 1), encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(folder.parent))
    values = {**VALUES, "datum": "2026-11-26", "tijd": "10:00", "plaats": "bij u thuis"}
    polish = render("herinnering-afspraak", values, "whatsapp", lang="pl")
    dutch = render("herinnering-afspraak", values, "whatsapp")
    assert polish.content_sid == "HX0a1b2c3d4e5f60718293a4b5c6d7e8b2" and polish.content_variables is not None
    assert (polish.content_variables["2"], polish.content_variables["3"]) == ("26-11-2026", "10.00")
    assert dutch.content_variables is not None and dutch.content_variables["2"] == "donderdag 26 november"
