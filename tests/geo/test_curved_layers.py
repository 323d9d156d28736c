"""Curves are read, not called damaged (issue 29, item 3): a GeoPackage or FlatGeobuf of
CurvePolygon or MultiSurface (QGIS digitising with curves, ArcGIS true curves) is read through GDAL's
linearisation, its arcs drawn as short straight segments, and the user told so."""

from __future__ import annotations

import math
import sqlite3
import struct
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest

from geo.layers import read_layer

E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
RADIUS = 20.0


def round_parcel(x: float, y: float) -> bytes:
    """ISO WKB of a CURVEPOLYGON: one full circle, a CIRCULARSTRING of three points."""
    points = [(x - RADIUS, y), (x + RADIUS, y), (x - RADIUS, y)]
    ring = struct.pack("<BII", 1, 8, 3) + b"".join(struct.pack("<dd", *p) for p in points)
    return struct.pack("<BII", 1, 10, 1) + ring


def multi_surface(*parts: bytes) -> bytes:
    return struct.pack("<BII", 1, 12, len(parts)) + b"".join(parts)


def curved_layer(path: Path, driver: str) -> Path:
    """Two parcels, one a MULTISURFACE and one a CURVEPOLYGON; a GeoPackage declares the layer a
    MultiSurface, as QGIS writes it."""
    geometry = np.array(
        [multi_surface(round_parcel(E0, N0)), round_parcel(E0 + 100, N0)], dtype=object
    )
    pyogrio.raw.write(
        path, geometry, field_data=[np.array(["1", "2"], dtype=object)], fields=["so_thua"],
        driver=driver, geometry_type="Unknown", crs="EPSG:9208",
    )  # fmt: skip
    if driver == "GPKG":
        with sqlite3.connect(path) as db:
            db.execute("UPDATE gpkg_geometry_columns SET geometry_type_name = 'MULTISURFACE'")
    return path


@pytest.mark.parametrize(("name", "driver"), [("thua.gpkg", "GPKG"), ("thua.fgb", "FlatGeobuf")])
def test_curved_parcels_are_drawn_straight_with_their_area_and_said(
    tmp_path: Path, name: str, driver: str
) -> None:
    layer = read_layer(curved_layer(tmp_path / name, driver))
    assert sorted(layer.frame.so_thua) == ["1", "2"]  # a FlatGeobuf comes back in its index order
    assert set(layer.frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert list(layer.frame.area) == pytest.approx([math.pi * RADIUS**2] * 2, rel=0.01)
    assert any("đoạn thẳng" in note for note in layer.notes), layer.notes
