"""Uploaded pictograms: the place of record for the user's own set (the content folder is their export).

Revision ID: web_0005_h16a
Revises: web_drafts_0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0005_h16a"
down_revision = "web_0005_h16c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_pictograms",
        sa.Column("name", sa.String(41), nullable=False),
        sa.Column("label", sa.String(60), nullable=False),
        sa.Column("alt", sa.String(200), nullable=False),
        sa.Column("svg", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_web_pictograms"),
    )


def downgrade() -> None:
    op.drop_table("web_pictograms")
