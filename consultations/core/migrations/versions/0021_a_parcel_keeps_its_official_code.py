"""a parcel keeps its official code

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 15:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Mã định danh thửa đất (Decree 101/2024): empty for every parcel already stored, until a layer
    # that carries it is imported again.
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parcel_code", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_parcels_code", ["project_id", "parcel_code"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
