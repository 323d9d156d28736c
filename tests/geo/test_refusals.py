"""Refusals that name the real cause and the way out (issue 29, item 7): a raster-only
GeoPackage, a DWG, a DGN v8 (MicroStation V8, gCadas, TMV.Map); and what is read instead of
refused: a DGN v7 (asking for its coordinate system as a shapefile without .prj does), and a
shapefile whose .dbf has no columns and claims no rows."""

from __future__ import annotations

import sqlite3
import struct
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from geo.cad import OLE2
from geo.errors import MissingCRS, UnreadableLayer
from geo.layers import read_layer

E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
SQUARES = [shapely.box(E0, N0, E0 + 40, N0 + 40), shapely.box(E0 + 50, N0, E0 + 90, N0 + 40)]


def raster_geopackage(path: Path) -> Path:
    """A GeoPackage whose only content is a table of image tiles, as a scanned sheet is saved."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA application_id = 1196444487")  # "GPKG"
        db.execute(
            "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, "
            "organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT)"
        )
        db.execute(
            "CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier "
            "TEXT, description TEXT, last_change TEXT, min_x REAL, min_y REAL, max_x REAL, "
            "max_y REAL, srs_id INTEGER)"
        )
        db.execute(
            "INSERT INTO gpkg_contents VALUES ('to_7', 'tiles', 'to_7', '', '', 0, 0, 1, 1, 0)"
        )
        db.execute("CREATE TABLE to_7 (id INTEGER PRIMARY KEY, zoom_level INTEGER, tile_column "
                   "INTEGER, tile_row INTEGER, tile_data BLOB)")  # fmt: skip
    return path


def test_a_raster_only_geopackage_is_told_it_holds_only_an_image(tmp_path: Path) -> None:
    with pytest.raises(UnreadableLayer, match="chỉ chứa một ảnh raster") as refused:
        read_layer(raster_geopackage(tmp_path / "to_7.gpkg"))
    assert "hỏng" not in str(refused.value)


@pytest.mark.parametrize(
    ("name", "head", "said"),
    [("to_7.dwg", b"AC1027\x00\x00", "DWG"), ("to_7.dgn", OLE2, "DGN v8")],
)
def test_a_dwg_or_dgn_v8_is_refused_saying_how_to_export_it(
    tmp_path: Path, name: str, head: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(head + bytes(512))
    zipped = tmp_path / "to_7.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(path, name)
    for sent in (path, zipped):
        with pytest.raises(UnreadableLayer, match=said) as refused:
            read_layer(sent)
        assert "DXF" in str(refused.value) and "shapefile" in str(refused.value)


def dgn_v7(path: Path) -> Path:
    with warnings.catch_warnings():  # a DGN says nothing of its coordinate system
        warnings.simplefilter("ignore", UserWarning)
        pyogrio.write_dataframe(gpd.GeoDataFrame(geometry=SQUARES), path, driver="DGN")
    return path


def test_a_dgn_v7_is_read_once_its_coordinate_system_is_chosen(tmp_path: Path) -> None:
    path = dgn_v7(tmp_path / "to_7.dgn")
    assert path.read_bytes()[:2] == b"\x08\x09"
    with pytest.raises(MissingCRS, match=r"bản vẽ CAD.*EPSG:9208"):
        read_layer(path)
    frame = read_layer(path, crs_epsg=9208).frame
    assert list(frame.geom_type) == ["Polygon", "Polygon"]
    assert list(frame.area) == pytest.approx([1600.0, 1600.0])


def shapefile_without_attributes(folder: Path) -> Path:
    """Shapes with a .dbf of no columns that claims no rows, as some programs write it."""
    path = folder / "thua.shp"
    gpd.GeoDataFrame({"x": [1, 2]}, geometry=SQUARES, crs=9208).to_file(path, engine="pyogrio")
    header = struct.pack("<BBBBIHH20x", 3, 126, 12, 7, 0, 33, 1)  # 0 rows, no field
    path.with_suffix(".dbf").write_bytes(header + b"\x0d\x1a")
    return path


def test_a_shapefile_whose_dbf_has_no_columns_gives_its_shapes(tmp_path: Path) -> None:
    layer = read_layer(shapefile_without_attributes(tmp_path))
    assert list(layer.frame.area) == pytest.approx([1600.0, 1600.0])
    assert any(".dbf" in note and "không có cột" in note for note in layer.notes), layer.notes
