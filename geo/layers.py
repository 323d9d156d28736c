"""Reading a land-office layer into a GeoDataFrame with its CRS settled and its text decoded.

What was found or done along the way (the encoding guessed, axes swapped, lines closed into polygons)
comes back in ``Layer.notes`` so the user sees it before anything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.cad import unescaped
from geo.crs import check_inside_vietnam, checked_crs
from geo.errors import EmptyLayer, InvalidParameter, MissingCRS, UnreadableLayer
from geo.formats import CAD_SUFFIXES
from geo.layer_text import choose_encoding, decode_frame, is_text, nfc, text_cells, undoubled
from geo.quiet import quiet_gdal
from geo.sources import (
    Source,
    closed_lines_as_polygons,
    csv_separator,
    open_source,
    read_table_bytes,
    read_vector,
)
from translations import _

# A Vietnamese northing (VN-2000 or UTM) lies between these; an easting is well below.
NORTHING_RANGE_M = (900_000.0, 2_700_000.0)
EASTING_RANGE_M = (100_000.0, 900_000.0)
WKT_COLUMNS = ("wkt", "geometry", "geom", "the_geom")
GDAL_SEPARATORS = {",": "COMMA", ";": "SEMICOLON", "|": "PIPE", "\t": "TAB"}
LON_COLUMNS, LAT_COLUMNS = (
    ("lon", "lng", "long", "longitude", "kinh_do"),
    ("lat", "latitude", "vi_do"),
)


@dataclass(frozen=True)
class Layer:
    frame: gpd.GeoDataFrame  # in the source CRS; text decoded and NFC-normalised
    crs_from_file: bool
    encoding: str | None  # what decoded the text; None where the format is Unicode by definition
    notes: tuple[str, ...] = ()


def text_samples(path: Path, layer: str | None = None, limit: int = 8) -> list[bytes]:
    """Distinct non-ASCII raw strings of a DBF or CSV, for an encoding preview (empty otherwise)."""
    source = open_source(path)
    if source.kind == "vector" and not source.has_dbf:
        return []
    if source.kind == "table" and source.path.suffix.lower() == ".xlsx":
        return []
    frame = read_vector(source, layer)[0] if source.kind == "vector" else read_table_bytes(source)
    seen: dict[bytes, None] = {}
    for raw in text_cells(frame):
        if not raw.isascii():
            seen.setdefault(raw)
        if len(seen) >= limit:
            break
    return list(seen)


def _within(values: np.ndarray, bounds: tuple[float, float]) -> bool:
    return bool(values.size) and bool(((values >= bounds[0]) & (values <= bounds[1])).all())


def _swap_if_survey_axes(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Projected VN-2000/UTM data written X = northing, Y = easting is turned the GIS way round."""
    if frame.crs is None or not frame.crs.is_projected or frame.empty:
        return frame, []
    xmin, ymin, xmax, ymax = frame.total_bounds
    xs, ys = np.array([xmin, xmax]), np.array([ymin, ymax])
    if _within(xs, NORTHING_RANGE_M) and _within(ys, EASTING_RANGE_M):
        swapped = shapely.transform(frame.geometry.values.to_numpy(), lambda c: c[:, ::-1])
        frame = frame.set_geometry(gpd.GeoSeries(swapped, index=frame.index, crs=frame.crs))
        return frame, [_("X and Y were given as northing and easting (survey order); swapped.")]
    return frame, []


def _wkt_geometry(table: pd.DataFrame, column: str, path: Path) -> np.ndarray:
    """Shapes from a WKT column; curves (CIRCULARSTRING, COMPOUNDCURVE …) come back as straight
    segments, as GDAL reads them from a CSV; a cell that is not WKT is named by its row."""
    texts = table[column].astype(str).to_numpy()
    try:
        geometry = shapely.from_wkt(texts, on_invalid="ignore")
    except NotImplementedError as error:  # shapely reads no curve: let GDAL draw them straight
        if path.suffix.lower() != ".csv":
            raise UnreadableLayer(
                _("The WKT column of “{name}” holds curves; send the table as CSV or the layer "
                  "as a GeoPackage.").format(name=path.name)
            ) from error  # fmt: skip
        separator = GDAL_SEPARATORS[csv_separator(path.read_bytes()[:65_536])]
        with quiet_gdal():
            read = pyogrio.read_dataframe(
                path, columns=[], GEOM_POSSIBLE_NAMES=str(column), KEEP_GEOM_COLUMNS="NO",
                SEPARATOR=separator,
            )  # fmt: skip
        return np.asarray(read.geometry.values, dtype=object)
    bad = [
        i + 2
        for i, (g, s) in enumerate(zip(geometry, texts, strict=True))
        if g is None and s.strip()
    ]
    if bad:
        raise UnreadableLayer(
            _("The WKT column of “{name}” has values that are not shapes in rows {rows}; fix "
              "them.").format(name=path.name, rows=", ".join(str(r) for r in bad[:10]))
        )  # fmt: skip
    return np.asarray(geometry, dtype=object)


def _table_geometry(table: pd.DataFrame, path: Path) -> tuple[gpd.GeoDataFrame, bool, list[str]]:
    """Geometry from WKT, lon/lat or X/Y columns; returns (frame, is_lon_lat, notes)."""
    name = path.name
    columns = {str(c).strip().lower(): c for c in table.columns}
    wkt = next((columns[c] for c in WKT_COLUMNS if c in columns), None)
    lon = next((columns[c] for c in LON_COLUMNS if c in columns), None)
    lat = next((columns[c] for c in LAT_COLUMNS if c in columns), None)
    x, y = columns.get("x"), columns.get("y")
    if wkt is not None:
        geometry = _wkt_geometry(table, wkt, path)
        frame = gpd.GeoDataFrame(table.drop(columns=[wkt]), geometry=geometry)
        xs = shapely.get_coordinates(geometry)[:, 0]
        return frame, bool(xs.size) and bool((np.abs(xs) <= 180).all()), []
    if lon is not None and lat is not None:
        lons, lats = _numbers(table, lon, name), _numbers(table, lat, name)
        frame = gpd.GeoDataFrame(
            table.drop(columns=[lon, lat]), geometry=gpd.points_from_xy(lons, lats)
        )
        return frame, True, []
    if x is None or y is None:
        raise InvalidParameter(
            _(
                "“{name}” needs a WKT column, lon/lat columns or X/Y columns for the positions."
            ).format(name=name)
        )
    xs, ys = _numbers(table, x, name), _numbers(table, y, name)
    if _within(xs, NORTHING_RANGE_M) and _within(ys, EASTING_RANGE_M):
        xs, ys = ys, xs
        notes = [_("X and Y were given as northing and easting (survey order); swapped.")]
    elif _within(xs, EASTING_RANGE_M) and _within(ys, NORTHING_RANGE_M):
        notes = []
    else:
        raise UnreadableLayer(
            _(
                "The X and Y columns do not look like VN-2000 metres (a northing is about "
                "0.9–2.7 million, an easting 0.1–0.9 million). Check the columns and the zone."
            )
        )
    frame = gpd.GeoDataFrame(table.drop(columns=[x, y]), geometry=gpd.points_from_xy(xs, ys))
    return frame, False, notes


def _numbers(table: pd.DataFrame, column: str, name: str) -> np.ndarray:
    text = table[column].astype(str).str.strip().str.replace(",", ".", regex=False)
    values: np.ndarray = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).any():
        rows = ", ".join(str(i + 2) for i in np.flatnonzero(np.isnan(values))[:10])
        raise UnreadableLayer(
            _("Column {column} of “{name}” has no number in rows {rows}; fill them in.").format(
                column=column, name=name, rows=rows
            )
        )
    return values


def read_register(
    path: Path, encoding: str | None = None
) -> tuple[pd.DataFrame, str | None, list[str]]:
    """A table of attributes without geometry (CSV in any encoding, or XLSX), text decoded NFC."""
    source = open_source(Path(path))
    if source.kind != "table":
        raise UnreadableLayer(
            _("“{name}” is not a table; a register comes as .xlsx or .csv.").format(
                name=source.path.name
            )
        )
    table = read_table_bytes(source)
    notes: list[str] = []
    used = None
    if source.path.suffix.lower() == ".csv":
        used, notes = choose_encoding(table, encoding, source)
        table = decode_frame(table, used)
    if used in (None, "utf-8"):
        table, repaired_text = undoubled(table)
        notes = notes + repaired_text
    table = table.rename(columns=str)
    if table.empty:
        raise EmptyLayer(_("“{name}” contains no rows.").format(name=source.path.name))
    return nfc(table), used, notes


def _read_table(
    source: Source, encoding: str | None
) -> tuple[gpd.GeoDataFrame, str | None, list[str]]:
    table, used, notes = read_register(source.path, encoding)
    frame, lon_lat, more = _table_geometry(table, source.path)
    if lon_lat:
        frame = frame.set_crs(4326)
    return frame, used, notes + more


def _missing_crs(name: str, local: bool) -> str:
    if Path(name).suffix.lower() in CAD_SUFFIXES:
        return _("“{name}” is a CAD drawing, which does not say which coordinate system its "
                 "coordinates are in (as a shapefile without .prj): choose it, e.g. VN-2000 "
                 "Nghệ An: EPSG:9208.").format(name=name)  # fmt: skip
    if local:
        return _("“{name}” is drawn in plain metres with no place on the earth (MapInfo "
                 "“NonEarth”, or a CAD drawing's units): choose the coordinate system its "
                 "coordinates are in, e.g. VN-2000 Nghệ An: EPSG:9208.").format(name=name)  # fmt: skip
    return _(
        "“{name}” does not say which coordinate system it uses (no .prj). "
        "Choose one, e.g. VN-2000 Nghệ An: EPSG:9208."
    ).format(name=name)


def read_layer(
    path: Path,
    *,
    layer: str | None = None,
    crs_epsg: int | None = None,
    encoding: str | None = None,
) -> Layer:
    """Read one layer; ``crs_epsg`` is used when the file has no CRS, ``encoding`` overrides detection."""
    source = open_source(Path(path))
    notes: list[str] = []
    used: str | None = None
    if source.kind == "table":
        frame, used, notes = _read_table(source, encoding)
    else:
        frame, notes = read_vector(source, layer)
        if source.has_dbf:
            used, decoded = choose_encoding(frame, encoding, source)
            notes = notes + decoded
            frame = decode_frame(frame, used)
        drawn = {source.path.suffix.lower(), Path(source.gdal_path).suffix.lower()}
        if drawn & set(CAD_SUFFIXES) or "dxf" in (layer or "").lower():  # a CAD drawing, or zipped
            frame = closed_lines_as_polygons(frame)
            for column in frame.columns:
                if column != frame.geometry.name and is_text(frame[column]):
                    frame[column] = frame[column].map(
                        lambda v: unescaped(v) if isinstance(v, str) else v
                    )
    frame = nfc(frame)
    if used in (None, "utf-8"):
        frame, repaired_text = undoubled(frame)
        notes = notes + repaired_text
    missing = frame.geometry.isna() | frame.geometry.is_empty
    if missing.all():
        raise EmptyLayer(_("“{name}” contains no features.").format(name=source.path.name))
    local = frame.crs is not None and frame.crs.is_engineering  # MapInfo "NonEarth", CAD units
    if local:
        frame = frame.set_crs(None, allow_override=True)
    crs_from_file = frame.crs is not None
    if not crs_from_file:
        if crs_epsg is None:
            raise MissingCRS(_missing_crs(source.path.name, local))
        frame = frame.set_crs(checked_crs(crs_epsg))
    frame, swapped = _swap_if_survey_axes(frame)
    check_inside_vietnam(frame[~missing], source.path.name)
    return Layer(frame, crs_from_file, used, tuple(notes + swapped))
