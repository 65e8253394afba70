"""A coach picks a follow-up message on a person's page, sees text, cost and moment, queues it and sees its delivery (issue 18.4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import time_machine
from web_helpers import client, csrf, seed, sign_in

from outreach import db
from outreach.cli import main
from outreach.messaging import Message


@pytest.fixture
def coach(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    c = client(url)
    assert sign_in(c) == 303
    return c, url


def _messages(url: str) -> list[Message]:
    with db.session(url) as s:
        rows = list(s.query(Message).order_by(Message.id))
        for m in rows:
            s.expunge(m)
        return rows


def test_choose_see_and_queue_a_message_then_see_its_delivery(coach, frozen_clock: time_machine.Traveller) -> None:  # type: ignore[no-untyped-def]
    c, url = coach
    person = c.get("/mensen/K-1001").text
    assert 'href="/bericht/K-1001"' in person and "Nog geen berichten." in person
    page = c.get("/bericht/K-1001")
    assert page.status_code == 200 and 'value="volgende-maand.sms"' in page.text
    plan = c.get("/bericht/K-1001", params={"sjabloon": "volgende-maand.sms", "wanneer": "2026-12-12T10:00"})
    text = plan.text
    assert "Hallo Fenna, dank u voor het gesprek. Ik bel u volgende maand nog een keer." in text
    assert "Dit bericht telt als 1 sms." in text
    assert "Het bericht gaat op maandag 14 december 2026 om 9.00." in text  # Saturday 12 December: the window opens on Monday
    assert _messages(url) == []  # looking stores nothing
    response = c.post("/bericht/K-1001", data={"csrf": csrf(c, "/bericht/K-1001"), "sjabloon": "volgende-maand.sms",
                                               "wanneer": "2026-12-12T10:00"})
    assert response.status_code == 303 and response.headers["location"].startswith("/mensen/K-1001?bericht=")
    [queued] = _messages(url)
    assert (queued.template, queued.channel, queued.status, queued.to) == ("volgende-maand", "sms", "queued", "+31612345678")
    person = c.get(response.headers["location"]).text
    assert "Het bericht staat klaar. Het gaat op maandag 14 december 2026 om 9.00." in person
    assert re.search(r'id="bericht-\d+">maandag 14 december 2026 om 9\.00 · sms · klaar om te sturen', person)
    with db.session(url) as s:  # Twilio said: sent, and delivered
        row = s.get(Message, queued.id)
        row.status, row.delivery, row.sent_at = "sent", "delivered", row.send_at
    assert "verstuurd · aangekomen" in c.get("/mensen/K-1001").text
    with db.session(url) as s:
        row = s.get(Message, queued.id)
        row.delivery, row.error_code = "undelivered", "30003"
    assert "De telefoon staat uit" in c.get("/mensen/K-1001").text


def test_a_template_that_needs_more_asks_for_it_and_a_landline_cannot_get_a_message(coach) -> None:  # type: ignore[no-untyped-def]
    c, url = coach
    page = c.get("/bericht/K-1001", params={"sjabloon": "herinnering-afspraak.sms"}).text
    assert 'id="veld-datum"' in page and 'id="veld-plaats"' in page and 'role="alert"' in page  # asked, not guessed
    plan = c.get("/bericht/K-1001", params={"sjabloon": "herinnering-afspraak.sms", "datum": "2026-12-15",
                                            "tijd": "10:00", "plaats": "Stadhuis"}).text
    assert "15 december" in plan and "Stadhuis" in plan
    landline = c.get("/bericht/K-1002", params={"sjabloon": "volgende-maand.sms"}).text
    assert "geen mobiel nummer" in landline
    response = c.post("/bericht/K-1002", data={"csrf": csrf(c, "/bericht/K-1002"), "sjabloon": "volgende-maand.sms"})
    assert response.status_code == 400 and _messages(url) == []
    assert c.get("/bericht/K-2001", params={"sjabloon": "volgende-maand.sms"}).status_code == 404  # another coach's


def test_the_cli_uses_the_same_function(coach, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from outreach.tracking import followups

    c, url = coach
    monkeypatch.setenv("OUTREACH_DATABASE_URL", url)
    calls = []
    real = followups.schedule_message
    monkeypatch.setattr(followups, "schedule_message", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    assert main(["messages", "schedule", "volgende-maand", "--prospect", "K-1001", "--as", "Sanne"]) == 0
    assert calls == ["K-1001"] and "staat klaar" in capsys.readouterr().out


def test_a_message_in_the_persons_language_shows_its_cost_next_to_the_dutch_one(  # type: ignore[no-untyped-def]
        coach, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.messaging import templates
    from outreach.tracking.models import Prospect

    c, url = coach
    from sqlalchemy import update

    with db.session(url) as s:
        s.execute(update(Prospect).where(Prospect.client_number == "K-1001").values(language="ar"))
    monkeypatch.setattr(templates, "translated", lambda session, name, variant, lang:
                        "مرحبا ((voornaam))، شكرا على المحادثة. سأتصل بك الشهر القادم مرة أخرى. ((coach_voornaam))"
                        if (name, variant, lang) == ("volgende-maand", "sms", "ar") else None)
    plan = c.get("/bericht/K-1001", params={"sjabloon": "volgende-maand.sms", "wanneer": "2026-12-12T10:00"}).text
    assert '<p class="checked-text" id="plan-tekst" lang="ar" dir="auto">مرحبا' in plan
    assert "In het Arabisch kost dit bericht 2 sms. In het Nederlands is dat 1 sms." in plan
    response = c.post("/bericht/K-1001", data={"csrf": csrf(c, "/bericht/K-1001"), "sjabloon": "volgende-maand.sms",
                                               "wanneer": "2026-12-12T10:00"})
    assert response.status_code == 303
    [queued] = _messages(url)
    assert (queued.language, queued.language_missing, queued.encoding, queued.segments) == ("ar", None, "UCS-2", 2)
    whatsapp = c.get("/bericht/K-1001", params={"sjabloon": "volgende-maand.whatsapp", "wanneer": "2026-12-12T10:00"}).text
    assert "Dit bericht gaat in het Nederlands. Er is nog geen goedgekeurde versie in het Arabisch." in whatsapp
