"""DXF text as AutoCAD wrote it (issue 29, item 4): every DXF since AutoCAD 2007 (AC1021) is
UTF-8 whatever its $DWGCODEPAGE says; GDAL would decode it by the code page, garbling it and, with
ANSI_1258, losing the last character of every string."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.land.affected import CorridorSpec, affected_parcels
from geo.cad import dxf_version
from geo.encodings import encode
from geo.layers import read_layer

E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
NAME = "Thửa đất"


def drawing(path: Path, version: str, code_page: str, text: bytes = NAME.encode()) -> Path:
    """A closed 50 m polyline on a layer named ``text`` and a TEXT saying it, as AutoCAD writes
    them (``text`` as the bytes in the file)."""
    corners = [(E0, N0), (E0 + 50, N0), (E0 + 50, N0 + 50), (E0, N0 + 50)]
    codes = ["0", "SECTION", "2", "HEADER", "9", "$ACADVER", "1", version,
             "9", "$DWGCODEPAGE", "3", code_page, "0", "ENDSEC",
             "0", "SECTION", "2", "ENTITIES", "0", "LWPOLYLINE", "8", "{}", "90", "4", "70", "1"]  # fmt: skip
    for x, y in corners:
        codes += ["10", str(x), "20", str(y)]
    codes += ["0", "TEXT", "8", "{}", "10", str(E0 + 25), "20", str(N0 + 25), "40", "2", "1", "{}"]
    codes += ["0", "ENDSEC", "0", "EOF"]
    path.write_bytes(("\n".join(codes) + "\n").encode("ascii").replace(b"{}", text))
    return path


@pytest.mark.parametrize("code_page", ["ANSI_1258", "ANSI_1252"])
def test_a_dxf_since_autocad_2007_is_read_as_utf8_whatever_its_code_page(
    tmp_path: Path, code_page: str
) -> None:
    path = drawing(tmp_path / "thua.dxf", "AC1021", code_page)
    assert dxf_version(path.read_bytes()) == "AC1021"
    frame = read_layer(path, crs_epsg=9208).frame
    assert set(frame.Layer) == {NAME} and NAME in set(frame.Text.dropna())


def test_a_zipped_dxf_is_read_as_utf8_too(tmp_path: Path) -> None:
    path = tmp_path / "ban_ve.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(drawing(tmp_path / "thua.dxf", "AC1032", "ANSI_1258"), "thua.dxf")
    frame = read_layer(path, crs_epsg=9208).frame
    assert set(frame.Layer) == {NAME} and "Polygon" in set(frame.geom_type)


def test_affected_names_the_drawings_parcels_in_vietnamese(tmp_path: Path) -> None:
    line = tmp_path / "tuyen.geojson"
    gpd.GeoDataFrame(
        geometry=[shapely.LineString([(E0 - 100, N0 + 25), (E0 + 200, N0 + 25)])], crs=9208
    ).to_file(line)
    path = drawing(tmp_path / "thua.dxf", "AC1027", "ANSI_1258")
    result = affected_parcels(
        path, line, CorridorSpec(half_width_m=5.0), crs_epsg=9208, id_field="Layer"
    )
    assert list(result.parcels.Layer) == [NAME]
    assert list(result.parcels.affected_m2) == pytest.approx([500.0])


@pytest.mark.parametrize(
    ("code_page", "text", "encoding"),
    [("ANSI_1258", encode(NAME, "cp1258"), "cp1258"),
     ("ANSI_1252", encode(NAME, "tcvn3"), "tcvn3"),  # a .VnTime font typed through Windows ANSI
     ("ANSI_1258", b"Th\\U+1EEDa \\U+0111\\U+1EA5t", "cp1258")],  # AutoCAD's escapes
)  # fmt: skip
def test_an_older_dxf_keeps_every_character_of_its_vietnamese_text(
    tmp_path: Path, code_page: str, text: bytes, encoding: str
) -> None:
    layer = read_layer(drawing(tmp_path / "thua.dxf", "AC1015", code_page, text), crs_epsg=9208)
    assert set(layer.frame.Layer) == {NAME} and NAME in set(layer.frame.Text.dropna())
    assert layer.encoding == encoding
