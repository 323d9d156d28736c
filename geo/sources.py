"""Opening land-office files as GDAL sees them: which layers a file holds and its raw attributes.

Files are read where they are (zips through GDAL's /vsizip/, never extracted). Text in shapefile DBFs
and MapInfo tables is read as Latin-1, one character per byte, so that ``geo.encodings`` can decode
it afterwards: GDAL's own CP1258 decoding drops the last character of each string (GDAL issue
#2045), and GDAL knows no conversion for MapInfo's "WindowsVietnamese".
"""

from __future__ import annotations

import glob
import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from geo.archives import check_archive, check_workbook
from geo.bundles import file_bundle, zip_bundle
from geo.cad import refuse_unread_drawing
from geo.errors import EmptyLayer, UnreadableLayer
from geo.formats import (
    KNOWN_SUFFIXES,
    LAYER_SUFFIXES,
    MAPINFO_SUFFIXES,
    TABLE_SUFFIXES,
    ZIPPED_SUFFIXES,
)
from geo.quiet import gdal_config, quiet_gdal
from geo.rasters import refuse_raster_only
from geo.wkb import GEOMETRY_ERRORS, refuse_unreadable_geometries
from translations import _

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
    has_dbf: bool  # its text comes as bytes, decoded here: a DBF's, a MapInfo table's, an old DXF's
    kind: str  # "vector" or "table"
    gdal_path: str = ""  # what GDAL opens (inside a zip, or a link for a name GDAL misreads)
    cpg: str | None = None  # a shapefile's declared encoding (.cpg), if any
    dbf_head: bytes | None = None  # a shapefile's DBF header (byte 29: its code page)
    charset: str | None = None  # a MapInfo table's Charset, an older DXF's $DWGCODEPAGE
    mapinfo: bool = False  # a MapInfo table: GDAL's Arrow path cannot hand over its bytes
    gdal_config: tuple[tuple[str, str], ...] = ()  # set while GDAL reads it (a DXF's encoding)


def _zip_members(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except zipfile.BadZipFile as error:
        raise UnreadableLayer(
            _("“{name}” is not a valid zip file.").format(name=path.name)
        ) from error


def plain_reason(error: Exception) -> str:
    """What GDAL's complaint means for the user, without its jargon or the server's paths."""
    text = str(error)
    if "not recognized as being in a supported file format" in text:
        return _("its content is not a map format Clearway reads (a damaged file, or another "
                 "kind of file renamed?)")  # fmt: skip
    if "No such file" in text:
        return _("a file it refers to is missing")
    return _("the file is damaged or incomplete")


def _unreadable(path: Path, error: Exception) -> UnreadableLayer:
    return UnreadableLayer(
        _("“{name}” could not be read as a map layer: {reason}.").format(
            name=path.name, reason=plain_reason(error)
        )
    )


def open_source(path: Path) -> Source:
    """Look into a file without reading its features."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in KNOWN_SUFFIXES:
        raise UnreadableLayer(
            _("“{name}” is not a layer format Clearway reads (expected one of: {known}).").format(
                name=path.name, known=", ".join(sorted(KNOWN_SUFFIXES))
            )
        )
    if path.exists() and suffix in ZIPPED_SUFFIXES:
        check_archive(path)
    if not path.exists():
        raise UnreadableLayer(_("“{name}” was not found.").format(name=path.name))
    if suffix in TABLE_SUFFIXES:
        return Source(path, (), False, "table", str(path))
    if suffix in (".dgn", ".dwg"):
        with path.open("rb") as f:
            refuse_unread_drawing(path.name, suffix, f.read(8))
    has_dbf = suffix == ".shp"
    mapinfo = suffix in MAPINFO_SUFFIXES
    if suffix == ".zip":
        members = _zip_members(path)
        has_dbf = any(m.lower().endswith(".dbf") for m in members)
        for drawing in (m for m in members if m.lower().endswith((".dwg", ".dgn"))):
            with zipfile.ZipFile(path) as archive, archive.open(drawing) as f:
                refuse_unread_drawing(drawing, PurePosixPath(drawing).suffix.lower(), f.read(8))
        if not any(m.lower().endswith(LAYER_SUFFIXES) for m in members):
            raise UnreadableLayer(
                _("“{name}” holds no shapefile (.shp with .dbf and .shx) or other layer.").format(
                    name=path.name
                )
            )
        bundle = zip_bundle(path, members)
        mapinfo = any(m.lower().endswith(MAPINFO_SUFFIXES) for m in members)
    else:
        bundle = file_bundle(path)
    try:
        with quiet_gdal():
            layers = tuple(str(row[0]) for row in pyogrio.list_layers(bundle.gdal_path))
    except READ_ERRORS as error:
        refuse_raster_only(path)
        raise _unreadable(path, error) from error
    if not layers:
        refuse_raster_only(path)
        raise EmptyLayer(_("“{name}” contains no features.").format(name=path.name))
    return Source(
        path, layers, has_dbf or mapinfo or bundle.text_as_bytes, "vector", bundle.gdal_path, bundle.cpg,
        bundle.dbf_head, bundle.charset, mapinfo, bundle.gdal_config,
    )  # fmt: skip


def read_vector(source: Source, layer: str | None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Features of one layer, and what reading them did; DBF and MapInfo text comes back as
    Latin-1 byte strings (see module doc). Curves (CurvePolygon, MultiSurface …), which GDAL's
    Arrow path does not hand over, are read again through GDAL's own linearisation: straight
    segments, and said. A geometry that cannot be read refuses the layer, naming its rows."""
    if layer is None and len(source.layers) > 1:
        raise UnreadableLayer(
            _("“{name}” holds several layers ({layers}); choose one.").format(
                name=source.path.name, layers=", ".join(source.layers)
            )
        )
    # A DXF's bytes come through GDAL's own DXF_ENCODING (see ``geo.cad``), not through pyogrio.
    drawing = any(name == "DXF_ENCODING" for name, _value in source.gdal_config)
    encoding = BYTE_TEXT if source.has_dbf and not drawing else None
    notes: list[str] = []
    try:
        try:
            with quiet_gdal(), gdal_config(source.gdal_config):
                frame = pyogrio.read_dataframe(
                    source.gdal_path, layer=layer, encoding=encoding, use_arrow=not source.mapinfo
                )
        except NotImplementedError as error:
            if "onlinear" not in str(error):
                raise
            with quiet_gdal(), gdal_config(source.gdal_config):
                frame = pyogrio.read_dataframe(
                    source.gdal_path, layer=layer, encoding=encoding, use_arrow=False
                )
            notes.append(_("Curves (arcs) were drawn as short straight segments."))
    except GEOMETRY_ERRORS:
        refuse_unreadable_geometries(source.gdal_path, source.path.name, layer, encoding)
    except READ_ERRORS as error:
        raise _unreadable(source.path, error) from error
    if not isinstance(frame, gpd.GeoDataFrame):
        raise UnreadableLayer(
            _("“{name}” is a table without shapes: send the layer that draws the features, or "
              "import this table as a register.").format(name=source.path.name)
        )  # fmt: skip
    if (
        frame.empty
        and len(frame.columns) == 1
        and source.path.suffix.lower() in (".shp", ".zip")
        and len(source.layers) == 1
    ):
        alone = _shapes_alone(source)
        if alone is not None and not alone.empty:
            frame = alone
            notes.append(_("The table (.dbf) of “{name}” has no columns and no rows: its shapes "
                           "were read without it.").format(name=source.path.name))  # fmt: skip
    return frame, notes


def _shapes_alone(source: Source) -> gpd.GeoDataFrame | None:
    """A shapefile's shapes read without its .dbf: GDAL reads no feature of a shapefile whose
    .dbf has no columns and claims no rows, as some programs write it for a layer without
    attributes. Its .shp, .shx and .prj are copied to a folder of their own and read there."""
    wanted = (".shp", ".shx", ".prj")
    with tempfile.TemporaryDirectory(prefix="clearway-") as folder:
        if source.path.suffix.lower() == ".zip":
            with zipfile.ZipFile(source.path) as archive:
                for member in archive.namelist():
                    suffix = PurePosixPath(member).suffix.lower()
                    if suffix in wanted:
                        (Path(folder) / f"layer{suffix}").write_bytes(archive.read(member))
        else:
            for part in source.path.parent.glob(f"{glob.escape(source.path.stem)}.*"):
                if part.suffix.lower() in wanted:
                    shutil.copy(part, Path(folder) / f"layer{part.suffix.lower()}")
        try:
            with quiet_gdal():
                return pyogrio.read_dataframe(Path(folder) / "layer.shp", use_arrow=True)
        except READ_ERRORS:
            return None


SEPARATORS = (",", ";", "|", "\t")  # Excel on a Vietnamese PC writes ";" (the list separator)
_LINE = re.compile(r"line (\d+)")


def csv_separator(raw: bytes) -> str:
    """The separator of a CSV, from its first line (the header, which holds no WKT with its own
    commas): the most frequent of comma, semicolon, pipe and tab outside quotes; comma on a tie."""
    header = raw.split(b"\n", 1)[0].decode(BYTE_TEXT)
    outside = "".join(header.split('"')[::2])
    counts = {s: outside.count(s) for s in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: (counts[s], s == ","))
    return best if counts[best] else ","


def _table_problem(error: Exception) -> str:
    """What went wrong, in the user's words (never pandas' or openpyxl's)."""
    if isinstance(error, pd.errors.EmptyDataError):
        return _("it is empty")
    if isinstance(error, pd.errors.ParserError):
        found = _LINE.search(str(error))
        return _("its rows do not all have as many columns as its first line (line {line}); "
                 "check the separators and quotes, or save it from Excel again").format(
            line=found.group(1) if found else "?")  # fmt: skip
    return _("it is not a CSV or Excel table Clearway can read (a damaged file, or another kind "
             "of file renamed?)")  # fmt: skip


def read_table_bytes(source: Source) -> pd.DataFrame:
    """A CSV (any encoding: cells as Latin-1 byte strings; separated by commas, semicolons, pipes
    or tabs) or an XLSX (already Unicode)."""
    if source.path.suffix.lower() == ".xlsx":
        check_workbook(source.path)  # rows, columns and size bounded before parsing
    raw = source.path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # Excel's UTF-8 byte-order mark
    try:
        if source.path.suffix.lower() == ".xlsx":
            return pd.read_excel(io.BytesIO(raw), dtype=object, engine="openpyxl")
        return pd.read_csv(
            io.BytesIO(raw), sep=csv_separator(raw), encoding=BYTE_TEXT, dtype=str,
            keep_default_na=False,
        )  # fmt: skip
    except (*TABLE_ERRORS, zipfile.BadZipFile) as error:
        raise UnreadableLayer(
            _("“{name}” could not be read as a table: {reason}.").format(
                name=source.path.name, reason=_table_problem(error)
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
