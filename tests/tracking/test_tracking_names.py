"""Names and client numbers compare in one folded form (NFC + casefold), on both backends."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, select, text

from outreach import db, tracking
from outreach.errors import ConflictError
from outreach.tracking.models import Coach, Prospect

HEADER = "klantnummer;voornaam;achternaam;postcode;telefoon\n"


@pytest.mark.parametrize("typed", ["Özlem Yılmaz", "özlem yılmaz", "  Özlem   Yılmaz ", unicodedata.normalize("NFD", "Özlem Yılmaz"), "Özlem"])
def test_a_non_ascii_coach_is_found_however_typed(database_url: str, typed: str) -> None:
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Özlem Yılmaz")
    with db.session(database_url) as s:
        assert tracking.find_coach(s, typed).name == "Özlem Yılmaz"


@pytest.mark.parametrize("again", ["ÖZLEM YILMAZ", "özlem yılmaz", unicodedata.normalize("NFD", "Özlem Yılmaz")])
def test_the_same_coach_in_other_capitals_is_no_new_coach(database_url: str, again: str) -> None:
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Özlem Yılmaz")
    with pytest.raises(ConflictError):
        with db.session(database_url) as s:
            tracking.add_coach(s, tracking.actor(s), again)


def test_client_numbers_ignore_capitals(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + "Q-1;Anna;Test;5038 AB;06-12345601\n", encoding="utf-8")
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Özlem Yılmaz")
        tracking.import_prospects(s, tracking.actor(s), path, coach="ÖZLEM YILMAZ")
    path.write_text(HEADER + "q-1;Anna;Test;5038 AB;06-12345601\nq-2;Bob;Test;5038 AB;06-12345602\nQ-2;Bob;Test;5038 AB;06-12345602\n",
                    encoding="utf-8")
    with db.session(database_url) as s:
        result = tracking.import_prospects(s, tracking.actor(s), path, coach="özlem")
        assert tracking.find_prospect(s, tracking.actor(s), "q-1").client_number == "Q-1"
    assert (result.added, result.unchanged + result.updated, [p.line for p in result.problems]) == (1, 1, [4])
    with db.session(database_url) as s:
        tracking.erase_prospect(s, tracking.actor(s), "q-1")
    path.write_text(HEADER + "q-1;Anna;Test;5038 AB;06-12345601\n", encoding="utf-8")
    with db.session(database_url) as s:
        again = tracking.import_prospects(s, tracking.actor(s), path, coach="Özlem Yılmaz")
    assert again.added == 0 and "gewist" in str(again.problems[0])


def test_the_migration_fills_the_keys(database_url: str) -> None:
    engine = create_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "tracking_0001")
        for i, name in enumerate(["Özlem Yılmaz", "ÖZLEM YILMAZ"], 1):
            conn.execute(text("INSERT INTO tracking_coaches (id, name, working_days, active, created_at) "
                              "VALUES (:i, :n, 'ma', :t, '2026-01-01')"), {"i": i, "n": name, "t": True})
        conn.execute(text("INSERT INTO tracking_prospects (id, client_number, added_on, state, whatsapp, calls, round_calls, "
                          "call_round, approached, reached, had_appointment, declines, version, created_at, updated_at) VALUES "
                          "(1, 'Q-1', '2026-01-01', 'nieuw', :f, 0, 0, 1, :f, :f, :f, 0, 0, '2026-01-01', '2026-01-01')"), {"f": False})
    engine.dispose()
    with db.session(database_url) as s:  # migrates to the heads
        assert list(s.execute(select(Coach.name_key).order_by(Coach.id)).scalars()) == ["özlem yilmaz", "özlem yilmaz#2"]
        assert s.scalar(select(Prospect.client_key)) == "q-1"
        assert tracking.find_coach(s, "özlem YILMAZ").id == 1
