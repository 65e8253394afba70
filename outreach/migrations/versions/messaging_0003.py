"""Store messaging's times as aware UTC (timestamptz on PostgreSQL), like tracking's.

Revision ID: messaging_0003
Revises: messaging_webhooks_0002
Create Date: 2026-12-02

The values were already UTC, written naive; PostgreSQL reads them as UTC while converting.
SQLite keeps the same text either way, so nothing changes there.
"""

from alembic import op

revision = "messaging_0003"
down_revision = "messaging_webhooks_0002"
branch_labels = None
depends_on = None

COLUMNS = {
    "messaging_outbox": ("due_at", "send_at", "not_after", "claimed_at", "first_claimed_at", "created_at",
                         "updated_at", "sent_at"),
    "messaging_optouts": ("created_at",),
    "messaging_webhooks_seen": ("created_at",),
}


def _alter(kind: str, using: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind} USING {column} {using}')


def upgrade() -> None:
    _alter("TIMESTAMP WITH TIME ZONE", "AT TIME ZONE 'UTC'")


def downgrade() -> None:
    _alter("TIMESTAMP WITHOUT TIME ZONE", "AT TIME ZONE 'UTC'")
