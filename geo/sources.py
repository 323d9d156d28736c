"""Opening land-office files as GDAL sees them: which layers a file holds and its raw attributes.

Files are read where they are (zips through GDAL's /vsizip/, never extracted). Text in shapefile DBFs
is read as Latin-1, one character per byte, so that ``geo.encodings`` can decode it afterwards: GDAL's
own CP1258 decoding drops the last character of each string (GDAL issue #2045).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from geo.archives import check_archive, check_workbook
from geo.errors import UnreadableLayer
from translations import _

VECTOR_SUFFIXES = {
    ".zip",
    ".shp",
    ".gpkg",
    ".geojson",
    ".json",
    ".kml",
    ".kmz",
    ".dxf",
    ".tab",
    ".mif",
}
TABLE_SUFFIXES = {".csv", ".xlsx"}
ZIP_CONTAINERS = {".zip", ".kmz", ".xlsx"}
SUFFIXES = VECTOR_SUFFIXES | TABLE_SUFFIXES
# What GDAL (through pyogrio) raises on a damaged file: its own errors, and on some truncated files
# plain ValueError / IndexError / OSError from inside the reader.
READ_ERRORS = (DataSourceError, DataLayerError, ValueError, IndexError, OSError, RuntimeError)
TABLE_ERRORS = (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, KeyError, OSError)
BYTE_TEXT = "ISO-8859-1"  # bytes-in-a-string; GDAL knows this spelling, not "latin-1"


@dataclass(frozen=True)
class Source:
    """A file as found: its layers, whether its text needs decoding, whether it carries a CRS."""

    path: Path
    layers: tuple[str, ...]
    has_dbf: bool
    kind: str  # "vector" or "table"


def _gdal_path(path: Path) -> str:
    suffix = path.suffix.lower()
    return f"/vsizip/{path}" if suffix == ".zip" else str(path)


def _zip_members(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except zipfile.BadZipFile as error:
        raise UnreadableLayer(
            _("“{name}” is not a valid zip file.").format(name=path.name)
        ) from error


def open_source(path: Path) -> Source:
    """Look into a file without reading its features."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableLayer(
            _("“{name}” is not a layer format Clearway reads (expected one of: {known}).").format(
                name=path.name, known=", ".join(sorted(SUFFIXES))
            )
        )
    if path.exists() and suffix in ZIP_CONTAINERS:
        check_archive(path)
    if not path.exists():
        raise UnreadableLayer(_("“{name}” was not found.").format(name=path.name))
    if suffix in TABLE_SUFFIXES:
        return Source(path, (), False, "table")
    has_dbf = suffix == ".shp"
    if suffix == ".zip":
        members = [m.lower() for m in _zip_members(path)]
        has_dbf = any(m.endswith(".dbf") for m in members)
        if not any(
            m.endswith((".shp", ".gpkg", ".geojson", ".kml", ".dxf", ".tab", ".mif"))
            for m in members
        ):
            raise UnreadableLayer(
                _("“{name}” holds no shapefile (.shp with .dbf and .shx) or other layer.").format(
                    name=path.name
                )
            )
    try:
        layers = tuple(str(row[0]) for row in pyogrio.list_layers(_gdal_path(path)))
    except READ_ERRORS as error:
        raise UnreadableLayer(
            _("“{name}” could not be read as a map layer: {reason}").format(
                name=path.name, reason=error
            )
        ) from error
    return Source(path, layers, has_dbf, "vector")


def read_vector(source: Source, layer: str | None) -> gpd.GeoDataFrame:
    """Features of one layer; DBF text comes back as Latin-1 byte strings (see module doc)."""
    if layer is None and len(source.layers) > 1:
        raise UnreadableLayer(
            _("“{name}” holds several layers ({layers}); choose one.").format(
                name=source.path.name, layers=", ".join(source.layers)
            )
        )
    try:
        return pyogrio.read_dataframe(
            _gdal_path(source.path),
            layer=layer,
            encoding=BYTE_TEXT if source.has_dbf else None,
            use_arrow=False,
        )
    except READ_ERRORS as error:
        raise UnreadableLayer(
            _("“{name}” could not be read as a map layer: {reason}").format(
                name=source.path.name, reason=error
            )
        ) from error


def read_table_bytes(source: Source) -> pd.DataFrame:
    """A CSV (any encoding: cells as Latin-1 byte strings) or an XLSX (already Unicode)."""
    if source.path.suffix.lower() == ".xlsx":
        check_workbook(source.path)  # rows, columns and size bounded before parsing
    raw = source.path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # Excel's UTF-8 byte-order mark
    try:
        if source.path.suffix.lower() == ".xlsx":
            return pd.read_excel(io.BytesIO(raw), dtype=object, engine="openpyxl")
        return pd.read_csv(io.BytesIO(raw), encoding=BYTE_TEXT, dtype=str, keep_default_na=False)
    except (*TABLE_ERRORS, zipfile.BadZipFile) as error:
        raise UnreadableLayer(
            _("“{name}” could not be read as a table: {reason}").format(
                name=source.path.name, reason=error
            )
        ) from error


def closed_lines_as_polygons(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """CAD files draw parcels as closed polylines; turn each closed ring into a polygon."""
    shapes = [
        shapely.Polygon(g.coords)
        if g is not None and g.geom_type == "LineString" and g.is_closed and len(g.coords) >= 4
        else g
        for g in frame.geometry
    ]
    return frame.set_geometry(gpd.GeoSeries(shapes, index=frame.index, crs=frame.crs))


def geometry_kinds(frame: gpd.GeoDataFrame) -> set[str]:
    return {str(t) for t in frame.geom_type.dropna().unique()}
