"""Template versions and officialese rules in the database: what the web app changes, kept in one place.

Revision ID: web_0005_h16c
Revises: web_drafts_0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0005_h16c"
down_revision = "web_0005_h16b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_template_versions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(90), nullable=False),
        sa.Column("variant", sa.String(20), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("author_id", sa.Integer, nullable=True),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("approved_by", sa.Integer, nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_template_versions"),
        sa.UniqueConstraint("name", "variant", "number", name="uq_web_template_versions_number"),
    )
    op.create_index("ix_web_template_versions_name", "web_template_versions", ["name"])
    op.create_table(
        "web_officialese_rules",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("phrase", sa.String(80), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("alternatives", sa.Text, nullable=False),
        sa.Column("example", sa.Text, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_officialese_rules"),
        sa.UniqueConstraint("phrase", name="uq_web_officialese_rules_phrase"),
    )


def downgrade() -> None:
    op.drop_table("web_officialese_rules")
    op.drop_index("ix_web_template_versions_name", "web_template_versions")
    op.drop_table("web_template_versions")
