"""Importing one layer into a project: read and check it (no writes), then save it and recompute.

``prepare_layer`` does everything that can fail on bad input and writes nothing; ``save_layer`` and
``recompute_impacts`` run inside the caller's transaction, so an import completes or changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from consultations.records import Project
from consultations.storage import schema
from consultations.storage.land import centrelines, features_frame, insert_layer
from consultations.storage.land_changes import remember_mapping, remembered_mapping
from geo.corridor import buffer_line, power_corridors, tower_footprints
from geo.errors import InvalidParameter
from geo.fields import check_parcels, layout_key, map_parcel_fields, suggest_mapping
from geo.layers import Layer, read_layer
from translations import _

Progress = Callable[[float, str], None]
DEFAULT_TOWER_SIDE_M = 10.0


class LayerKind(StrEnum):
    PARCELS = "parcels"
    CENTRELINE = "centreline"
    BOUNDARY = "boundary"
    TOWERS = "towers"
    HOUSES = "houses"

    @property
    def label(self) -> str:
        return {
            LayerKind.PARCELS: _("Cadastral parcels"),
            LayerKind.CENTRELINE: _("Power line centreline"),
            LayerKind.BOUNDARY: _("Recovery boundary (or road centreline with a width)"),
            LayerKind.TOWERS: _("Tower foundations"),
            LayerKind.HOUSES: _("Houses"),
        }[self]


#: Which of our fields each kind maps, beyond the geometry.
KIND_FIELDS: dict[LayerKind, tuple[str, ...]] = {
    LayerKind.PARCELS: (
        "sheet_no", "parcel_no", "land_use_codes", "recorded_area_m2", "commune", "old_commune",
        "owner_name",
    ),
    LayerKind.CENTRELINE: ("name", "voltage_kv", "conductor_half_spread_m"),
    LayerKind.BOUNDARY: ("name",),
    LayerKind.TOWERS: ("label",),
    LayerKind.HOUSES: ("label", "roof", "walls"),
}  # fmt: skip


def field_label(name: str) -> str:
    """What a user calls each field we map."""
    return {
        "sheet_no": _("Map sheet number"),
        "parcel_no": _("Parcel number"),
        "land_use_codes": _("Land-use code(s)"),
        "recorded_area_m2": _("Recorded area (m²)"),
        "commune": _("Commune"),
        "old_commune": _("Old commune (before 2025 mergers)"),
        "owner_name": _("Land user"),
        "name": _("Name"),
        "voltage_kv": _("Voltage of the segment (kV)"),
        "conductor_half_spread_m": _("Outer-conductor half-spread (m)"),
        "label": _("Label / number"),
        "roof": _("Roof material"),
        "walls": _("Wall material"),
    }[name]


@dataclass(frozen=True)
class ImportOptions:
    layer: str | None = None
    crs_epsg: int | None = None  # used when the file has no CRS
    encoding: str | None = None  # overrides detection
    mapping: dict[str, str] | None = None  # our field → their column; None: remembered or guessed
    width_m: float | None = None  # a boundary given as a centreline: the road's full width
    tower_side_m: float | None = None


@dataclass(frozen=True)
class PreparedLayer:
    kind: LayerKind
    source_name: str
    source_bytes: bytes
    layer: Layer
    mapping: dict[str, str]
    features: gpd.GeoDataFrame  # in the project's CRS, columns ready for the store
    report: dict[str, Any] = field(default_factory=dict)


def mapping_for(conn: Any, kind: LayerKind, columns: list[str]) -> dict[str, str]:
    """The mapping remembered for this layout of columns, else a guess from usual names."""
    remembered = remembered_mapping(conn, str(kind), layout_key(str(kind), columns))
    if remembered is not None:
        return remembered
    guessed = suggest_mapping(columns) if kind is LayerKind.PARCELS else {}
    lowered = {str(c).lower(): str(c) for c in columns}
    for ours in KIND_FIELDS[kind]:
        if ours not in guessed:
            for candidate in (ours, *_ALIASES.get(ours, ())):
                if candidate in lowered:
                    guessed[ours] = lowered[candidate]
                    break
    return guessed


_ALIASES = {
    "label": ("ten_cot", "so_cot", "ma_ho", "name", "ten"),
    "name": ("ten", "ten_tuyen"),
    "voltage_kv": ("cap_dien_ap", "dien_ap", "kv"),
    "roof": ("mai",),
    "walls": ("tuong",),
}


def _column(frame: gpd.GeoDataFrame, mapping: dict[str, str], ours: str) -> list[Any]:
    theirs = mapping.get(ours)
    if not theirs:
        return [None] * len(frame)
    return [None if v is None else str(v) for v in frame[theirs].tolist()]


def prepare_layer(
    conn: Any, project: Project, path: Path, kind: LayerKind, options: ImportOptions
) -> PreparedLayer:
    """Read, map and check a layer for the project (``conn`` is only read); nothing is written."""
    path = Path(path)
    layer = read_layer(
        path, layer=options.layer, crs_epsg=options.crs_epsg, encoding=options.encoding
    )
    columns = [str(c) for c in layer.frame.columns if c != layer.frame.geometry.name]
    mapping = options.mapping if options.mapping is not None else mapping_for(conn, kind, columns)
    unknown = sorted(set(mapping) - set(KIND_FIELDS[kind]))
    if unknown:
        raise InvalidParameter(
            _("Unknown fields for this kind of layer: {fields}.").format(fields=", ".join(unknown))
        )
    frame = layer.frame[~(layer.frame.geometry.isna() | layer.frame.geometry.is_empty)]
    frame = frame.to_crs(project.crs_epsg)
    report: dict[str, Any] = {"notes": list(layer.notes)}
    if kind is LayerKind.PARCELS:
        zone = _project_zone(conn, project)
        features, checks = check_parcels(map_parcel_fields(frame, mapping), zone)
        report.update(checks.as_dict())
    else:
        features = _features(conn, project, kind, frame, mapping, options)
        report["count"] = len(features)
    return PreparedLayer(kind, path.name, path.read_bytes(), layer, mapping, features, report)


def _polygons_only(frame: gpd.GeoDataFrame, what: str) -> None:
    kinds = set(frame.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise InvalidParameter(
            _("{what} must be polygons; this layer has {kinds}.").format(
                what=what, kinds=", ".join(sorted(kinds))
            )
        )


def _features(
    conn: Any,
    project: Project,
    kind: LayerKind,
    frame: gpd.GeoDataFrame,
    mapping: dict[str, str],
    options: ImportOptions,
) -> gpd.GeoDataFrame:
    crs = frame.crs
    if kind is LayerKind.CENTRELINE:
        lines = frame[frame.geom_type.isin(["LineString", "MultiLineString"])]
        if lines.empty or project.voltage_kv is None:
            raise InvalidParameter(
                _("A power line needs line features and a project voltage; found {kinds}.").format(
                    kinds=", ".join(sorted(set(frame.geom_type))) or "-"
                )
            )
        lines = lines.set_geometry(shapely.line_merge(lines.geometry.values.to_numpy()))
        corridors = power_corridors(
            lines,
            project.voltage_kv,
            project.conductor_half_spread_m or 0.0,
            voltage_column=mapping.get("voltage_kv"),
            spread_column=mapping.get("conductor_half_spread_m"),
        )
        corridors["kind"] = "power_corridor"
        corridors["name"] = _column(lines, mapping, "name")
        return corridors
    if kind is LayerKind.BOUNDARY:
        if options.width_m:
            geometry = [buffer_line(g, options.width_m / 2) for g in frame.geometry]
        else:
            _polygons_only(frame, _("A recovery boundary"))
            geometry = list(frame.geometry)
        return gpd.GeoDataFrame(
            {"kind": "recovery_boundary", "name": _column(frame, mapping, "name"),
             "half_width_m": (options.width_m or 0) / 2 or None},
            geometry=geometry, crs=crs,
        )  # fmt: skip
    if kind is LayerKind.TOWERS:
        lines = centrelines(conn, project.id, project.crs_epsg)
        line = shapely.union_all(lines.values) if len(lines) else None
        side = options.tower_side_m or project.tower_side_m or DEFAULT_TOWER_SIDE_M
        shapes = tower_footprints(frame.geometry, side, line)
        labels = _column(frame, mapping, "label")
        labels = [label or str(i + 1) for i, label in enumerate(labels)]
        return gpd.GeoDataFrame({"label": labels}, geometry=shapes.values, crs=crs)
    _polygons_only(frame, _("Houses"))
    houses = gpd.GeoDataFrame(
        {ours: _column(frame, mapping, ours) for ours in KIND_FIELDS[LayerKind.HOUSES]},
        geometry=frame.geometry.values,
        crs=crs,
    )
    houses["attributes"] = frame.drop(columns=frame.geometry.name).astype(str).to_dict("records")
    return houses


def _project_zone(conn: Any, project: Project) -> shapely.Geometry | None:
    zones = features_frame(conn, schema.corridors, project.id, project.crs_epsg)
    return shapely.union_all(zones.geometry.values) if len(zones) else None


def record_layer(conn: Any, project: Project, prepared: PreparedLayer, actor: str) -> int:
    """The layer's source and report, and its remembered field mapping."""
    columns = [
        str(c) for c in prepared.layer.frame.columns if c != prepared.layer.frame.geometry.name
    ]
    remember_mapping(
        conn, str(prepared.kind), layout_key(str(prepared.kind), columns), prepared.mapping
    )
    crs = prepared.layer.frame.crs
    return insert_layer(
        conn,
        project_id=project.id,
        kind=str(prepared.kind),
        source_name=prepared.source_name,
        source_bytes=prepared.source_bytes,
        source_crs=crs.to_string() if crs is not None else "",
        encoding=prepared.layer.encoding,
        field_mapping=prepared.mapping,
        feature_count=len(prepared.features),
        report=prepared.report,
        actor=actor,
    )
