"""A coach's change that meets a locked database: a Dutch "probeer het zo nog eens", nothing half-stored; imports lock briefly."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from web_helpers import client, csrf, seed, sign_in

from outreach import db


def _count(url: str, table: str) -> int:
    with db.session(url) as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


def test_a_change_that_meets_a_locked_database_says_try_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "BUSY_SECONDS", 1)  # the engine of this new URL waits 1 s, not 30
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    c = client(url)
    assert sign_in(c) == 303
    token = csrf(c, "/mensen/K-1001")
    holder = sqlite3.connect(tmp_path / "web.db", timeout=1)
    holder.execute("BEGIN IMMEDIATE")  # another writer (a long import) holds the write lock
    try:
        response = c.post("/poging/K-1001", data={"csrf": token, "uitkomst": "geen-gehoor", "kanaal": "bellen",
                                                  "notitie": "Fenna niet thuis"})
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert "Probeer het zo nog eens" in response.text and "Fenna" not in response.text
    assert _count(url, "tracking_attempts") == 0 and _count(url, "messaging_outbox") == 0  # nothing half-stored
    again = c.post("/poging/K-1001", data={"csrf": token, "uitkomst": "geen-gehoor", "kanaal": "bellen"})
    assert again.status_code == 303 and _count(url, "tracking_attempts") == 1


def test_is_busy_knows_the_lock_errors_of_both_databases() -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError

    class Orig(Exception):
        sqlstate = "55P03"

    assert db.is_busy(OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked")))
    assert db.is_busy(OperationalError("UPDATE x", {}, Orig("lock not available")))
    assert not db.is_busy(IntegrityError("INSERT x", {}, sqlite3.IntegrityError("UNIQUE constraint failed")))
    assert not db.is_busy(ValueError("database is locked"))


def test_an_import_checks_its_rows_before_it_takes_the_write_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the rows of a list are being checked, a coach can still store a change."""
    from outreach import tracking
    from outreach.tracking import importer
    from outreach.tracking.service import Actor

    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    rows = "klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon\n" + "".join(
        f"K-9{i:03d};Naam{i};Test;Laan {i};5038 AB;Tilburg;Noord;06-1234{i:04d}\n" for i in range(50))
    (tmp_path / "groot.csv").write_text(rows, encoding="utf-8")
    checking, go_on = threading.Event(), threading.Event()
    real = importer._clean

    def slow_clean(values: dict[str, str]) -> dict[str, object]:
        checking.set()
        go_on.wait(30)  # the list is still being checked...
        return real(values)

    monkeypatch.setattr(importer, "_clean", slow_clean)
    done: list[object] = []

    def run_import() -> None:
        with db.session(url) as s:
            done.append(tracking.import_prospects(s, Actor("os:test"), tmp_path / "groot.csv", assign="round-robin"))

    worker = threading.Thread(target=run_import)
    worker.start()
    assert checking.wait(30)
    c = client(url)
    assert sign_in(c) == 303  # ...and a coach logs a call meanwhile: no wait for the import
    token = csrf(c, "/mensen/K-1001")
    response = c.post("/poging/K-1001", data={"csrf": token, "uitkomst": "geen-gehoor", "kanaal": "bellen"})
    go_on.set()
    worker.join(60)
    assert response.status_code == 303
    assert done and done[0].added == 50  # type: ignore[attr-defined]


def test_the_import_page_says_that_a_big_list_keeps_coaches_waiting(tmp_path: Path) -> None:
    from web_helpers import signed_in_user

    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path, "Bea Beheer", ("beheer",))
    assert "tellen niets bewaren" in c.get("/beheer/lijst").text


def test_the_checker_meets_a_locked_database_with_a_dutch_429(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The throttle's counts live in the database: while an import holds the lock, a check is "erg druk", not a 500."""
    monkeypatch.setattr(db, "BUSY_SECONDS", 1)
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    c = client(url)
    token = csrf(c, "/controleren")
    holder = sqlite3.connect(tmp_path / "web.db", timeout=1)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = c.post("/controleren", data={"csrf": token, "tekst": "Bel ons."})
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 429 and "erg druk" in response.text
    assert c.post("/controleren", data={"csrf": token, "tekst": "Bel ons."}).status_code == 200
