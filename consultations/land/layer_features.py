"""Building the stored features of each kind of layer from a read, CRS-settled frame."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely

from consultations.core.records import Project
from consultations.land.kinds import KIND_FIELDS, ImportOptions, LayerKind
from consultations.land.store import centrelines
from geo.corridor import buffer_line, power_corridors, tower_footprints
from geo.errors import InvalidParameter
from translations import _

DEFAULT_TOWER_SIDE_M = 10.0


def _column(frame: gpd.GeoDataFrame, mapping: dict[str, str], ours: str) -> list[Any]:
    theirs = mapping.get(ours)
    if not theirs:
        return [None] * len(frame)
    return [None if v is None else str(v) for v in frame[theirs].tolist()]


def _polygons_only(frame: gpd.GeoDataFrame, what: str) -> None:
    kinds = set(frame.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise InvalidParameter(
            _("{what} must be polygons; this layer has {kinds}.").format(
                what=what, kinds=", ".join(sorted(kinds))
            )
        )


def _boundaries(
    project: Project, frame: gpd.GeoDataFrame, mapping: dict[str, str], options: ImportOptions
) -> gpd.GeoDataFrame:
    """Recovery boundaries: polygons as drawn; a road's centreline as a strip of its full width
    (the import's, else the project's), its centreline kept so that a new width draws it again."""
    lines = frame.geom_type.isin(["LineString", "MultiLineString"]).to_numpy()
    width = options.width_m or project.corridor_width_m
    if lines.any() and not width:
        raise InvalidParameter(
            _("This layer holds lines ({n}), as a road's centreline: give the road's full width "
              "in metres, or send the recovery boundary as polygons.").format(n=int(lines.sum()))
        )  # fmt: skip
    _polygons_only(frame[~lines], _("A recovery boundary (other than a centreline)"))
    half = (width or 0) / 2
    geoms = list(frame.geometry)
    return gpd.GeoDataFrame(
        {"kind": "recovery_boundary", "name": _column(frame, mapping, "name"),
         "half_width_m": [half if line else None for line in lines],
         "centreline": [g if line else None for g, line in zip(geoms, lines, strict=True)]},
        geometry=[buffer_line(g, half) if line else g for g, line in zip(geoms, lines, strict=True)],
        crs=frame.crs,
    )  # fmt: skip


def build_features_in(
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
        return _boundaries(project, frame, mapping, options)
    if kind is LayerKind.TOWERS:
        lines = centrelines(conn, project.id, project.crs_epsg)
        line = shapely.union_all(lines.values) if len(lines) else None
        side = options.tower_side_m or project.tower_side_m or DEFAULT_TOWER_SIDE_M
        shapes = tower_footprints(frame.geometry, side, line)
        labels = _column(frame, mapping, "label")
        labels = [label or str(i + 1) for i, label in enumerate(labels)]
        return gpd.GeoDataFrame({"label": labels}, geometry=shapes.values, crs=crs)
    if kind is LayerKind.UNITS:
        _polygons_only(frame, _("Administrative units"))
        names = _column(frame, mapping, "name")
        if not mapping.get("name") or any(not n for n in names):
            raise InvalidParameter(
                _("Every administrative unit needs a name: map the name column.")
            )
        levels = [level or "village" for level in _column(frame, mapping, "level")]
        return gpd.GeoDataFrame(
            {"name": names, "level": levels, "code": _column(frame, mapping, "code")},
            geometry=frame.geometry.values,
            crs=crs,
        )
    _polygons_only(frame, _("Houses"))
    houses = gpd.GeoDataFrame(
        {ours: _column(frame, mapping, ours) for ours in KIND_FIELDS[LayerKind.HOUSES]},
        geometry=frame.geometry.values,
        crs=crs,
    )
    houses["attributes"] = frame.drop(columns=frame.geometry.name).astype(str).to_dict("records")
    return houses
