"""An index that answers "how many open prospects has each coach" without reading the rows.

The funnel page shows every coach's caseload; at 100,000 prospects reading each row for its
state cost about half the page. With (coach_id, state, erased_at) the count reads the index only.

Revision ID: tracking_0003
Revises: tracking_0002
Create Date: 2026-12-02
"""

from alembic import op

revision = "tracking_0003"
down_revision = "tracking_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tracking_prospects_caseload", "tracking_prospects", ["coach_id", "state", "erased_at"])


def downgrade() -> None:
    op.drop_index("ix_tracking_prospects_caseload", table_name="tracking_prospects")
