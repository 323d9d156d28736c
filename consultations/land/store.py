"""Layers and the land they describe: parcels, corridors, tower foundations, houses, impacts.

GeoDataFrames come in and go out; geometries are stored in the project's CRS with its SRID.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)

from consultations.core import schema as s
from consultations.core.audit import json_safe, utcnow
from consultations.core.bulk import geometries, insert_new, json_text
from consultations.core.database import new_id
from consultations.core.geometry import GeometryBytes

PARCEL_COLUMNS = [
    "commune",
    "old_commune",
    "sheet_no",
    "parcel_no",
    "land_use_codes",
    "owner_name",
    "recorded_area_m2",
    "parcel_code",
    "old_commune_code",
    "current_commune",
]


def insert_layer(
    conn: Connection,
    *,
    project_id: int,
    kind: str,
    source_name: str,
    source_bytes: bytes,
    source_crs: str,
    encoding: str | None,
    field_mapping: dict[str, str],
    feature_count: int,
    report: dict[str, Any],
    actor: str,
) -> int:
    return new_id(
        conn,
        s.layers,
        project_id=project_id,
        kind=kind,
        source_name=source_name,
        source_sha256=hashlib.sha256(source_bytes).hexdigest(),
        source_crs=source_crs,
        encoding=encoding,
        field_mapping=field_mapping,
        feature_count=feature_count,
        report=json.loads(json.dumps(report, default=str)),
        imported_at=utcnow(),
        imported_by=actor,
    )


def _geoms_with_srid(frame: gpd.GeoDataFrame, epsg: int) -> np.ndarray:
    geoms: np.ndarray = shapely.set_srid(frame.geometry.values.to_numpy(), epsg)
    return geoms


def parcel_columns(
    conn: Connection, parcels: gpd.GeoDataFrame, layer_id: int, epsg: int
) -> dict[str, list[Any]]:
    """Parcels' stored columns (without ``id``, ``project_id``) as lists the driver takes."""
    geoms = parcels.geometry.values.to_numpy()
    # A layer without codes writes none: a code stored is never cleared (a matched parcel's came
    # back in its column already, ``geo.matching.matched_parcels``). A layer whose communes were
    # not resolved (a project without a province) writes none of today's (``land.communes``).
    coded = "parcel_code" in parcels and bool(parcels["parcel_code"].notna().any())
    return {
        "layer_id": [layer_id] * len(parcels),
        **{
            name: _plain_column(parcels[name]) if name in parcels else [None] * len(parcels)
            for name in PARCEL_COLUMNS
            if name != "parcel_code" or coded
        },
        "computed_area_m2": shapely.area(geoms).tolist(),
        "attributes": [a if isinstance(a, str) else json_text(a) for a in parcels["attributes"]],
        "geom": geometries(conn, geoms, epsg),
    }


def insert_parcels(
    conn: Connection, project_id: int, layer_id: int, parcels: gpd.GeoDataFrame, epsg: int
) -> list[int]:
    """Insert parcels column-wise, a block at a time (``core.bulk``); returns their new ids in
    order."""

    def block(start: int, stop: int) -> dict[str, list[Any]]:
        return {
            "project_id": [project_id] * (stop - start),
            **parcel_columns(conn, parcels.iloc[start:stop], layer_id, epsg),
        }

    return insert_new(conn, s.parcels, len(parcels), block)


def _plain_column(series: pd.Series) -> list[Any]:
    """A column's values as Python values, a missing one as None."""
    values: list[Any] = series.astype(object).where(series.notna(), None).tolist()
    return values


def insert_features(
    conn: Connection,
    table: Table,
    project_id: int,
    layer_id: int,
    features: gpd.GeoDataFrame,
    epsg: int,
) -> None:
    """Insert corridors, tower foundations or houses: every non-geometry column maps to a column."""
    geoms = _geoms_with_srid(features, epsg)
    extra = [c for c in features.columns if c != features.geometry.name]
    rows = []
    for i, record in enumerate(features[extra].to_dict("records")):
        row = {k: json_safe(v) for k, v in record.items()}
        if isinstance(row.get("centreline"), shapely.Geometry):
            row["centreline"] = shapely.set_srid(record["centreline"], epsg)
        row.update(project_id=project_id, layer_id=layer_id, geom=geoms[i])
        rows.append(row)
    if rows:
        conn.execute(insert(table), rows)


def replace_impacts(conn: Connection, project_id: int, impacts: pd.DataFrame) -> None:
    """Replace the overlay results (columns: parcel_id, permanent_m2, restricted_m2)."""
    conn.execute(delete(s.parcel_impacts).where(s.parcel_impacts.c.project_id == project_id))
    now = utcnow()
    rows = [
        {
            "project_id": project_id,
            "parcel_id": int(r.parcel_id),
            "permanent_m2": float(r.permanent_m2),
            "restricted_m2": float(r.restricted_m2),
            "computed_at": now,
        }
        for r in impacts.itertuples()
    ]
    if rows:
        conn.execute(insert(s.parcel_impacts), rows)


def _frame(conn: Connection, query: Any, epsg: int) -> gpd.GeoDataFrame:
    """The query's rows as a GeoDataFrame; its ``geom`` column becomes the geometry, decoded at once."""
    query = query.with_only_columns(
        *[type_coerce(c, GeometryBytes).label("geom") if c.key == "geom" else c
          for c in query.selected_columns]
    )  # fmt: skip
    rows = [tuple(r) for r in conn.execute(query).all()]
    frame = pd.DataFrame(rows, columns=list(query.selected_columns.keys()))
    stored = frame.pop("geom").to_numpy(dtype=object)
    wkb = [bytes(v) if isinstance(v, memoryview) else v for v in stored]
    return gpd.GeoDataFrame(
        frame, geometry=gpd.GeoSeries(shapely.from_wkb(wkb), crs=epsg), crs=epsg
    )


def parcels_frame(
    conn: Connection, project_id: int, epsg: int, *, include_retired: bool = False
) -> gpd.GeoDataFrame:
    """The project's parcels with their impacts (0 where unaffected), in the project's CRS."""
    p, i = s.parcels, s.parcel_impacts
    query = (
        select(
            p.c.id,
            *[p.c[c] for c in PARCEL_COLUMNS],
            p.c.computed_area_m2,
            p.c.retired_at.is_not(None).label("retired"),
            i.c.permanent_m2,
            i.c.restricted_m2,
            p.c.geom,
        )
        .select_from(p.outerjoin(i, i.c.parcel_id == p.c.id))
        .where(p.c.project_id == project_id)
        .order_by(p.c.id)
    )
    if not include_retired:
        query = query.where(p.c.retired_at.is_(None))
    frame = _frame(conn, query, epsg)
    for column in ("permanent_m2", "restricted_m2"):
        frame[column] = frame[column].astype(float).fillna(0.0)
    return frame


def features_frame(conn: Connection, table: Table, project_id: int, epsg: int) -> gpd.GeoDataFrame:
    columns = [c for c in table.c if c.name not in ("project_id", "layer_id", "centreline")]
    query = select(*columns).where(table.c.project_id == project_id).order_by(table.c.id)
    return _frame(conn, query, epsg)


def centrelines(conn: Connection, project_id: int, epsg: int) -> gpd.GeoSeries:
    """The power lines' centrelines (for turning tower foundations to follow the line)."""
    c = s.corridors
    query = select(c.c.centreline).where(
        c.c.project_id == project_id, c.c.kind == "power_corridor", c.c.centreline.is_not(None)
    )
    return gpd.GeoSeries(list(conn.scalars(query)), crs=epsg)


def power_lines(conn: Connection, project_id: int, epsg: int) -> gpd.GeoDataFrame:
    """The stored power corridors' centrelines, with their name and layer, to draw them again."""
    c = s.corridors
    rows = conn.execute(
        select(c.c.layer_id, c.c.name, c.c.centreline)
        .where(
            c.c.project_id == project_id, c.c.kind == "power_corridor", c.c.centreline.is_not(None)
        )
        .order_by(c.c.id)
    ).all()
    return gpd.GeoDataFrame(
        {"layer_id": [r.layer_id for r in rows], "name": [r.name for r in rows]},
        geometry=[r.centreline for r in rows], crs=epsg,
    )  # fmt: skip


def drawn_boundaries(conn: Connection, project_id: int) -> list[tuple[int, Any]]:
    """The recovery strips drawn from a centreline (a road's): their ids and centrelines."""
    c = s.corridors
    query = (
        select(c.c.id, c.c.centreline)
        .where(c.c.project_id == project_id, c.c.kind == "recovery_boundary",
               c.c.centreline.is_not(None))
        .order_by(c.c.id)
    )  # fmt: skip
    return [(int(i), line) for i, line in conn.execute(query).all()]


def set_half_widths(conn: Connection, ids: list[int], half_width_m: float) -> None:
    c = s.corridors
    if ids:
        conn.execute(update(c).where(c.c.id.in_(ids)).values(half_width_m=half_width_m))


def affected_parcel_ids(conn: Connection, project_id: int) -> set[int]:
    query = select(s.parcel_impacts.c.parcel_id).where(s.parcel_impacts.c.project_id == project_id)
    return set(conn.scalars(query))


def house_rules_of(conn: Connection, project_id: int) -> dict[int, str]:
    h = s.house_impacts
    return dict(
        conn.execute(select(h.c.house_id, h.c.rule).where(h.c.project_id == project_id)).all()
    )


def active_parcel_count(conn: Connection, project_id: int) -> int:
    """How many parcels the project holds now (retired ones left out)."""
    p = s.parcels
    return int(
        conn.scalar(
            select(func.count()).where(p.c.project_id == project_id, p.c.retired_at.is_(None))
        )
        or 0
    )


def land_counts(conn: Connection, project_id: int) -> dict[str, int]:
    """How many of each kind of land feature the project holds now (retired parcels left out)."""
    c, p = s.corridors, s.parcels

    def count(table: Table, *where: Any) -> int:
        query = select(func.count()).select_from(table).where(table.c.project_id == project_id)
        return int(conn.scalar(query.where(*where)) or 0)

    return {
        "layers": count(s.layers),
        "centrelines": count(c, c.c.kind == "power_corridor"),
        "boundaries": count(c, c.c.kind == "recovery_boundary"),
        "towers": count(s.tower_foundations),
        "parcels": count(p, p.c.retired_at.is_(None)),
        "houses": count(s.houses),
        "affected_parcels": count(s.parcel_impacts),
    }


def set_geometries(
    conn: Connection, table: Table, ids: list[int], geoms: np.ndarray, epsg: int
) -> None:
    """Give the rows ``ids`` of ``table`` new geometries (in the project's CRS)."""
    if ids:
        conn.execute(
            update(table).where(table.c.id == bindparam("row_id")).values(geom=bindparam("new")),
            [
                {"row_id": i, "new": g}
                for i, g in zip(ids, shapely.set_srid(geoms, epsg), strict=True)
            ],
        )


def affected_parcel_rows(conn: Connection, project_id: int) -> list[Any]:
    """The project's current parcels with a recovered or restricted area, with those areas."""
    p, i = s.parcels, s.parcel_impacts
    query = (
        select(p.c.id, p.c.sheet_no, p.c.parcel_no, p.c.commune, p.c.land_use_codes,
               i.c.permanent_m2, i.c.restricted_m2, p.c.computed_area_m2)
        .join(i, i.c.parcel_id == p.c.id)
        .where(p.c.project_id == project_id, p.c.retired_at.is_(None))
        .where((i.c.permanent_m2 > 0) | (i.c.restricted_m2 > 0))
    )  # fmt: skip
    return list(conn.execute(query))
