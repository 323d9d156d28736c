"""A GeoPackage that holds only a raster image (tiles of a scanned map or an orthophoto) and no
vector layer: GDAL, asked for vector layers, calls it unrecognised; Clearway says what it holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from geo.errors import UnreadableLayer
from translations import _

RASTER_TYPES = ("tiles", "2d-gridded-coverage")


def geopackage_contents(path: Path) -> set[str]:
    """The kinds of data a GeoPackage lists in ``gpkg_contents`` (empty if it is not one)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT DISTINCT data_type FROM gpkg_contents").fetchall()
    except sqlite3.Error:
        return set()
    return {str(row[0]).lower() for row in rows}


def refuse_raster_only(path: Path) -> None:
    """Refuse a GeoPackage whose contents are raster images only, saying so."""
    if path.suffix.lower() != ".gpkg":
        return
    kinds = geopackage_contents(path)
    if kinds and kinds <= set(RASTER_TYPES):
        raise UnreadableLayer(
            _("“{name}” holds only a raster image (a scanned map or a photo of the ground), no "
              "vector layer of parcels or lines: send the layer drawn over it (parcels as "
              "polygons), as a GeoPackage, shapefile or DXF.").format(name=path.name)
        )  # fmt: skip
