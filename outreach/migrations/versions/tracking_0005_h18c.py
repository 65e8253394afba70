"""The caseload index also covers next_due: Beheer's coaches page counts open and due people per coach from the index alone.

Revision ID: tracking_0005_h18c
Revises: tracking_0004_h21
Create Date: 2026-12-07
"""

from alembic import op

revision = "tracking_0005_h18c"
down_revision = "tracking_0005_h21b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_tracking_prospects_caseload", "tracking_prospects")
    op.create_index("ix_tracking_prospects_caseload", "tracking_prospects", ["coach_id", "state", "erased_at", "next_due"])


def downgrade() -> None:
    op.drop_index("ix_tracking_prospects_caseload", "tracking_prospects")
    op.create_index("ix_tracking_prospects_caseload", "tracking_prospects", ["coach_id", "state", "erased_at"])
