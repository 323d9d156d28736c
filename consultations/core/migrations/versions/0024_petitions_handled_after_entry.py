"""petitions handled after entry: each step kept, and the extensions granted

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The extensions granted by decision (Law on Denunciations Art. 30(1)); empty for every petition
    # already stored: its deadline counts the extensions its complexity allows, as before.
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extensions", sa.Integer(), nullable=True))
    # What was done to a petition after it was entered, one row per step (append-only), with the
    # deadlines as they stood after it.
    op.create_table(
        "petition_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("accept_by", sa.Date(), nullable=True),
        sa.Column("resolve_by", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_petition_steps_petition_id_petitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_steps")),
    )
    op.create_index(
        op.f("ix_petition_steps_petition_id"), "petition_steps", ["petition_id"], unique=False
    )


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
