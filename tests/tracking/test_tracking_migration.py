"""The hand-written migration creates exactly what the models declare, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from outreach import db
from outreach.tracking import models


def test_migration_matches_models(database_url: str) -> None:
    engine = db.engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.Base.metadata)
    ours = [d for d in diff if "tracking_" in repr(d)]
    assert ours == [], ours
    assert models.Prospect.__tablename__ == "tracking_prospects"
