"""An erased person is gone from the disk: database file, its WAL, the file backend and the opt-out list."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from clock_helpers import earlier
import time_machine
from sqlalchemy import select

from outreach import clock, config, db, messaging, tracking
from outreach.messaging.models import OptOut

NAME = "Zwaantje Uniekenaam"
NOTE = "Belt liever na de Voorjaarsmarktdag"
MOBILE = "+31612345601"
MONDAY = datetime(2026, 3, 2, 10, 30, tzinfo=clock.zone())


def files_with(folder: Path, secret: bytes) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and secret in p.read_bytes())


@time_machine.travel(MONDAY, tick=False)
def test_erasure_leaves_nothing_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    folder = config.data_dir()
    url = f"sqlite:///{folder / 'outreach.db'}"
    lijst = tmp_path / "lijst.csv"
    lijst.write_text(f"klantnummer;voornaam;achternaam;postcode;mobiel;taal\nK-1;{NAME.split()[0]};{NAME.split()[1]};5038 AB;06-12345601;Turks\n",
                     encoding="utf-8")
    with earlier(), db.session(url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld", phone="06-12345699")
        tracking.import_prospects(s, tracking.actor(s), lijst, coach="Sanne")
    with db.session(url) as s:
        tracking.log_attempt(s, tracking.actor(s), "K-1", "flyer-bezorgd", at=clock.now() - timedelta(days=5))
        tracking.log_attempt(s, tracking.actor(s), "K-1", "geen-gehoor", at=clock.now() - timedelta(minutes=5), note=NOTE)
    assert messaging.send_due(backend="file", url=url).sent == 1
    with db.session(url) as s:
        s.add(OptOut(number_hash=hashlib.sha256(MOBILE.encode()).hexdigest(), keyword="STOP", created_at=clock.utcnow()))
    web_server = sqlite3.connect(folder / "outreach.db")  # holds the database open, as `outreach web serve` does
    web_server.execute("SELECT count(*) FROM tracking_prospects").fetchall()
    for secret in (NAME.split()[1].encode(), NOTE.encode(), MOBILE.encode()):
        assert files_with(folder, secret), secret  # there before
    with db.session(url) as s:
        tracking.erase_prospect(s, tracking.actor(s), "K-1")
    for secret in (NAME.split()[1].encode(), NOTE.encode(), MOBILE.encode(), MOBILE[1:].encode()):
        assert files_with(folder, secret) == [], secret
    with db.session(url) as s:
        hashes = s.scalars(select(OptOut.number_hash)).all()
        assert hashes and hashlib.sha256(MOBILE.encode()).hexdigest() not in hashes  # keyed now: no number to try
        assert messaging.is_opted_out(s, MOBILE)
    web_server.close()
    with db.engine(url).connect() as conn:  # set by us, not left to how SQLite was built
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


@time_machine.travel(MONDAY, tick=False)
def test_the_export_holds_the_opt_out_and_the_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lijst = tmp_path / "lijst.csv"
    lijst.write_text("klantnummer;voornaam;postcode;mobiel\nK-1;Zwaantje;5038 AB;06-12345601\n", encoding="utf-8")
    with earlier(), db.session() as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld", phone="06-12345699")
        tracking.import_prospects(s, tracking.actor(s), lijst, coach="Sanne")
    with db.session() as s:
        tracking.log_attempt(s, tracking.actor(s), "K-1", "flyer-bezorgd", at=clock.now() - timedelta(days=5))
        tracking.log_attempt(s, tracking.actor(s), "K-1", "geen-gehoor", at=clock.now() - timedelta(minutes=5))
        messaging.opt_out(s, MOBILE, "STOP")
    with db.session() as s:
        data = tracking.export_prospect(s, tracking.actor(s), "K-1")
    stop = data["wil geen berichten"]
    assert stop == [{"nummer": MOBILE, "woord": "STOP", "sinds": stop[0]["sinds"]}]
    assert [m["bericht"] for m in data["berichten"]] == ["gemist-gesprek"] and data["berichten"][0]["stand"] == "cancelled"
