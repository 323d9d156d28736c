"""a parcel refers to its layer of its project, by one key

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 16:45:00

Parcels had two foreign keys (their project, their layer), each checked for every row a large
import writes. One composite key to the layer's (id, project_id) checks both, and says more: a
parcel's project is its layer's project. The index on the project alone goes: the key index
(project, commune, sheet, parcel) starts with it and serves the same searches.
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("layers", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_layers_id_project_id"), ["id", "project_id"]
        )
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_constraint("fk_parcels_project_id_projects", type_="foreignkey")
        batch_op.drop_constraint("fk_parcels_layer_id_layers", type_="foreignkey")
        batch_op.drop_index("ix_parcels_project_id")
        batch_op.create_foreign_key(
            batch_op.f("fk_parcels_layer_id_layers"),
            "layers",
            ["layer_id", "project_id"],
            ["id", "project_id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_constraint("fk_parcels_layer_id_layers", type_="foreignkey")
        batch_op.drop_index("ix_parcels_project_id")
        batch_op.create_foreign_key(
            batch_op.f("fk_parcels_layer_id_layers"), "layers", ["layer_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_parcels_project_id_projects"), "projects", ["project_id"], ["id"]
        )
    with op.batch_alter_table("layers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_layers_id_project_id"), type_="unique")
