"""Web accounts: one password per coach.

Revision ID: web_0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0001"
down_revision = None
branch_labels = ("web",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("coach_id", sa.Integer, nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("coach_id", name="uq_web_accounts_coach_id"),
    )


def downgrade() -> None:
    op.drop_table("web_accounts")
