"""Files of the shapes land offices send that the corpus holds only under licences we cannot copy,
made here: a file name GDAL misreads, text saved as UTF-8 twice, Vietnamese typed through a
Western code page, a DBF that declares nothing, curves, heights, points among parcels."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.code_pages import cpg_encoding, declared_encoding
from geo.encodings import encode
from geo.errors import UnknownEncoding
from geo.layers import read_layer
from geo.parcel_shapes import parcel_shapes

E0, N0 = 597_900.0, 2_065_200.0  # near Vinh, VN-2000 Nghệ An (EPSG:9208)


def shapefile(folder: Path, names: list[str], byte_29: int | None = None) -> Path:
    """Parcels whose names are ``names`` as raw bytes (each a Latin-1 string of the bytes wanted);
    without a .cpg, and with DBF byte 29 (its code page) set when asked."""
    frame = gpd.GeoDataFrame(
        {"TEN": names},
        geometry=[shapely.box(E0 + 50 * i, N0, E0 + 50 * (i + 1), N0 + 50) for i in range(len(names))],
        crs=9208,
    )  # fmt: skip
    path = folder / "thua.shp"
    frame.to_file(path, engine="pyogrio", encoding="ISO-8859-1")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    if byte_29 is not None:
        dbf = bytearray(path.with_suffix(".dbf").read_bytes())
        dbf[29] = byte_29
        path.with_suffix(".dbf").write_bytes(bytes(dbf))
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [("UTF-8", "utf-8"), ("1250", "cp1250"), ("ANSI 1252", "cp1252"), ("65001", "utf-8"),
     ("88591", "latin-1"), ("ISO-8859-1", "latin-1"), ("1258", "cp1258"), ("x-unknown", None)],
)  # fmt: skip
def test_a_cpg_is_read_as_gis_programs_write_it(text: str, expected: str | None) -> None:
    assert cpg_encoding(text) == expected


def test_a_cpg_comes_before_the_dbf_code_page_byte() -> None:
    head = bytes(29) + bytes([0xC8]) + bytes(2)
    assert declared_encoding("UTF-8", head) == ("utf-8", ".cpg")
    assert declared_encoding(None, head) == ("cp1250", "DBF")
    assert declared_encoding(None, bytes(32)) == (None, "")


def test_vietnamese_typed_in_tcvn3_through_windows_ansi_reads_as_vietnamese(tmp_path: Path) -> None:
    names = ["Nghệ An", "Thanh Chương", "Cát Văn"]
    raw = [encode(n.lower(), "tcvn3").decode("latin-1") for n in names]
    layer = read_layer(shapefile(tmp_path, raw, byte_29=0x57))
    assert list(layer.frame.TEN) == [n.lower() for n in names]
    assert layer.encoding == "tcvn3"
    assert any("TCVN3" in note for note in layer.notes), layer.notes


def test_western_text_in_a_dbf_declaring_windows_ansi_is_not_read_as_vietnamese(
    tmp_path: Path,
) -> None:
    layer = read_layer(shapefile(tmp_path, ["México", "Alto da Nação"], byte_29=0x57))
    assert list(layer.frame.TEN) == ["México", "Alto da Nação"]
    assert layer.encoding == "cp1252"


def test_text_that_declares_nothing_and_reads_as_no_vietnamese_is_asked_about(
    tmp_path: Path,
) -> None:
    path = shapefile(tmp_path, ["México", "Alto da Nação"], byte_29=0)
    with pytest.raises(UnknownEncoding, match=r"hãy chọn bảng mã.*CP1252: “México”"):
        read_layer(path)
    assert list(read_layer(path, encoding="cp1252").frame.TEN) == ["México", "Alto da Nação"]


def test_text_saved_as_utf8_twice_over_is_repaired_and_said(tmp_path: Path) -> None:
    twice = "Bến Tre".encode().decode("latin-1").encode().decode("latin-1")  # 'BÃ¡ÂºÂ¿n Tre'
    layer = read_layer(shapefile(tmp_path, [twice], byte_29=0))
    assert list(layer.frame.TEN) == ["Bến Tre"]
    assert any("UTF-8 chồng hai lần" in note for note in layer.notes), layer.notes


def test_a_file_name_with_an_exclamation_mark_is_read(tmp_path: Path) -> None:
    written = shapefile(tmp_path, ["a", "b"])  # renamed: GDAL would not write such a name either
    for part in tmp_path.glob("thua.*"):
        part.rename(tmp_path / f"!thua dat{part.suffix}")
    layer = read_layer(tmp_path / f"!thua dat{written.suffix}")
    assert len(layer.frame) == 2 and layer.frame.crs.to_epsg() == 9208


def test_curved_parcels_in_a_csv_are_drawn_with_straight_segments_and_the_right_area(
    tmp_path: Path,
) -> None:
    radius = 20.0
    ring = f"CIRCULARSTRING({E0 - radius} {N0}, {E0 + radius} {N0}, {E0 - radius} {N0})"
    table = pd.DataFrame({"WKT": [f"CURVEPOLYGON({ring})"], "SO_THUA": ["1"]})
    path = tmp_path / "thua_cong.csv"
    table.to_csv(path, index=False)
    frame = read_layer(path, crs_epsg=9208).frame
    assert frame.geom_type.tolist() == ["Polygon"]
    assert frame.area.iloc[0] == pytest.approx(math.pi * radius**2, rel=0.01)


def test_heights_are_dropped_and_points_among_parcels_left_out_and_named() -> None:
    square = shapely.Polygon([(0, 0, 5), (10, 0, 5), (10, 10, 6), (0, 10, 6)])
    frame = gpd.GeoDataFrame(
        {"k": ["1", "2", "3"]},
        geometry=[square, shapely.Point(1, 1), shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])],
        crs=9208,
    )  # fmt: skip
    kept, report = parcel_shapes(frame, lambda rows: [f"5/{i + 1}" for i in rows], "thua.gpkg")
    assert list(kept.k) == ["1", "3"]
    assert report.left_out == ("5/2",) and report.repaired == 1 and report.flattened
    assert not shapely.has_z(kept.geometry.values).any()
    assert (kept.area > 0).all()  # the bow-tie repaired into two triangles: 50 m², not 0
    assert kept.area.iloc[1] == pytest.approx(50.0)
    notes = " ".join(report.notes())
    assert "5/2" in notes and "độ cao" in notes and "Đã sửa 1" in notes


def test_text_that_no_usual_code_page_holds_is_asked_about_without_a_traceback(
    tmp_path: Path,
) -> None:
    path = tmp_path / "thua.csv"  # bytes undefined in CP1252 and CP1258, declared nowhere
    path.write_bytes(b'WKT,TEN\n"POINT (597900 2065200)",\x8e\x8d\x81\n')
    with pytest.raises(UnknownEncoding, match="hãy chọn bảng mã"):
        read_layer(path, crs_epsg=9208)
