"""Recordings of template versions for the listen pages, and beheer's switches for the public pages.

Revision ID: web_0005_h21
Revises: web_drafts_0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0005_h21"
down_revision = "web_drafts_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_recordings",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("template", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("stem", sa.String(40), nullable=False),
        sa.Column("seconds", sa.Integer, nullable=False),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_recordings"),
        sa.UniqueConstraint("template", "version", "language", name="uq_web_recordings_template"),
    )
    op.create_table(
        "web_switches",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("on", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_web_switches"),
    )


def downgrade() -> None:
    op.drop_table("web_switches")
    op.drop_table("web_recordings")
