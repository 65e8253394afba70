"""The database layer: both backends start, migrate and take a transaction."""

from __future__ import annotations

from sqlalchemy import text

from outreach import db


def test_engine_migrates_and_runs_a_query(database_url: str) -> None:
    with db.session(database_url) as s:
        assert s.execute(text("SELECT 1")).scalar() == 1


def test_sqlite_uses_wal(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with db.engine(url).connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
