"""One limiter for every web worker: sign-in tries, request rates and running requests as marks in one table.

The tries in web_sign_in_failures last at most 15 minutes: the table is replaced, not copied.

Revision ID: web_0006_h22c
Revises: web_0006_h20a
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0006_h22c"
down_revision = "web_0006_h20a"
branch_labels = None
depends_on = None


def _marks(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_key", name, ["key"])
    op.create_index(f"ix_{name}_at", name, ["at"])


def _drop(name: str) -> None:
    op.drop_index(f"ix_{name}_at", name)
    op.drop_index(f"ix_{name}_key", name)
    op.drop_table(name)


def upgrade() -> None:
    _drop("web_sign_in_failures")
    _marks("web_limit_marks")


def downgrade() -> None:
    _drop("web_limit_marks")
    _marks("web_sign_in_failures")
