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
