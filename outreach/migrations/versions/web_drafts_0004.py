"""Template reviews: a literacy adviser's approval or send-back of one version of a template.

Revision ID: web_drafts_0004
Revises: web_0003
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "web_drafts_0004"
down_revision = "web_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_template_reviews",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("template", sa.String(100), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_template_reviews"),
    )
    op.create_index("ix_web_template_reviews_template", "web_template_reviews", ["template"])


def downgrade() -> None:
    op.drop_index("ix_web_template_reviews_template", "web_template_reviews")
    op.drop_table("web_template_reviews")
