"""The person's language: an optional code per prospect ('ar', 'ti', 'fa-AF'), for translated letters and the funnel.

Revision ID: tracking_0006_h20a
Revises: tracking_0005_h18c
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "tracking_0006_h20a"
down_revision = "tracking_0005_h18c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tracking_prospects", sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tracking_prospects") as batch:
        batch.drop_column("language")
