"""Create the messaging outbox and the opt-out list.

Revision ID: messaging_0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "messaging_0001"
down_revision = None
branch_labels = ("messaging",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "messaging_outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(120), nullable=False),
        sa.Column("template", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("to", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_sid", sa.String(64), nullable=True),
        sa.Column("content_variables", sa.Text(), nullable=True),
        sa.Column("encoding", sa.String(8), nullable=True),
        sa.Column("segments", sa.Integer(), nullable=True),
        sa.Column("working_days", sa.String(20), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("send_at", sa.DateTime(), nullable=False),
        sa.Column("not_after", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("claimed_by", sa.String(120), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("first_claimed_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sid", sa.String(64), nullable=True),
        sa.Column("delivery", sa.String(20), nullable=True),
        sa.Column("error_code", sa.String(20), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_messaging_outbox"),
        sa.UniqueConstraint("prospect_id", "purpose", name="uq_messaging_outbox_prospect_purpose"),
    )
    op.create_index("ix_messaging_outbox_prospect_id", "messaging_outbox", ["prospect_id"])
    op.create_index("ix_messaging_outbox_send_at", "messaging_outbox", ["send_at"])
    op.create_index("ix_messaging_outbox_status", "messaging_outbox", ["status"])
    op.create_index("ix_messaging_outbox_sid", "messaging_outbox", ["sid"])
    op.create_table(
        "messaging_optouts",
        sa.Column("number_hash", sa.String(64), nullable=False),
        sa.Column("keyword", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("number_hash", name="pk_messaging_optouts"),
    )


def downgrade() -> None:
    op.drop_table("messaging_optouts")
    op.drop_index("ix_messaging_outbox_sid", "messaging_outbox")
    op.drop_index("ix_messaging_outbox_status", "messaging_outbox")
    op.drop_index("ix_messaging_outbox_send_at", "messaging_outbox")
    op.drop_index("ix_messaging_outbox_prospect_id", "messaging_outbox")
    op.drop_table("messaging_outbox")
