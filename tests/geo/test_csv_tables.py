"""CSV as Excel writes it on a Vietnamese PC (issue 29, item 6): separated by ";" (Windows'
regional list separator where the decimal mark is a comma) or "|", with WKT shapes; the separator
is sniffed, and a table that cannot be read is explained without pandas' words."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.land.affected import CorridorSpec, affected_parcels
from geo.errors import UnreadableLayer
from geo.layers import read_layer, read_register
from geo.sources import csv_separator

E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)


def square(x: float) -> str:
    return str(shapely.box(x, N0, x + 40, N0 + 40).wkt)  # "POLYGON ((…, …))": commas inside


def table(path: Path, separator: str) -> Path:
    """Two parcels with unquoted WKT, as Excel saves "CSV UTF-8" with a BOM."""
    rows = [["WKT", "SO_THUA", "TEN_CHU", "DIEN_TICH"],
            [square(E0), "1", "Nguyễn Văn Ánh", "1600,0"],
            [square(E0 + 50), "2", "Trần Thị Bình", "1599,5"]]  # fmt: skip
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(separator.join(r) for r in rows).encode())
    return path


@pytest.mark.parametrize(
    ("header", "separator"),
    [(b"WKT;SO_THUA;TEN", ";"), (b"WKT|SO_THUA", "|"), (b"WKT\tSO_THUA", "\t"),
     (b"WKT,SO_THUA", ","), (b'"A;B",C,D', ","), (b"WKT", ",")],
)  # fmt: skip
def test_the_separator_is_read_from_the_header(header: bytes, separator: str) -> None:
    assert csv_separator(header + b"\nPOLYGON ((1 2, 3 4));1\n") == separator


@pytest.mark.parametrize("separator", [";", "|"])
def test_a_csv_separated_by_semicolons_or_pipes_gives_its_parcels(
    tmp_path: Path, separator: str
) -> None:
    layer = read_layer(table(tmp_path / "thua.csv", separator), crs_epsg=9208)
    assert list(layer.frame.SO_THUA) == ["1", "2"]
    assert list(layer.frame.TEN_CHU) == ["Nguyễn Văn Ánh", "Trần Thị Bình"]
    assert list(layer.frame.area) == pytest.approx([1600.0, 1600.0])


def test_curves_in_a_semicolon_csv_are_read_too(tmp_path: Path) -> None:
    ring = f"CIRCULARSTRING({E0 - 20} {N0}, {E0 + 20} {N0}, {E0 - 20} {N0})"
    path = tmp_path / "thua_cong.csv"
    path.write_text(f"WKT;SO_THUA\nCURVEPOLYGON({ring});1\n", encoding="utf-8")
    frame = read_layer(path, crs_epsg=9208).frame
    assert frame.area.iloc[0] == pytest.approx(math.pi * 20**2, rel=0.01)


def test_a_semicolon_register_is_read(tmp_path: Path) -> None:
    path = tmp_path / "so_mucke.csv"
    path.write_text("SO_TO;SO_THUA;CHU_SD\n7;1;Lê Văn Cường\n", encoding="utf-8")
    frame, _encoding, _notes = read_register(path)
    assert list(frame.columns) == ["SO_TO", "SO_THUA", "CHU_SD"]
    assert list(frame.CHU_SD) == ["Lê Văn Cường"]


def test_a_table_with_ragged_rows_is_explained_without_pandas_words(tmp_path: Path) -> None:
    path = tmp_path / "thua.csv"
    path.write_text("WKT;SO_THUA\nPOINT (1 2);1\nPOINT (3 4);2;x;y\n", encoding="utf-8")
    with pytest.raises(UnreadableLayer) as refused:
        read_layer(path, crs_epsg=9208)
    said = str(refused.value)
    assert "thua.csv" in said and "dòng 3" in said
    assert "tokenizing" not in said and "C error" not in said and "Expected" not in said


def test_affected_reads_a_semicolon_csv(tmp_path: Path) -> None:
    line = tmp_path / "tuyen.geojson"
    gpd.GeoDataFrame(
        geometry=[shapely.LineString([(E0 - 100, N0 + 20), (E0 + 200, N0 + 20)])], crs=9208
    ).to_file(line)
    parcels = table(tmp_path / "thua.csv", ";")
    result = affected_parcels(parcels, line, CorridorSpec(half_width_m=5.0), crs_epsg=9208,
                              id_field="SO_THUA")  # fmt: skip
    assert list(result.parcels.SO_THUA) == ["1", "2"]
    assert list(result.parcels.affected_m2) == pytest.approx([400.0, 400.0])
