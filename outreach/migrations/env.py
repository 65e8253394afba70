"""Run Alembic migrations on the connection that outreach.db.migrate() hands over."""

from alembic import context

from outreach.db import Base

connection = context.config.attributes.get("connection")
if connection is None:  # alembic's own CLI: use the configured database
    from outreach.db import database_url
    from sqlalchemy import create_engine

    connection = create_engine(database_url()).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
