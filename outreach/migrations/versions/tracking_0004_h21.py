"""Personal appointment pages: the hash of each token, whose appointment, until when.

Revision ID: tracking_0004_h21
Revises: tracking_0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "tracking_0004_h21"
down_revision = "tracking_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tracking_personal_pages",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prospect_id", sa.Integer, nullable=False),
        sa.Column("appointment_id", sa.Integer, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["prospect_id"], ["tracking_prospects.id"],
                                name="fk_tracking_personal_pages_prospect_id_tracking_prospects", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["appointment_id"], ["tracking_appointments.id"],
                                name="fk_tracking_personal_pages_appointment_id_tracking_appointments",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_tracking_personal_pages"),
    )
    op.create_index("ix_tracking_personal_pages_prospect_id", "tracking_personal_pages", ["prospect_id"])


def downgrade() -> None:
    op.drop_index("ix_tracking_personal_pages_prospect_id", "tracking_personal_pages")
    op.drop_table("tracking_personal_pages")
