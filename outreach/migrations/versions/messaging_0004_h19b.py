"""Record in each outbox row the template version its text was made from.

Revision ID: messaging_0004_h19b
Revises: messaging_0004_h20b
Create Date: 2026-12-07

Rows queued before this revision keep NULL: their version is not known.
"""

import sqlalchemy as sa
from alembic import op

revision = "messaging_0004_h19b"
down_revision = "messaging_0004_h20b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messaging_outbox") as batch:
        batch.add_column(sa.Column("template_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messaging_outbox") as batch:
        batch.drop_column("template_version")
