"""Turn an empty database into one with the tracking tables: coaches, prospects, attempts,
appointments, the audit trail and the hashes of erased client numbers.

Revision ID: tracking_0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "tracking_0001"
down_revision = None
branch_labels = ("tracking",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tracking_coaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("whatsapp", sa.String(20), nullable=True),
        sa.Column("photo", sa.String(500), nullable=True),
        sa.Column("working_days", sa.String(30), nullable=False),
        sa.Column("neighbourhoods", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_coaches")),
        sa.UniqueConstraint("name", name=op.f("uq_tracking_coaches_name")),
    )
    op.create_table(
        "tracking_prospects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_number", sa.String(40), nullable=True),
        sa.Column("first_name", sa.String(100), nullable=True),
        sa.Column("last_name", sa.String(150), nullable=True),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("postcode", sa.String(7), nullable=True),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("neighbourhood", sa.String(100), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("phone2", sa.String(20), nullable=True),
        sa.Column("mobile", sa.String(20), nullable=True),
        sa.Column("whatsapp", sa.Boolean(), nullable=False),
        sa.Column("language_notes", sa.Text(), nullable=True),
        sa.Column("source_hash", sa.String(64), nullable=True),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("next_step", sa.String(20), nullable=True),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("next_daypart", sa.String(20), nullable=True),
        sa.Column("closed_reason", sa.String(30), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("round_calls", sa.Integer(), nullable=False),
        sa.Column("call_round", sa.Integer(), nullable=False),
        sa.Column("approached", sa.Boolean(), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("had_appointment", sa.Boolean(), nullable=False),
        sa.Column("calls_to_appointment", sa.Integer(), nullable=True),
        sa.Column("declines", sa.Integer(), nullable=False),
        sa.Column("erased_at", TS, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["coach_id"], ["tracking_coaches.id"], name=op.f("fk_tracking_prospects_coach_id_tracking_coaches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_prospects")),
        sa.UniqueConstraint("client_number", name=op.f("uq_tracking_prospects_client_number")),
    )
    op.create_index("ix_tracking_prospects_due", "tracking_prospects", ["coach_id", "next_due"])
    op.create_index("ix_tracking_prospects_closed", "tracking_prospects", ["state", "closed_on"])
    op.create_table(
        "tracking_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["coach_id"], ["tracking_coaches.id"], name=op.f("fk_tracking_attempts_coach_id_tracking_coaches")),
        sa.ForeignKeyConstraint(["prospect_id"], ["tracking_prospects.id"], name=op.f("fk_tracking_attempts_prospect_id_tracking_prospects"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_attempts")),
    )
    op.create_index(op.f("ix_tracking_attempts_prospect_id"), "tracking_attempts", ["prospect_id"])
    op.create_table(
        "tracking_appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["tracking_attempts.id"], name=op.f("fk_tracking_appointments_attempt_id_tracking_attempts"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["prospect_id"], ["tracking_prospects.id"], name=op.f("fk_tracking_appointments_prospect_id_tracking_prospects"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_appointments")),
    )
    op.create_index(op.f("ix_tracking_appointments_prospect_id"), "tracking_appointments", ["prospect_id"])
    op.create_table(
        "tracking_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("prospect_id", sa.Integer(), nullable=True),
        sa.Column("fields", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_audit")),
    )
    op.create_index(op.f("ix_tracking_audit_prospect_id"), "tracking_audit", ["prospect_id"])
    op.create_table(
        "tracking_erased",
        sa.Column("number_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("number_hash", name=op.f("pk_tracking_erased")),
    )


def downgrade() -> None:
    op.drop_table("tracking_erased")
    op.drop_table("tracking_audit")
    op.drop_table("tracking_appointments")
    op.drop_table("tracking_attempts")
    op.drop_table("tracking_prospects")
    op.drop_table("tracking_coaches")
