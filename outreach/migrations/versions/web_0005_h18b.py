"""Organisation settings: municipality name, logo, sender address, general phone number, house colour.

Revision ID: web_0005_h18b
Revises: web_drafts_0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0005_h18b"
down_revision = "web_0005_h16a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_settings",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_web_settings"),
    )


def downgrade() -> None:
    op.drop_table("web_settings")
