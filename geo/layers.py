"""Reading layers from land-office files into GeoDataFrames, with their CRS settled.

Bulk reading goes through pyogrio (GDAL). Tables of points (CSV, XLSX) with VN-2000 coordinates
follow the survey convention X = northing, Y = easting; the columns are checked, not trusted.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from geo.crs import check_inside_vietnam, checked_crs
from geo.errors import EmptyLayer, InvalidParameter, MissingCRS, UnreadableLayer
from translations import _

GDAL_SUFFIXES = {".zip", ".shp", ".gpkg", ".geojson", ".json", ".kml", ".kmz", ".dxf"}
TABLE_SUFFIXES = {".csv", ".xlsx"}
# A Vietnamese northing (VN-2000 or UTM) lies between these; an easting is well below.
NORTHING_RANGE_M = (900_000.0, 2_700_000.0)
EASTING_RANGE_M = (100_000.0, 900_000.0)


def _nfc(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(
                lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v
            )
    return frame


def _gdal_path(path: Path) -> str:
    return f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)


def read_layer(
    path: Path,
    *,
    crs_epsg: int | None = None,
    layer: str | None = None,
    encoding: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a vector layer; ``crs_epsg`` is required when the file has no CRS of its own."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return read_point_table(path, crs_epsg=crs_epsg)
    if suffix not in GDAL_SUFFIXES:
        raise UnreadableLayer(
            _("“{name}” is not a layer format Clearway reads (expected one of: {known}).").format(
                name=path.name, known=", ".join(sorted(GDAL_SUFFIXES | TABLE_SUFFIXES))
            )
        )
    try:
        frame = pyogrio.read_dataframe(_gdal_path(path), layer=layer, encoding=encoding)
    except (DataSourceError, DataLayerError) as error:
        raise UnreadableLayer(
            _("“{name}” could not be read as a map layer: {reason}").format(
                name=path.name, reason=error
            )
        ) from error
    if frame.empty:
        raise EmptyLayer(_("“{name}” contains no features.").format(name=path.name))
    if frame.crs is None:
        if crs_epsg is None:
            raise MissingCRS(
                _(
                    "“{name}” does not say which coordinate system it uses (no .prj). "
                    "Choose one, e.g. VN-2000 Nghệ An: EPSG:9208."
                ).format(name=path.name)
            )
        frame = frame.set_crs(checked_crs(crs_epsg))
    check_inside_vietnam(frame)
    return _nfc(frame)


def _column(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    lowered = {str(c).strip().lower(): c for c in frame.columns}
    return next((lowered[n] for n in names if n in lowered), None)


def _projected_xy(frame: pd.DataFrame, x_col: str, y_col: str) -> tuple[np.ndarray, np.ndarray]:
    """GIS (easting, northing) from survey X/Y columns, swapping where X is the northing."""
    x = pd.to_numeric(frame[x_col], errors="coerce").to_numpy()
    y = pd.to_numeric(frame[y_col], errors="coerce").to_numpy()
    if np.isnan(x).any() or np.isnan(y).any():
        raise UnreadableLayer(_("Some rows have no number in the X or Y column; fill them in."))

    def within(values: np.ndarray, bounds: tuple[float, float]) -> bool:
        return bool(((values >= bounds[0]) & (values <= bounds[1])).all())

    if within(x, NORTHING_RANGE_M) and within(y, EASTING_RANGE_M):
        return y, x  # Vietnamese survey tables: X is the northing.
    if within(x, EASTING_RANGE_M) and within(y, NORTHING_RANGE_M):
        return x, y
    raise UnreadableLayer(
        _(
            "The X and Y columns do not look like VN-2000 metres (a northing is about "
            "0.9–2.7 million, an easting 0.1–0.9 million). Check the columns and the zone."
        )
    )


def read_point_table(path: Path, *, crs_epsg: int | None = None) -> gpd.GeoDataFrame:
    """Points from a CSV or XLSX with lon/lat or projected X/Y columns."""
    frame = pd.read_excel(path) if path.suffix.lower() == ".xlsx" else pd.read_csv(path)
    frame = _nfc(frame)
    lon, lat = (
        _column(frame, ("lon", "lng", "longitude", "kinh_do")),
        _column(frame, ("lat", "latitude", "vi_do")),
    )
    if lon is not None and lat is not None:
        geometry = gpd.points_from_xy(frame[lon], frame[lat], crs=4326)
        result = gpd.GeoDataFrame(frame.drop(columns=[lon, lat]), geometry=geometry)
    else:
        x_col, y_col = _column(frame, ("x",)), _column(frame, ("y",))
        if x_col is None or y_col is None:
            raise InvalidParameter(
                _("“{name}” needs columns lon/lat or X/Y for the point positions.").format(
                    name=path.name
                )
            )
        if crs_epsg is None:
            raise MissingCRS(
                _("Which coordinate system are the X/Y columns of “{name}” in?").format(
                    name=path.name
                )
            )
        easting, northing = _projected_xy(frame, x_col, y_col)
        geometry = gpd.points_from_xy(easting, northing, crs=checked_crs(crs_epsg))
        result = gpd.GeoDataFrame(frame.drop(columns=[x_col, y_col]), geometry=geometry)
    if result.empty:
        raise EmptyLayer(_("“{name}” contains no rows.").format(name=path.name))
    check_inside_vietnam(result)
    return result
