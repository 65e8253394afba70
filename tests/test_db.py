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


def test_processes_starting_at_once_migrate_a_new_postgresql_database_once(postgres_url: str) -> None:
    """Web workers and `outreach worker` start together: the advisory lock lets one migrate, the others wait and find it done."""
    import threading

    from sqlalchemy import create_engine, inspect

    engines = [create_engine(postgres_url) for _ in range(3)]  # as three processes would have
    start, failed = threading.Barrier(3), []

    def migrate(eng: object) -> None:
        start.wait()
        try:
            db.migrate(eng)  # type: ignore[arg-type]
        except Exception as exc:
            failed.append(type(exc).__name__)

    threads = [threading.Thread(target=migrate, args=(eng,)) for eng in engines]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert failed == [] and "web_limit_marks" in inspect(engines[0]).get_table_names()
    for eng in engines:
        eng.dispose()
