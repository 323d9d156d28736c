"""Corridors and foundations: the land a project takes or restricts, in a metric CRS.

A power line's safety corridor is its centreline buffered by half the outer-conductor spread plus
the safety distance for its voltage (a data table, ``data/safety_distances.csv``). Tower foundations
are the given polygons, or squares of a given side centred on the tower points and turned to follow
the line.
"""

from __future__ import annotations

import csv
import functools
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import InvalidParameter
from translations import _

_DISTANCES_CSV = Path(__file__).parent / "data" / "safety_distances.csv"


@functools.cache
def _safety_table() -> dict[tuple[float, str], dict[str, str]]:
    with _DISTANCES_CSV.open(encoding="utf-8") as f:
        return {(float(r["voltage_kv"]), r["conductor"]): r for r in csv.DictReader(f)}


def _safety_row(voltage_kv: float, conductor: str) -> dict[str, str]:
    table = _safety_table()
    key_voltage = 22.0 if voltage_kv <= 22 else float(voltage_kv)
    try:
        return table[(key_voltage, conductor)]
    except KeyError:
        known = sorted({v for v, c in table if c == conductor})
        raise InvalidParameter(
            _(
                "No safety distance is known for {voltage} kV ({conductor} conductor). "
                "Known voltages: {known} kV."
            ).format(
                voltage=f"{voltage_kv:g}",
                conductor=conductor,
                known=", ".join(f"{v:g}" for v in known),
            )
        ) from None


def safety_distance_m(voltage_kv: float, conductor: str = "bare") -> float:
    """The safety distance each side of the outermost conductor for a nominal voltage.

    Voltages below 22 kV use the ≤22 kV row; others must be one of the table's voltages.
    """
    return float(_safety_row(voltage_kv, conductor)["distance_m"])


def house_may_stay(voltage_kv: float) -> bool:
    """Whether a house may stay under a line of this voltage if it meets the conditions (≤ 220 kV)."""
    return _safety_row(voltage_kv, "bare")["house_may_stay"] == "yes"


def corridor_half_width_m(voltage_kv: float, conductor_half_spread_m: float) -> float:
    if conductor_half_spread_m < 0:
        raise InvalidParameter(_("The conductor half-spread cannot be negative."))
    return conductor_half_spread_m + safety_distance_m(voltage_kv)


def buffer_line(centreline: BaseGeometry, half_width_m: float) -> BaseGeometry:
    """The corridor polygon: the line buffered each side, with flat ends at the line's ends."""
    if half_width_m <= 0:
        raise InvalidParameter(
            _("A corridor half-width must be more than 0 m; {value} m was given.").format(
                value=f"{half_width_m:g}"
            )
        )
    return shapely.buffer(
        centreline, half_width_m, cap_style="flat", join_style="mitre", mitre_limit=3
    )


def _direction_at(line: BaseGeometry, point: BaseGeometry) -> float:
    """The line's bearing (radians, from the x axis) near its closest point to ``point``."""
    distance = line.project(point)
    ahead = line.interpolate(min(distance + 1.0, line.length))
    behind = line.interpolate(max(distance - 1.0, 0.0))
    return math.atan2(ahead.y - behind.y, ahead.x - behind.x)


def tower_footprints(
    towers: gpd.GeoSeries, side_m: float, line: BaseGeometry | None = None
) -> gpd.GeoSeries:
    """Foundation polygons: polygons as given; points become squares, aligned with ``line``."""
    if side_m <= 0:
        raise InvalidParameter(_("A tower foundation side must be more than 0 m."))
    half = side_m / 2
    square = np.array([(-half, -half), (half, -half), (half, half), (-half, half), (-half, -half)])
    shapes = []
    for geom in towers:
        if geom.geom_type != "Point":
            shapes.append(geom)
            continue
        angle = _direction_at(line, geom) if line is not None and not line.is_empty else 0.0
        rotation = np.array(
            [[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]]
        )
        corners = square @ rotation.T + (geom.x, geom.y)
        shapes.append(shapely.Polygon(corners))
    return gpd.GeoSeries(shapes, index=towers.index, crs=towers.crs)


def power_corridors(
    lines: gpd.GeoDataFrame,
    voltage_kv: float,
    conductor_half_spread_m: float,
    *,
    voltage_column: str | None = None,
    spread_column: str | None = None,
) -> gpd.GeoDataFrame:
    """One corridor per centreline feature; a segment's own voltage or spread overrides the project's.

    Columns: voltage_kv, half_width_m, centreline, geometry (the corridor polygon).
    """
    rows = []
    for _index, feature in lines.iterrows():
        voltage = _number(feature.get(voltage_column), voltage_kv) if voltage_column else voltage_kv
        spread = (
            _number(feature.get(spread_column), conductor_half_spread_m)
            if spread_column
            else conductor_half_spread_m
        )
        half_width = corridor_half_width_m(voltage, spread)
        line = feature.geometry
        rows.append(
            {
                "voltage_kv": voltage,
                "half_width_m": half_width,
                "centreline": line,
                "geometry": buffer_line(line, half_width),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=lines.crs)


def _number(value: object, default: float) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return default
    return default if math.isnan(number) else number


def parcels_under(
    foundations: gpd.GeoDataFrame, parcels: gpd.GeoDataFrame, min_area_m2: float = 0.01
) -> list[list[int]]:
    """For each foundation, the positions in ``parcels`` of the parcels it stands on (an overlap
    of more than ``min_area_m2``: a shared edge is not standing on a parcel). Same metric CRS."""
    if foundations.empty or parcels.empty:
        return [[] for _ in range(len(foundations))]
    tree = shapely.STRtree(parcels.geometry.values)
    found, candidates = tree.query(foundations.geometry.values, predicate="intersects")
    areas = shapely.area(
        shapely.intersection(
            foundations.geometry.values[found], parcels.geometry.values[candidates]
        )
    )
    under: list[list[int]] = [[] for _ in range(len(foundations))]
    for f, p, area in zip(found.tolist(), candidates.tolist(), areas.tolist(), strict=True):
        if area > min_area_m2:
            under[f].append(p)
    return under
