"""Jobs in the database: mail merges (and other long work from the web) that any worker can claim and take over.

Revision ID: web_0006_h22a
Revises: web_0005_h18b
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

TS = sa.DateTime(timezone=True)

revision = "web_0006_h22a"
down_revision = "web_0005_h18b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_jobs",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("owner", sa.Integer, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("worker", sa.String(100), nullable=True),
        sa.Column("heartbeat", TS, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("result", sa.String(300), nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("finished", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_jobs"),
    )
    op.create_index("ix_web_jobs_owner", "web_jobs", ["owner"])
    op.create_index("ix_web_jobs_state", "web_jobs", ["state"])
    op.create_index("ix_web_jobs_created", "web_jobs", ["created"])


def downgrade() -> None:
    op.drop_table("web_jobs")
