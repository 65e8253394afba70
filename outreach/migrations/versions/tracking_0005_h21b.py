"""Coaches' listen keys: an opaque, stable, unguessable id for the coach's listen page (no person's data).

Revision ID: tracking_0005_h21b
Revises: tracking_0004_h21
Create Date: 2026-12-07
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "tracking_0005_h21b"
down_revision = "tracking_0004_h21"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tracking_coaches", sa.Column("listen_key", sa.String(24), nullable=True))
    coaches = sa.table("tracking_coaches", sa.column("id", sa.Integer), sa.column("listen_key", sa.String))
    connection = op.get_bind()
    for (coach_id,) in connection.execute(sa.select(coaches.c.id)).fetchall():
        connection.execute(coaches.update().where(coaches.c.id == coach_id).values(listen_key=secrets.token_hex(12)))
    op.create_index("ix_tracking_coaches_listen_key", "tracking_coaches", ["listen_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_tracking_coaches_listen_key", "tracking_coaches")
    op.drop_column("tracking_coaches", "listen_key")
