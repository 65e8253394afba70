"""Web users: a name, roles and an active flag; a coach account is a user with the role coach.

Revision ID: web_0003
Revises: web_0002
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0003"
down_revision = "web_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_accounts") as batch:
        batch.add_column(sa.Column("name", sa.String(100), nullable=True))
        batch.add_column(sa.Column("name_key", sa.String(100), nullable=True))
        batch.add_column(sa.Column("roles", sa.String(100), nullable=False, server_default="coach"))
        batch.add_column(sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))
        batch.alter_column("coach_id", existing_type=sa.Integer, nullable=True)
        batch.create_unique_constraint("uq_web_accounts_name_key", ["name_key"])


def downgrade() -> None:
    op.execute("DELETE FROM web_accounts WHERE coach_id IS NULL")
    with op.batch_alter_table("web_accounts") as batch:
        batch.drop_constraint("uq_web_accounts_name_key", type_="unique")
        batch.alter_column("coach_id", existing_type=sa.Integer, nullable=False)
        batch.drop_column("active")
        batch.drop_column("roles")
        batch.drop_column("name_key")
        batch.drop_column("name")
