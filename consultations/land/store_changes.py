"""Changing a project's land after the first import: corrected parcels, new corridors, impacts.

Parcels are never deleted: one missing from a corrected layer is retired (its history may point at it);
one matched keeps its id (and so its households and meetings) and takes the new geometry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, Table, delete, insert, select, update

from consultations.core import schema as s
from consultations.core.audit import json_safe, utcnow
from consultations.core.bulk import update_columns
from consultations.core.database import new_id
from consultations.core.versions import versioned_update
from consultations.land.store import insert_features, insert_parcels, parcel_columns


@dataclass(frozen=True)
class ParcelChanges:
    updated: list[int]
    inserted: list[int]
    retired: list[int]


def replace_parcels(
    conn: Connection,
    project_id: int,
    layer_id: int,
    parcels: gpd.GeoDataFrame,
    matches: pd.Series,
    epsg: int,
) -> ParcelChanges:
    """Apply a corrected parcel layer: ``matches`` gives the stored id each incoming parcel replaces."""
    current = set(
        conn.scalars(
            select(s.parcels.c.id).where(
                s.parcels.c.project_id == project_id, s.parcels.c.retired_at.is_(None)
            )
        )
    )
    matched = matches.notna().to_numpy()
    updated = [int(i) for i in matches[matched]]
    if updated:  # all at once: each matched parcel takes the corrected values and shape
        columns = {
            "id": updated,
            **parcel_columns(conn, parcels[matched], layer_id, epsg),
            "retired_at": [None] * len(updated),
        }
        update_columns(conn, s.parcels, columns)
    inserted = insert_parcels(conn, project_id, layer_id, parcels[~matched], epsg)
    retired = sorted(current - set(updated))
    if retired:
        conn.execute(
            update(s.parcels).where(s.parcels.c.id.in_(retired)).values(retired_at=utcnow())
        )
    return ParcelChanges(updated, inserted, retired)


def replace_features(
    conn: Connection,
    table: Table,
    project_id: int,
    layer_id: int,
    features: gpd.GeoDataFrame,
    epsg: int,
    where: Any = None,
) -> None:
    """Replace a project's corridors, foundations or houses (optionally only rows matching ``where``)."""
    condition = table.c.project_id == project_id
    if where is not None:
        condition = condition & where
    if table is s.houses:
        conn.execute(delete(s.house_impacts).where(s.house_impacts.c.project_id == project_id))
    conn.execute(delete(table).where(condition))
    insert_features(conn, table, project_id, layer_id, features, epsg)


def replace_house_impacts(conn: Connection, project_id: int, rules: pd.DataFrame) -> None:
    """Rules per house id (index): columns rule, voltage_kv."""
    conn.execute(delete(s.house_impacts).where(s.house_impacts.c.project_id == project_id))
    now = utcnow()
    rows = [
        {
            "project_id": project_id,
            "house_id": int(house_id),
            "rule": str(r.rule),
            "voltage_kv": None if pd.isna(r.voltage_kv) else float(r.voltage_kv),
            "computed_at": now,
        }
        for house_id, r in rules.iterrows()
    ]
    if rows:
        conn.execute(insert(s.house_impacts), rows)


def set_households_affected(
    conn: Connection, project_id: int, affected_ids: set[int], actor: str
) -> tuple[list[str], list[str]]:
    """Mark households affected or not; returns the codes that (entered, left) the affected list."""
    h = s.households
    rows = conn.execute(
        select(h.c.id, h.c.code, h.c.affected, h.c.version).where(h.c.project_id == project_id)
    ).all()
    entered: list[str] = []
    left: list[str] = []
    for row in rows:
        now_affected = row.id in affected_ids
        if now_affected == row.affected:
            continue
        # Read in this same transaction, so the version cannot be stale.
        versioned_update(
            conn, h, entity="household", row_id=row.id, seen_version=row.version,
            values={"affected": now_affected}, actor=actor, project_id=project_id,
        )  # fmt: skip
        (entered if now_affected else left).append(row.code)
    return entered, left


def remembered_mapping(conn: Connection, kind: str, layout_key: str) -> dict[str, str] | None:
    m = s.field_mappings
    found = conn.scalar(select(m.c.mapping).where(m.c.kind == kind, m.c.layout_key == layout_key))
    return dict(found) if found else None


def remember_mapping(conn: Connection, kind: str, layout_key: str, mapping: dict[str, str]) -> None:
    m = s.field_mappings
    condition = (m.c.kind == kind) & (m.c.layout_key == layout_key)
    if conn.scalar(select(m.c.id).where(condition)) is None:
        conn.execute(
            insert(m).values(kind=kind, layout_key=layout_key, mapping=mapping, updated_at=utcnow())
        )
    else:
        conn.execute(update(m).where(condition).values(mapping=mapping, updated_at=utcnow()))


def register_matches(conn: Connection, project_id: int, rows: pd.DataFrame) -> list[int | None]:
    """For each register row (sheet_no, parcel_no, old_commune), the one active parcel it names."""
    p = s.parcels
    stored = conn.execute(
        select(p.c.id, p.c.old_commune, p.c.sheet_no, p.c.parcel_no).where(
            p.c.project_id == project_id, p.c.retired_at.is_(None)
        )
    ).all()
    by_key: dict[tuple[str | None, str | None, str | None], set[int]] = {}
    for row in stored:
        by_key.setdefault((row.old_commune, row.sheet_no, row.parcel_no), set()).add(row.id)
        by_key.setdefault((None, row.sheet_no, row.parcel_no), set()).add(row.id)
    found: list[int | None] = []
    for row in rows.itertuples():
        ids = by_key.get((row.old_commune, row.sheet_no, row.parcel_no), set())
        found.append(
            next(iter(ids)) if len(ids) == 1 else None
        )  # unknown or ambiguous: not guessed
    return found


def apply_register(
    conn: Connection,
    rows: pd.DataFrame,
    matches: list[int | None],
    fields: list[str],
) -> int:
    """Write the register's ``fields`` onto the matched parcels; its row goes into their attributes."""
    updated = 0
    for (_index, row), parcel_id in zip(rows.iterrows(), matches, strict=True):
        if parcel_id is None:
            continue
        attributes = conn.scalar(select(s.parcels.c.attributes).where(s.parcels.c.id == parcel_id))
        values: dict[str, Any] = {f: json_safe(row[f]) for f in fields}
        values["attributes"] = {
            **(attributes or {}),
            "register": {k: json_safe(v) for k, v in row["attributes"].items()},
        }
        conn.execute(update(s.parcels).where(s.parcels.c.id == parcel_id).values(**values))
        updated += 1
    return updated


def upsert_units(conn: Connection, project_id: int, units: gpd.GeoDataFrame, epsg: int) -> int:
    """Administrative units (name, level, code, geometry): updated by (level, name), else added."""
    u = s.admin_units
    count = 0
    for row, geom in zip(
        units.itertuples(), shapely.set_srid(units.geometry.values.to_numpy(), epsg), strict=True
    ):
        existing = conn.scalar(select(u.c.id).where(u.c.level == row.level, u.c.name == row.name))
        if existing is None:
            existing = new_id(conn, u, level=row.level, name=row.name, code=row.code, geom=geom)
        else:
            conn.execute(update(u).where(u.c.id == existing).values(code=row.code, geom=geom))
        linked = conn.scalar(
            select(s.project_units.c.unit_id).where(
                s.project_units.c.project_id == project_id, s.project_units.c.unit_id == existing
            )
        )
        if linked is None:
            conn.execute(insert(s.project_units).values(project_id=project_id, unit_id=existing))
        count += 1
    return count
