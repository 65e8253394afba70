"""Wrong sign-in tries in the database, so every web worker counts the same.

Revision ID: web_0005_h16b
Revises: web_drafts_0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0005_h16b"
down_revision = "web_0005_h17b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sign_in_failures",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_sign_in_failures"),
    )
    op.create_index("ix_web_sign_in_failures_key", "web_sign_in_failures", ["key"])
    op.create_index("ix_web_sign_in_failures_at", "web_sign_in_failures", ["at"])


def downgrade() -> None:
    op.drop_index("ix_web_sign_in_failures_at", "web_sign_in_failures")
    op.drop_index("ix_web_sign_in_failures_key", "web_sign_in_failures")
    op.drop_table("web_sign_in_failures")
