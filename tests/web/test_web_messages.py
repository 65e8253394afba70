"""The Berichten page says when a message goes, and when a sent one went."""

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
    assert "Gaat weg op: 02-12-2026" in queued and "Verstuurd op" not in queued
    frozen_clock.shift(timedelta(hours=3))  # 13.00: the follow-up is due and goes
    report = messaging.send_due(backend="file", url=url, directory=tmp_path / "verstuurd")
    assert report.sent == 1
    sent = c.get("/berichten").text
    assert re.search(r"Verstuurd op: 02-12-2026 13\.0\d", sent), sent
    assert "Gaat weg op" not in sent
