"""a household knows when it was added

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty for every household already stored: those count from the project's start, as before.
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
