"""The stateless computation behind ``cli.py affected``: files in, one row per affected parcel out.

Nothing is stored. Areas are in square metres of a CRS fit for measuring (``geo.measuring``): the
parcels' own when it is a transverse Mercator in metres (VN-2000, UTM), else their province's
VN-2000 zone (Web Mercator, degrees and unknown units are never measured in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from consultations.core.spreadsheets import write_csv
from geo.corridor import buffer_line, corridor_half_width_m, tower_footprints
from geo.errors import InvalidParameter
from geo.layers import read_layer
from geo.measuring import measuring_crs
from geo.overlay import parcel_impacts
from geo.parcel_shapes import Labels, parcel_shapes, row_labels
from translations import _

AREA_COLUMNS = ["parcel_area_m2", "permanent_m2", "restricted_m2", "affected_m2", "affected_share"]


@dataclass(frozen=True)
class CorridorSpec:
    half_width_m: float | None = None
    voltage_kv: float | None = None
    conductor_half_spread_m: float | None = None

    def half_width(self) -> float:
        if self.half_width_m is not None:
            return self.half_width_m
        if self.voltage_kv is None or self.conductor_half_spread_m is None:
            raise InvalidParameter(
                _("Give either a half-width, or a voltage and a conductor half-spread.")
            )
        return corridor_half_width_m(self.voltage_kv, self.conductor_half_spread_m)


@dataclass(frozen=True)
class Affected:
    """The affected parcels (a map: one row each, with its areas), and what reading them took."""

    parcels: gpd.GeoDataFrame
    encoding: str | None = None  # how the parcels' text was read; None: Unicode by format
    notes: list[str] = field(default_factory=list)  # repairs, encoding, features left out


def _labels(parcels: gpd.GeoDataFrame, id_field: str | None) -> Labels:
    if id_field is not None:
        return lambda rows: [str(parcels[id_field].iloc[i]) for i in rows]
    return row_labels


def affected_parcels(
    parcels_path: Path,
    corridor_path: Path,
    spec: CorridorSpec,
    *,
    towers_path: Path | None = None,
    tower_side_m: float | None = None,
    crs_epsg: int | None = None,
    encoding: str | None = None,
    id_field: str | None = None,
    layer: str | None = None,
) -> Affected:
    """Every parcel that loses land, with its source attributes and the areas it loses. The
    parcels are read, repaired and checked as a stored import reads them (``parcel_shapes``)."""
    read = read_layer(parcels_path, layer=layer, crs_epsg=crs_epsg, encoding=encoding)
    parcels = read.frame
    if id_field is not None and id_field not in parcels.columns:
        raise InvalidParameter(
            _("The parcels have no column “{field}”. Columns: {columns}.").format(
                field=id_field,
                columns=", ".join(str(c) for c in parcels.columns if c != "geometry"),
            )
        )
    parcels, shapes = parcel_shapes(parcels, _labels(parcels, id_field), Path(parcels_path).name)
    measuring = measuring_crs(parcels)
    epsg = measuring.epsg
    # A corridor or tower file without a CRS is taken to be in the parcels' own.
    crs_epsg = crs_epsg or parcels.crs.to_epsg() or epsg
    parcels = parcels.to_crs(epsg)
    lines = read_layer(corridor_path, crs_epsg=crs_epsg).frame.to_crs(epsg)
    polygons = lines[lines.geom_type.isin(["Polygon", "MultiPolygon"])]
    linear = lines[lines.geom_type.isin(["LineString", "MultiLineString"])]
    centreline = (
        shapely.line_merge(shapely.union_all(linear.geometry.values)) if len(linear) else None
    )
    parts = [*polygons.geometry.values]
    if centreline is not None:
        parts.append(buffer_line(centreline, spec.half_width()))
    if not parts:
        raise InvalidParameter(_("The corridor file has no line or polygon."))
    corridor = shapely.union_all(parts)
    permanent = None
    if towers_path is not None:
        towers = read_layer(towers_path, crs_epsg=crs_epsg).frame.to_crs(epsg)
        if tower_side_m is None and not towers.geom_type.isin(["Polygon", "MultiPolygon"]).all():
            raise InvalidParameter(_("Tower points need a foundation side (--tower-side-m)."))
        permanent = shapely.union_all(
            tower_footprints(towers.geometry, tower_side_m or 1.0, centreline).values
        )
    impacts = parcel_impacts(parcels.geometry, permanent, corridor)
    hit = impacts.affected_m2 > 0.01
    result = pd.concat([parcels[hit].drop(columns="geometry"), impacts[hit].round(3)], axis=1)
    if id_field is not None:
        result = result[[id_field, *[c for c in result.columns if c != id_field]]]
    frame = gpd.GeoDataFrame(result, geometry=parcels.geometry[hit], crs=epsg)
    measured = [measuring.note] if measuring.note else []
    return Affected(frame, read.encoding, [*read.notes, *shapes.notes(), *measured])


def write_affected(result: gpd.GeoDataFrame, out: Path) -> None:
    """CSV (UTF-8 with BOM, so Excel shows Vietnamese) or GeoPackage (with geometry and CRS)."""
    suffix = out.suffix.lower()
    if suffix == ".csv":
        write_csv(pd.DataFrame(result.drop(columns="geometry")), out)
    elif suffix == ".gpkg":
        result.to_file(out, layer="affected_parcels", driver="GPKG", engine="pyogrio")
    else:
        raise InvalidParameter(
            _("Write the result to a .csv or .gpkg file, not “{name}”.").format(name=out.name)
        )
