"""Translations of templates: one row per template and language, linked to the Dutch version it translates.

Revision ID: web_0006_h20a
Revises: web_0006_h22a
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op


revision = "web_0006_h20a"
down_revision = "web_0006_h22a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_translations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(90), nullable=False),
        sa.Column("variant", sa.String(20), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("dutch_number", sa.Integer, nullable=False),
        sa.Column("dutch_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("imported_by", sa.Integer, nullable=True),
        sa.Column("imported_by_name", sa.String(100), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.Integer, nullable=True),
        sa.Column("approved_by_name", sa.String(100), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("name", "variant", "language", name="uq_web_translations_language"),
    )
    op.create_index("ix_web_translations_name", "web_translations", ["name"])


def downgrade() -> None:
    op.drop_index("ix_web_translations_name", "web_translations")
    op.drop_table("web_translations")
