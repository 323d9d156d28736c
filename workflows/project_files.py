"""Create a project from a folder of land-office files described by a ``project.toml``.

Everything is read and checked first; only then is the project written, in one transaction, so a
bad file leaves the database as it was. The demo projects in ``data/parcels/`` load through here.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from consultations import loading
from consultations.records import NewProject, Project, ProjectKind
from consultations.registers import read_history_register, read_household_register
from consultations.storage import schema
from consultations.storage.database import Store
from consultations.storage.land import (
    insert_features,
    insert_layer,
    insert_parcels,
    replace_impacts,
)
from consultations.storage.projects import insert_project, write_audit
from geo.corridor import buffer_line, corridor_half_width_m, tower_footprints
from geo.fields import check_parcels, map_parcel_fields
from geo.layers import read_layer
from geo.overlay import parcel_impacts

MIN_AFFECTED_M2 = 0.01  # below this an intersection is a shared edge's rounding, not a loss


@dataclass(frozen=True)
class ProjectGeodata:
    parcels: gpd.GeoDataFrame
    parcel_report: dict[str, Any]
    corridors: gpd.GeoDataFrame
    towers: gpd.GeoDataFrame
    houses: gpd.GeoDataFrame
    impacts: pd.DataFrame


def _spec(folder: Path) -> dict[str, Any]:
    with (folder / "project.toml").open("rb") as f:
        return tomllib.load(f)


def _new_project(spec: dict[str, Any]) -> NewProject:
    fields = {k: v for k, v in spec.items() if not isinstance(v, dict)}
    fields["kind"] = ProjectKind(fields["kind"])
    fields["units"] = tuple(tuple(u) for u in fields.get("units", ()))
    if isinstance(fields.get("cutoff_on"), str):
        fields["cutoff_on"] = dt.date.fromisoformat(fields["cutoff_on"])
    return NewProject(**fields)


def read_geodata(folder: Path, project: NewProject, spec: dict[str, Any]) -> ProjectGeodata:
    epsg = project.crs_epsg
    section = spec["parcels"]
    raw = read_layer(folder / section["file"], layer=section.get("layer"), crs_epsg=epsg)
    parcels, report = check_parcels(map_parcel_fields(raw.to_crs(epsg), section["fields"]))
    corridor = permanent = None
    corridor_rows: list[dict[str, Any]] = []
    towers = gpd.GeoDataFrame({"label": []}, geometry=[], crs=epsg)
    if "centreline" in spec:
        lines = read_layer(folder / spec["centreline"]["file"], crs_epsg=epsg).to_crs(epsg)
        line = shapely.line_merge(shapely.union_all(lines.geometry.values))
        half_width = corridor_half_width_m(
            project.voltage_kv or 0, project.conductor_half_spread_m or 0
        )
        corridor = buffer_line(line, half_width)
        corridor_rows.append(
            {
                "kind": "power_corridor",
                "name": str(lines.iloc[0].get("Name") or ""),
                "voltage_kv": project.voltage_kv,
                "half_width_m": half_width,
                "centreline": line,
                "geometry": corridor,
            }
        )
        if "towers" in spec:
            points = read_layer(folder / spec["towers"]["file"], crs_epsg=epsg).to_crs(epsg)
            footprints = tower_footprints(points.geometry, project.tower_side_m or 10.0, line)
            towers = gpd.GeoDataFrame(
                {"label": points[spec["towers"]["label_field"]].astype(str).to_numpy()},
                geometry=footprints.to_numpy(),
                crs=epsg,
            )
            permanent = shapely.union_all(towers.geometry.values)
    if "boundary" in spec:
        boundary = read_layer(folder / spec["boundary"]["file"], crs_epsg=epsg).to_crs(epsg)
        permanent = shapely.union_all(boundary.geometry.values)
        corridor_rows.append(
            {"kind": "recovery_boundary", "name": str(boundary.iloc[0, 0]), "geometry": permanent}
        )
    houses = gpd.GeoDataFrame({"label": []}, geometry=[], crs=epsg)
    if "houses" in spec:
        raw_houses = read_layer(folder / spec["houses"]["file"], crs_epsg=epsg).to_crs(epsg)
        mapping = spec["houses"]["fields"]
        houses = gpd.GeoDataFrame(
            {ours: raw_houses[theirs].astype(str).to_numpy() for ours, theirs in mapping.items()},
            geometry=raw_houses.geometry.values,
            crs=epsg,
        )
        houses["attributes"] = raw_houses.drop(columns="geometry").astype(str).to_dict("records")
    impacts = parcel_impacts(parcels.geometry, permanent, corridor)
    return ProjectGeodata(
        parcels=parcels,
        parcel_report=report.as_dict(),
        corridors=gpd.GeoDataFrame(corridor_rows, crs=epsg)
        if corridor_rows
        else gpd.GeoDataFrame({"kind": []}, geometry=[], crs=epsg),
        towers=towers,
        houses=houses,
        impacts=impacts,
    )


def _parcel_ids(parcels: gpd.GeoDataFrame, ids: list[int]) -> dict[loading.ParcelKey, list[int]]:
    by_key: dict[loading.ParcelKey, list[int]] = defaultdict(list)
    for row, parcel_id in zip(parcels.itertuples(), ids, strict=True):
        by_key[(row.old_commune, row.sheet_no, row.parcel_no)].append(parcel_id)
        if row.old_commune is not None:
            by_key[(None, row.sheet_no, row.parcel_no)].append(parcel_id)
    return by_key


def load_project_folder(store: Store, folder: Path, actor: str) -> Project:
    """Read, check and save one project folder atomically; returns the new project."""
    folder = Path(folder)
    spec = _spec(folder)
    new = _new_project(spec)
    geodata = read_geodata(folder, new, spec)
    households = read_household_register(folder / spec["households"]["file"])
    codes = {h["code"] for h in households.households}
    history = read_history_register(folder / spec["history"]["file"], codes)
    epsg = new.crs_epsg
    with store.begin() as conn:
        project = insert_project(conn, new, actor)

        def layer(kind: str, file: str, count: int, report: dict[str, Any] | None = None) -> int:
            return insert_layer(
                conn,
                project_id=project.id,
                kind=kind,
                source_name=file,
                source_bytes=(folder / file).read_bytes(),
                source_crs=f"EPSG:{epsg}",
                encoding="UTF-8",
                field_mapping=spec.get(kind, {}).get("fields", {}),
                feature_count=count,
                report=report or {},
                actor=actor,
            )

        parcel_layer = layer(
            "parcels", spec["parcels"]["file"], len(geodata.parcels), geodata.parcel_report
        )
        ids = insert_parcels(conn, project.id, parcel_layer, geodata.parcels, epsg)
        for kind, table, frame in (
            (
                "centreline" if "centreline" in spec else "boundary",
                schema.corridors,
                geodata.corridors,
            ),
            ("towers", schema.tower_foundations, geodata.towers),
            ("houses", schema.houses, geodata.houses),
        ):
            if len(frame) and kind in spec:
                insert_features(
                    conn,
                    table,
                    project.id,
                    layer(kind, spec[kind]["file"], len(frame)),
                    frame,
                    epsg,
                )
        impacts = geodata.impacts.assign(parcel_id=ids)
        impacts = impacts[impacts.affected_m2 > MIN_AFFECTED_M2]
        replace_impacts(conn, project.id, impacts)
        household_ids = loading.save_households(
            conn,
            project.id,
            households,
            _parcel_ids(geodata.parcels, ids),
            set(impacts.parcel_id.tolist()),
        )
        loading.save_history(conn, project.id, history, household_ids, actor)
        write_audit(
            conn,
            actor=actor,
            action="import",
            entity="project",
            entity_id=project.id,
            project_id=project.id,
            after={"folder": folder.name, "parcels": len(ids), "households": len(household_ids)},
        )
    return project
