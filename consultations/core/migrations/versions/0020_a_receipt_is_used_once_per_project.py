"""a receipt is used once per project

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 06:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store where one receipt was already recorded twice (the bug this closes) cannot take the
    # index: say which, so an operator corrects them, rather than fail with the database's words.
    twice = op.get_bind().execute(sa.text(
        "SELECT project_id, receipt FROM payments WHERE receipt IS NOT NULL "
        "GROUP BY project_id, receipt HAVING count(*) > 1"
    )).fetchall()  # fmt: skip
    if twice:
        raise RuntimeError(
            "receipts recorded more than once (project, receipt): "
            + ", ".join(f"({p}, {r})" for p, r in twice[:20])
            + "; correct them (a correction entry and a new receipt number) before upgrading"
        )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index("uq_payments_project_receipt", ["project_id", "receipt"], unique=True)


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
