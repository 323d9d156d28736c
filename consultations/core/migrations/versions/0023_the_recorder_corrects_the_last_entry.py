"""the recorder corrects the last entry

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A consent event or a payment entered in error may be corrected by its recorder within a
    # short window: the correction is a new row naming the row it corrects (once) and why.
    for table in ("consent_events", "payments"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("correction_reason", sa.Text(), nullable=True))
            batch_op.create_foreign_key(
                f"fk_{table}_corrects_id_{table}", table, ["corrects_id"], ["id"]
            )
            batch_op.create_index(f"uq_{table}_corrects_id", ["corrects_id"], unique=True)
    # A correction may carry the receipt of the payment it replaces: a receipt is used once
    # among the entries that correct nothing.
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("uq_payments_project_receipt")
        batch_op.create_index(
            "uq_payments_project_receipt", ["project_id", "receipt"], unique=True,
            sqlite_where=sa.text("corrects_id IS NULL"),
            postgresql_where=sa.text("corrects_id IS NULL"),
        )  # fmt: skip


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
