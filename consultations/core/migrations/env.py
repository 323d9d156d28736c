"""Alembic environment: runs on the connection that ``Store.migrate`` hands over."""

from alembic import context

from consultations.core.database import is_ours
from consultations.core.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    include_object=is_ours,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
