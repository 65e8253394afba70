"""Remember handled webhook calls (MessageSid and event), so a replayed call changes nothing.

Revision ID: messaging_webhooks_0002
Revises: messaging_0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "messaging_webhooks_0002"
down_revision = "messaging_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "messaging_webhooks_seen",
        sa.Column("sid", sa.String(64), nullable=False),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sid", "event", name="pk_messaging_webhooks_seen"),
    )


def downgrade() -> None:
    op.drop_table("messaging_webhooks_seen")
