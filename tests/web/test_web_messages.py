"""The Berichten page says when a message goes, and when a sent one went; no follow-up without the coach's number."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from web_helpers import client, csrf, seed, sign_in

from outreach import messaging


@pytest.mark.instant("weekday-morning")
def test_a_sent_message_says_when_it_went(tmp_path: Path, frozen_clock: time_machine.Traveller,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'outreach.db'}"
    seed(url, tmp_path)
    c = client(url)
    assert sign_in(c) == 303
    assert c.post("/poging/K-1001", data={"csrf": csrf(c, "/mensen/K-1001"), "uitkomst": "geen-gehoor"}).status_code == 303
    queued = c.get("/berichten").text
    assert "Gaat weg op: woensdag 2 december 2026 om " in queued and "Verstuurd op" not in queued
    frozen_clock.shift(timedelta(hours=3))  # 13.00: the follow-up is due and goes
    report = messaging.send_due(backend="file", url=url, directory=tmp_path / "verstuurd")
    assert report.sent == 1
    sent = c.get("/berichten").text
    assert re.search(r"Verstuurd op: woensdag 2 december 2026 om 13\.0\d", sent), sent
    assert "Gaat weg op" not in sent


def test_coach_without_a_phone_is_told_why_no_message_was_queued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach import db, tracking
    from outreach.tracking.service import Actor
    from outreach.web.accounts import set_password
    from web_helpers import PASSWORD

    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    url = f"sqlite:///{tmp_path / 'outreach.db'}"
    seed(url, tmp_path)
    (tmp_path / "nog.csv").write_text("klantnummer;voornaam;achternaam;postcode;telefoon\nK-3001;Piet;Proef;5038 AB;06-12345699\n",
                                      encoding="utf-8")
    with db.session(url) as s:
        coach = tracking.add_coach(s, Actor("os:test"), "Noor Zondernummer")  # no phone, no WhatsApp
        s.flush()
        set_password(s, coach.id, PASSWORD)
    with db.session(url) as s:
        tracking.import_prospects(s, Actor("os:test"), tmp_path / "nog.csv", coach="Noor Zondernummer")
    c = client(url)
    assert sign_in(c, "Noor Zondernummer") == 303
    saved = c.post("/poging/K-3001", data={"csrf": csrf(c, "/mensen/K-3001"), "uitkomst": "geen-gehoor"})
    assert saved.status_code == 303
    page = c.get(saved.headers["location"]).text
    assert "Er is geen bericht klaargezet. Het telefoonnummer van coach Noor Zondernummer ontbreekt." in page
    assert "Vraag iemand van Beheer om het nummer in te vullen bij Coaches." in page
    assert "outreach coaches" not in page and "--phone" not in page  # the web's own words, no command line
    with db.session(url) as s:  # the attempt itself is logged
        assert len(tracking.prospect_history(s, Actor("os:test"), "K-3001").attempts) == 1
    assert 'id="bericht-' not in c.get("/berichten").text
    assert "geen bericht klaargezet" not in c.get("/mensen/K-3001").text  # only right after logging


def test_the_persons_page_says_when_a_message_goes_in_dutch_for_want_of_a_translation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    from sqlalchemy import select

    from outreach import db
    from outreach.messaging import templates
    from outreach.tracking.models import Prospect

    monkeypatch.setattr(templates, "translated", lambda session, name, variant, lang:
                        "مرحبا ((voornaam))، اتصلت بك اليوم. ((coach_telefoon))" if lang == "ar" else None)
    url = f"sqlite:///{tmp_path / 'outreach.db'}"
    seed(url, tmp_path)
    values = {"voornaam": "Fenna", "coach_voornaam": "Sanne", "coach_telefoon": "06 11 11 22 22"}
    with db.session(url) as s:
        fenna, ilse = (s.scalar(select(Prospect.id).where(Prospect.client_number == ref)) for ref in ("K-1001", "K-2001"))
        for prospect, lang in ((fenna, "ti"), (ilse, "ar")):
            assert messaging.schedule(s, prospect_id=prospect, purpose="gemist-gesprek:1", template="gemist-gesprek",
                                      channel="sms", to="06-12345678", values=values,
                                      due_at=datetime(2026, 12, 2, 10, 0), language=lang) is not None
    c = client(url)
    assert sign_in(c) == 303
    page = c.get("/mensen/K-1001").text
    assert "Dit bericht gaat in het Nederlands. Er is nog geen goedgekeurde versie in het Tigrinya." in page
    assert sign_in(c, "Ahmed Demo") == 303
    other = c.get("/mensen/K-2001").text
    assert '<q lang="ar" dir="auto">مرحبا' in other and "goedgekeurde versie" not in other
