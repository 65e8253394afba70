"""The hand-written migrations create exactly what the models declare, on both backends (every capability)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from outreach import db
from outreach.messaging import models as messaging_models  # noqa: F401  (tables on db.Base)
from outreach.tracking import models
from outreach.web import accounts  # noqa: F401  (tables on db.Base)
from outreach.pictograms import records  # noqa: F401  (tables on db.Base)
from outreach.web import reviews  # noqa: F401  (tables on db.Base)
from outreach.web import limits, signin  # noqa: F401  (tables on db.Base)
from outreach.documents import versions  # noqa: F401  (tables on db.Base)
from outreach.readability import rulebook  # noqa: F401  (tables on db.Base)
from outreach.web import settings  # noqa: F401  (tables on db.Base)
from outreach.web import taskqueue  # noqa: F401  (tables on db.Base)
from outreach.documents import translations  # noqa: F401  (tables on db.Base)


def test_migration_matches_models(database_url: str) -> None:
    engine = db.engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.Base.metadata)
    assert diff == [], diff  # tracking, messaging (aware UTC times) and web alike
    assert models.Prospect.__tablename__ == "tracking_prospects"
