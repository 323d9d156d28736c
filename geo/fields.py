"""Mapping a land office's column names onto Clearway's parcel fields, and checking the result."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import shapely

from geo.errors import EmptyLayer, InvalidParameter
from translations import _

PARCEL_FIELDS = (
    "commune",
    "old_commune",
    "sheet_no",
    "parcel_no",
    "land_use_codes",
    "owner_name",
    "recorded_area_m2",
)
REQUIRED_PARCEL_FIELDS = ("sheet_no", "parcel_no")
KEY = ["commune", "old_commune", "sheet_no", "parcel_no"]


@dataclass(frozen=True)
class ParcelReport:
    """What the checks found; nothing here stops an import, everything here is shown."""

    count: int
    repaired: int
    duplicate_keys: list[tuple[str, ...]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "repaired": self.repaired,
            "duplicate_keys": [list(k) for k in self.duplicate_keys],
        }


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]  # sheet 12 read from a numeric column as 12.0
    return text or None


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a repaired geometry (make_valid may add stray lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polygons = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else shapely.Polygon()


def map_parcel_fields(frame: gpd.GeoDataFrame, mapping: dict[str, str]) -> gpd.GeoDataFrame:
    """Standard parcel columns from the source columns named in ``mapping`` (our field → theirs).

    The source attributes are kept whole in an ``attributes`` column.
    """
    unknown = sorted(set(mapping) - set(PARCEL_FIELDS))
    if unknown:
        raise InvalidParameter(
            _("Unknown parcel fields in the mapping: {fields}.").format(fields=", ".join(unknown))
        )
    missing = [f for f in REQUIRED_PARCEL_FIELDS if f not in mapping]
    absent = [c for c in mapping.values() if c not in frame.columns]
    if missing or absent:
        raise InvalidParameter(
            _(
                "Map the sheet number and parcel number to columns of the file. "
                "Not mapped: {missing}; not in the file: {absent}. The file has: {columns}."
            ).format(
                missing=", ".join(missing) or "-",
                absent=", ".join(absent) or "-",
                columns=", ".join(str(c) for c in frame.columns if c != frame.geometry.name),
            )
        )
    source = frame.drop(columns=frame.geometry.name)
    result = gpd.GeoDataFrame(index=frame.index, geometry=frame.geometry.values, crs=frame.crs)
    for name in PARCEL_FIELDS:
        column = mapping.get(name)
        if name == "recorded_area_m2":
            values = source[column] if column else pd.Series(float("nan"), index=frame.index)
            result[name] = pd.to_numeric(values, errors="coerce")
        else:
            result[name] = source[column].map(_text) if column else None
    result["attributes"] = source.astype(object).where(source.notna(), None).to_dict("records")
    return result


def check_parcels(parcels: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, ParcelReport]:
    """Repair invalid polygons, refuse empty ones, and list duplicate keys (kept, never dropped)."""
    geoms = parcels.geometry.values.to_numpy()
    empty = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    if empty.any():
        rows = ", ".join(str(i + 1) for i in empty.nonzero()[0][:10])
        raise EmptyLayer(
            _("{count} parcels have no geometry (rows {rows}); fix or remove them.").format(
                count=int(empty.sum()), rows=rows
            )
        )
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        geoms[invalid] = [_polygonal(g) for g in shapely.make_valid(geoms[invalid])]
        parcels = parcels.set_geometry(gpd.GeoSeries(geoms, index=parcels.index, crs=parcels.crs))
    keys = parcels[KEY].fillna("")
    duplicated = keys[keys.duplicated(keep=False)]
    duplicate_keys = sorted({tuple(row) for row in duplicated.itertuples(index=False)})
    return parcels, ParcelReport(len(parcels), int(invalid.sum()), duplicate_keys)
