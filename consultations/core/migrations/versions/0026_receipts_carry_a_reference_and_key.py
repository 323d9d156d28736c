"""receipts carry a reference and a key; contact consents and the outbox

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 17:30:00
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

# As consultations.core.receipts (a migration never imports the application: it may change later).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _references(table: str, prefix: str) -> None:
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.text(f"SELECT id FROM {table} ORDER BY id"))]
    taken: set[str] = set()
    for row_id in ids:
        while (ref := prefix + "-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))) in taken:
            pass
        taken.add(ref)
        bind.execute(
            sa.text(f"UPDATE {table} SET public_ref = :ref WHERE id = :id"),
            {"ref": ref, "id": row_id},
        )


def upgrade() -> None:
    # Every concern and petition gets a short public reference (existing ones too); the key that
    # goes with it is issued when its receipt is printed and kept only as a hash. A matter recorded
    # before this has no key until a receipt is printed for it again.
    for table, prefix in (("concerns", "YK"), ("petitions", "DT")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("public_ref", sa.String(length=16), nullable=True))
            batch_op.add_column(sa.Column("key_hash", sa.Text(), nullable=True))
        _references(table, prefix)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"uq_{table}_public_ref", ["public_ref"], unique=True)
    _messages()


def _messages() -> None:
    op.create_table(
        "contact_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=80), nullable=True),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_contact_consents_household_id", "contact_consents", ["household_id"])
    op.create_index("ix_contact_consents_username", "contact_consents", ["username"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=80), nullable=True),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("template", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("provider_id", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"]),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outbox_project_id", "outbox", ["project_id"])
    op.create_index("ix_outbox_household_id", "outbox", ["household_id"])
    op.create_index("ix_outbox_due", "outbox", ["state", "next_attempt_at"])


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
