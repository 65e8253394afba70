"""Rows written before messaging_0003 (naive UTC times) read back as the same aware UTC moments."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, select, text

from outreach import db
from outreach.messaging.models import Message


def test_naive_utc_times_from_before_stay_the_same_moments(database_url: str) -> None:
    engine = create_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # a server in another zone must not shift the times
            conn.execute(text("SET TIME ZONE 'America/Curacao'"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "messaging_webhooks_0002")
        conn.execute(text(
            'INSERT INTO messaging_outbox (prospect_id, purpose, template, channel, "to", body, due_at, send_at, '
            "status, attempts, created_at, updated_at, sent_at) VALUES (1, 'p', 'volgende-maand', 'sms', "
            "'+31612345678', 'Hallo', '2026-03-29 00:30:00', '2026-03-29 08:00:00', 'sent', 1, "
            "'2026-03-28 23:59:00', '2026-03-29 08:00:05', '2026-03-29 08:00:05')"))
    engine.dispose()
    with db.session(database_url) as s:  # migrates to the heads
        row = s.scalar(select(Message))
        assert row is not None
        assert row.due_at == datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
        assert row.send_at == datetime(2026, 3, 29, 8, 0, tzinfo=timezone.utc)
        assert row.sent_at == datetime(2026, 3, 29, 8, 0, 5, tzinfo=timezone.utc)
        assert row.created_at == datetime(2026, 3, 28, 23, 59, tzinfo=timezone.utc)
