"""a parcel knows its commune of today

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 17:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ``commune`` and ``old_commune`` stay as the land office's file wrote them (they are the key a
    # re-import and a register match on). Beside them: the old commune's statistics-office code, once
    # its name is resolved in the project's province, and today's commune since the 2025 mergers.
    # Empty for every parcel already stored, until its layer is imported again.
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("old_commune_code", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("current_commune", sa.Text(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
