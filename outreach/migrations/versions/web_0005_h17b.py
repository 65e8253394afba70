"""Finding waivers: a literacy adviser's "not applicable here" on one finding of one template version.

Revision ID: web_0005_h17b
Revises: web_drafts_0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0005_h17b"
down_revision = "web_0005_h21"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_finding_waivers",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("template", sa.String(100), nullable=False),
        sa.Column("variant", sa.String(20), nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_finding_waivers"),
        sa.UniqueConstraint("template", "variant", "source_hash", "rule", "start", "end",
                            name="uq_web_finding_waivers_template"),
    )
    op.create_index("ix_web_finding_waivers_template", "web_finding_waivers", ["template"])


def downgrade() -> None:
    op.drop_index("ix_web_finding_waivers_template", "web_finding_waivers")
    op.drop_table("web_finding_waivers")
