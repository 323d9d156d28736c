"""Every file format Clearway takes, in one table: what it is, how its first bytes start, and the
sets the readers and the upload checks ask for, all derived from the table.

A format added here is known at once to the layer reader (``geo/sources.py``), the zip and sidecar
checks (``geo/bundles.py``), the CAD steps (``geo/layers.py``) and the uploads (``ui/uploads.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    LAYER = "layer"  # shapes and attributes, read by GDAL
    CONTAINER = "container"  # a zip that holds a layer (and its sidecars)
    TABLE = "table"  # rows with coordinates, or a register
    SIDECAR = "sidecar"  # travels beside a layer (a shapefile's .dbf, a MapInfo table's .dat)
    DRAWING_NOT_READ = "drawing not read"  # named only so its refusal says how to export it
    DOCUMENT = "document"  # minutes, photos of signed papers, decisions


@dataclass(frozen=True)
class FileFormat:
    suffix: str
    role: Role
    magic: tuple[bytes, ...] = ()  # what its first bytes must be (empty: not checked)
    text: bool = False  # a text format: a NUL byte near its start means it is something else
    cad: bool = False  # a CAD drawing (no CRS of its own; closed lines are parcels)
    mapinfo: bool = False  # a MapInfo table (its Charset names the encoding)
    shapefile: bool = False  # a part of a shapefile
    zipped: bool = False  # a zip archive, checked before it is opened


_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_SHAPES = (b"\x00\x00\x27\x0a",)

FORMATS: tuple[FileFormat, ...] = (
    FileFormat(".zip", Role.CONTAINER, _ZIP, zipped=True),
    FileFormat(".kmz", Role.CONTAINER, _ZIP[:1], zipped=True),
    FileFormat(".shp", Role.LAYER, _SHAPES, shapefile=True),
    FileFormat(".gpkg", Role.LAYER, (b"SQLite format 3\x00",)),
    FileFormat(".geojson", Role.LAYER, text=True),
    FileFormat(".json", Role.LAYER, text=True),
    FileFormat(".kml", Role.LAYER, text=True),
    FileFormat(".dxf", Role.LAYER, text=True, cad=True),
    FileFormat(".dgn", Role.LAYER, cad=True),
    FileFormat(".fgb", Role.LAYER, (b"fgb\x03",)),
    FileFormat(".tab", Role.LAYER, mapinfo=True),
    FileFormat(".mif", Role.LAYER, text=True, mapinfo=True),
    FileFormat(".csv", Role.TABLE, text=True),
    FileFormat(".xlsx", Role.TABLE, _ZIP[:1], zipped=True),
    FileFormat(".dwg", Role.DRAWING_NOT_READ, cad=True),
    FileFormat(".shx", Role.SIDECAR, _SHAPES, shapefile=True),
    FileFormat(".dbf", Role.SIDECAR, shapefile=True),
    FileFormat(".prj", Role.SIDECAR, text=True, shapefile=True),
    FileFormat(".cpg", Role.SIDECAR, text=True, shapefile=True),
    FileFormat(".dat", Role.SIDECAR, mapinfo=True),
    FileFormat(".map", Role.SIDECAR, mapinfo=True),
    FileFormat(".id", Role.SIDECAR, mapinfo=True),
    FileFormat(".mid", Role.SIDECAR, text=True, mapinfo=True),
    FileFormat(".pdf", Role.DOCUMENT, (b"%PDF",)),
    FileFormat(".png", Role.DOCUMENT, (b"\x89PNG",)),
    FileFormat(".jpg", Role.DOCUMENT, (b"\xff\xd8\xff",)),
    FileFormat(".jpeg", Role.DOCUMENT, (b"\xff\xd8\xff",)),
    FileFormat(".docx", Role.DOCUMENT, _ZIP[:1], zipped=True),
)


def _suffixes(*roles: Role, **flags: bool) -> tuple[str, ...]:
    return tuple(
        f.suffix
        for f in FORMATS
        if (not roles or f.role in roles) and all(getattr(f, k) == v for k, v in flags.items())
    )


#: A layer file GDAL reads, alone or found inside a zip.
LAYER_SUFFIXES = _suffixes(Role.LAYER)
#: What the Import page takes as a layer: a layer file, a zip of one, or a table with coordinates.
READABLE_SUFFIXES = _suffixes(Role.LAYER, Role.CONTAINER, Role.TABLE)
#: Known, so that a refusal can name them: the readable ones and the drawings Clearway cannot read.
KNOWN_SUFFIXES = READABLE_SUFFIXES + _suffixes(Role.DRAWING_NOT_READ)
TABLE_SUFFIXES = _suffixes(Role.TABLE)
ZIPPED_SUFFIXES = _suffixes(zipped=True)
CAD_SUFFIXES = _suffixes(Role.LAYER, cad=True)  # read: closed lines become parcels
MAPINFO_SUFFIXES = _suffixes(Role.LAYER, mapinfo=True)
#: The sidecars a shapefile cannot be read without.
SHAPEFILE_NEEDS = (".shx", ".dbf")
#: Files uploaded beside a layer (a shapefile's or a MapInfo table's other parts).
SIDECAR_SUFFIXES = (*_suffixes(Role.SIDECAR), ".shp", ".tab")
#: A field package brought back from QField: the zip it went out as.
PACKAGE_SUFFIXES = (".zip",)
#: What the photo of a signed paper may be.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".pdf")
MAGIC: dict[str, tuple[bytes, ...]] = {f.suffix: f.magic for f in FORMATS if f.magic}
TEXT_SUFFIXES = _suffixes(text=True)
