"""a job's file is kept with it

Revision ID: 0030
Revises: 0028
Create Date: 2026-12-07 20:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A report or an export the worker made: any app server offers it for download.
    op.add_column("jobs", sa.Column("output", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
