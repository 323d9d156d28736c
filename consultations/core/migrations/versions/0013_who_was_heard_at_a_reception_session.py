"""who was heard at a reception session: name, household, what they raised, the answer or referral

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_citizens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("raised", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("referred_to", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_session_citizens_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["reception_sessions.id"],
            name=op.f("fk_session_citizens_session_id_reception_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_citizens")),
    )
    with op.batch_alter_table("session_citizens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_citizens_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_session_citizens_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("session_citizens")
