"""The language a message goes in, and the language it could not go in (issue 20).

Revision ID: messaging_0004_h20b
Revises: messaging_0003
Create Date: 2026-12-07

`language` is the language of the text sent (NULL: Dutch). `language_missing` is the person's
language when no approved version exists in it and the Dutch one goes instead, so the
person's page can say so.
"""

import sqlalchemy as sa
from alembic import op

revision = "messaging_0004_h20b"
down_revision = "messaging_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messaging_outbox") as batch:
        batch.add_column(sa.Column("language", sa.String(12), nullable=True))
        batch.add_column(sa.Column("language_missing", sa.String(12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messaging_outbox") as batch:
        batch.drop_column("language_missing")
        batch.drop_column("language")
