"""re-import: retired parcels, houses in the corridor, remembered field mappings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("layout_key", sa.String(length=64), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_mappings")),
        sa.UniqueConstraint("kind", "layout_key", name=op.f("uq_field_mappings_kind_layout_key")),
    )
    op.create_table(
        "house_impacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("voltage_kv", sa.Float(), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["house_id"], ["houses.id"], name=op.f("fk_house_impacts_house_id_houses")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_house_impacts_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_house_impacts")),
        sa.UniqueConstraint("house_id", name=op.f("uq_house_impacts_house_id")),
    )
    with op.batch_alter_table("house_impacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_house_impacts_project_id"), ["project_id"], unique=False
        )

    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
