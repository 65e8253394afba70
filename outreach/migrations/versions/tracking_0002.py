"""Turn names and client numbers into one comparable form: Coach.name_key and Prospect.client_key.

Both hold `outreach.fields.fold(...)` (spaces collapsed, NFC, casefolded), filled here for the
rows already stored. Where two existing rows fold to the same key (an 'ÖZLEM YILMAZ' added
beside an 'Özlem Yılmaz'), the later one gets '#<id>' appended so both stay findable by id.

Revision ID: tracking_0002
Revises: tracking_0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "tracking_0002"
down_revision = "tracking_0001"
branch_labels = None
depends_on = None


def _fill(table: str, source: str, target: str) -> None:
    from outreach.fields import fold

    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {source} FROM {table} WHERE {source} IS NOT NULL ORDER BY id")).all()
    seen: set[str] = set()
    for row_id, value in rows:
        key = fold(value)
        if key in seen:
            key = f"{key}#{row_id}"
        seen.add(key)
        bind.execute(sa.text(f"UPDATE {table} SET {target} = :key WHERE id = :id"), {"key": key, "id": row_id})


def upgrade() -> None:
    with op.batch_alter_table("tracking_coaches") as batch:
        batch.add_column(sa.Column("name_key", sa.String(300), nullable=True))
    _fill("tracking_coaches", "name", "name_key")
    with op.batch_alter_table("tracking_coaches") as batch:
        batch.alter_column("name_key", existing_type=sa.String(300), nullable=False)
        batch.create_unique_constraint(op.f("uq_tracking_coaches_name_key"), ["name_key"])
    with op.batch_alter_table("tracking_prospects") as batch:
        batch.add_column(sa.Column("client_key", sa.String(60), nullable=True))
    _fill("tracking_prospects", "client_number", "client_key")
    with op.batch_alter_table("tracking_prospects") as batch:
        batch.create_unique_constraint(op.f("uq_tracking_prospects_client_key"), ["client_key"])


def downgrade() -> None:
    with op.batch_alter_table("tracking_prospects") as batch:
        batch.drop_constraint(op.f("uq_tracking_prospects_client_key"), type_="unique")
        batch.drop_column("client_key")
    with op.batch_alter_table("tracking_coaches") as batch:
        batch.drop_constraint(op.f("uq_tracking_coaches_name_key"), type_="unique")
        batch.drop_column("name_key")
