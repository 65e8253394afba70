"""Undo on the web: a CSRF-checked button, refused in Dutch after 15 minutes, on both backends."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from web_helpers import client, seed, sign_in

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def _token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_undo_button_works_for_a_quarter_then_says_why_not(database_url: str, tmp_path: Path) -> None:
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        seed(database_url, tmp_path)
        c = client(database_url)
        assert sign_in(c) == 303
        token = _token(c.get("/mensen/K-1001").text)
        for _ in range(2):
            saved = c.post("/poging/K-1001", data={"csrf": token, "uitkomst": "geen-gehoor"})
            page = c.get(saved.headers["location"])
            action = re.search(r'action="(/pogingen/\d+/wissen)"', page.text).group(1)  # type: ignore[union-attr]
            assert "klaar" in page.text and "Wissen kan tot 10.15" in page.text
            assert c.post(action, data={"klant": "K-1001"}).status_code == 403  # no CSRF token
            other = client(database_url)
            assert sign_in(other, "Ahmed Demo") == 303
            assert other.post(action, data={"csrf": _token(other.get("/vandaag").text), "klant": "K-1001"}).status_code == 404
            if _ == 0:
                done = c.post(action, data={"csrf": token, "klant": "K-1001"})
                assert done.status_code == 303 and "gewist" in c.get(done.headers["location"]).text
        traveller.shift(timedelta(minutes=16))
        assert "Wissen kan tot" not in c.get(saved.headers["location"]).text
        refused = c.post(action, data={"csrf": token, "klant": "K-1001"})
        assert refused.status_code == 409 and "Wissen kan niet meer" in refused.text
