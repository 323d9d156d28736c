"""API clients, their webhooks and the webhook outbox; the public layers' views (PostGIS)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("key_sha256", sa.String(length=64), nullable=False),
        sa.Column("key_hint", sa.String(length=16), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("projects", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_clients")),
        sa.UniqueConstraint("key_sha256", name=op.f("uq_api_clients_key_sha256")),
        sa.UniqueConstraint("name", name=op.f("uq_api_clients_name")),
    )
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_clients.id"], name=op.f("fk_webhooks_client_id_api_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks")),
    )
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhooks_client_id"), ["client_id"], unique=False)
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_webhook_deliveries_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["webhook_id"], ["webhooks.id"], name=op.f("fk_webhook_deliveries_webhook_id_webhooks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_deliveries_due", ["status", "next_attempt_at"], unique=False
        )
        batch_op.create_index("ix_webhook_deliveries_webhook", ["webhook_id", "id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _register_vn2000_zones()
        for statement in PUBLIC_VIEWS:
            op.execute(statement)


#: VN-2000's TM-3 zones (EPSG 9205-9218): PostGIS releases before the EPSG registry had them do
#: not list them in ``spatial_ref_sys``, and transforming from an unlisted SRID by name costs PROJ
#: a new transformation per row (40 s for 450 parcels against 0.2 s). Listed by their EPSG
#: authority, PostGIS asks PROJ for "EPSG:92xx" and applies the official transformation (6960), as
#: pyproj does; where the database user may not add them, the views transform by name instead.
VN2000_ZONES = range(9205, 9219)


def _register_vn2000_zones() -> None:
    from pyproj import CRS

    bind = op.get_bind()
    if not bind.scalar(sa.text("SELECT has_table_privilege('spatial_ref_sys', 'INSERT')")):
        return
    for epsg in VN2000_ZONES:
        bind.execute(
            sa.text(
                "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) "
                "VALUES (:srid, 'EPSG', :srid, :wkt, '') ON CONFLICT (srid) DO NOTHING"
            ),
            {"srid": epsg, "wkt": CRS.from_epsg(epsg).to_wkt("WKT1_GDAL")},
        )


def wgs84(column: str) -> str:
    """A geometry in WGS 84: through ``spatial_ref_sys`` where its SRID is listed, else by name."""
    return (
        f"CASE WHEN EXISTS (SELECT 1 FROM spatial_ref_sys r WHERE r.srid = ST_SRID({column})) "
        f"THEN ST_Transform({column}, 4326) "
        f"ELSE ST_Transform({column}, 'EPSG:' || ST_SRID({column}), 4326) END"
        "::geometry(Geometry, 4326)"
    )


#: The public layers that pygeoapi serves (OGC API - Features), on PostGIS only: what a map shown
#: at a public meeting may show (parcel labels, land use, areas, status), in WGS 84, never a
#: name, a code of the land office, an ID number or a phone. A parcel's status follows
#: ``consent.model.parcel_status`` over its households' latest events (a test holds them equal).
PUBLIC_VIEWS = (
    f"""
    CREATE VIEW public_parcels AS
    WITH latest AS (
        SELECT DISTINCT ON (household_id) household_id, status
        FROM consent_events ORDER BY household_id, happened_on DESC, recorded_at DESC, id DESC
    ), linked AS (
        SELECT hp.parcel_id, COALESCE(l.status, 'not_contacted') AS status
        FROM household_parcels hp LEFT JOIN latest l ON l.household_id = hp.household_id
    ), derived AS (
        SELECT parcel_id, CASE
            WHEN bool_and(status = 'agreed') THEN 'agreed'
            WHEN bool_or(status = 'refused') THEN 'refused'
            WHEN bool_or(status = 'concerns') THEN 'concerns'
            WHEN bool_or(status = 'agreed') THEN 'partly_agreed'
            WHEN bool_and(status = 'not_contacted') THEN 'not_contacted'
            ELSE 'in_progress' END AS status
        FROM linked GROUP BY parcel_id
    )
    SELECT p.id, pr.slug AS project, p.commune, p.sheet_no, p.parcel_no,
           concat_ws('/', p.sheet_no, p.parcel_no) AS label, p.land_use_codes,
           p.recorded_area_m2, p.computed_area_m2,
           COALESCE(i.permanent_m2, 0) AS permanent_m2, COALESCE(i.restricted_m2, 0) AS restricted_m2,
           COALESCE(d.status, 'no_household') AS status,
           {wgs84("p.geom")} AS geom
    FROM parcels p JOIN projects pr ON pr.id = p.project_id
    LEFT JOIN parcel_impacts i ON i.parcel_id = p.id
    LEFT JOIN derived d ON d.parcel_id = p.id
    WHERE p.retired_at IS NULL
    """,
    f"""
    CREATE VIEW public_corridors AS
    SELECT c.id, pr.slug AS project, c.name, c.kind, c.voltage_kv, c.half_width_m,
           {wgs84("c.geom")} AS geom
    FROM corridors c JOIN projects pr ON pr.id = c.project_id
    WHERE c.kind <> 'recovery_boundary'
    """,
    f"""
    CREATE VIEW public_recovery_boundaries AS
    SELECT c.id, pr.slug AS project, c.name, c.half_width_m,
           {wgs84("c.geom")} AS geom
    FROM corridors c JOIN projects pr ON pr.id = c.project_id
    WHERE c.kind = 'recovery_boundary'
    """,
    f"""
    CREATE VIEW public_tower_foundations AS
    SELECT t.id, pr.slug AS project, t.label,
           {wgs84("t.geom")} AS geom
    FROM tower_foundations t JOIN projects pr ON pr.id = t.project_id
    """,
)


def downgrade() -> None:
    raise NotImplementedError("Clearway migrations never drop data; restore a backup instead.")
