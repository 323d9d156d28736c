"""MapInfo tables as Vietnamese offices write them (issue 29, item 2): text in the
"WindowsVietnamese" charset (CP1258) read, and a table in "NonEarth" metres taken as a table
without a coordinate system, asking for one (or taking the one given)."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.land.affected import CorridorSpec, affected_parcels
from geo.encodings import encode
from geo.errors import MissingCRS
from geo.layers import read_layer

E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
NAME = "Thửa đất"
NGHE_AN = 'Earth Projection 8, 104, "m", 104.75, 0, 0.9999, 500000, 0'
NON_EARTH = 'NonEarth Units "m" Bounds (0, 0) (1000000, 3000000)'


def mif(folder: Path, coordsys: str) -> Path:
    """A MIF/MID pair of one 50 m parcel, its text in CP1258, as MapInfo writes it."""
    path = folder / "thua.mif"
    path.write_text(
        f'Version 300\nCharset "WindowsVietnamese"\nDelimiter ","\nCoordSys {coordsys}\n'
        "Columns 2\n  TEN Char(30)\n  SO_THUA Char(5)\nData\n\nRegion 1\n  5\n"
        f"{E0} {N0}\n{E0 + 50} {N0}\n{E0 + 50} {N0 + 50}\n{E0} {N0 + 50}\n{E0} {N0}\n",
        encoding="ascii",
    )
    path.with_suffix(".mid").write_bytes(b'"' + encode(NAME, "cp1258") + b'","1"\n')
    return path


def zipped_tab(folder: Path) -> Path:
    """A zipped TAB in NonEarth metres with CP1258 text. GDAL writes no WindowsVietnamese table,
    so it is written as "Neutral" UTF-8 and its header and fixed-width text made CP1258."""
    boxes = [shapely.box(E0 + 50 * i, N0, E0 + 50 * (i + 1), N0 + 50) for i in range(2)]
    frame = gpd.GeoDataFrame({"TEN": [NAME, "Đất ở"], "SO_THUA": ["1", "2"]}, geometry=boxes)
    tab = folder / "tab" / "thua.tab"
    tab.parent.mkdir()
    with warnings.catch_warnings():  # no CRS: what makes MapInfo write "NonEarth"
        warnings.simplefilter("ignore", UserWarning)
        frame.to_file(tab, driver="MapInfo File", engine="pyogrio", BOUNDS="0,0,1000000,3000000")
    header = tab.read_text(encoding="ascii")
    tab.write_text(header.replace("Neutral", "WindowsVietnamese"), encoding="ascii")
    dat = tab.with_suffix(".dat")
    data = dat.read_bytes()
    for text in frame.TEN:
        utf8, legacy = text.encode(), encode(text, "cp1258")
        data = data.replace(utf8, legacy + bytes(len(utf8) - len(legacy)))
    dat.write_bytes(data)
    path = folder / "thua_tab.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in tab.parent.iterdir():
            archive.write(part, part.name)
    return path


def test_a_mif_in_windows_vietnamese_reads_as_cp1258(tmp_path: Path) -> None:
    layer = read_layer(mif(tmp_path, NGHE_AN))
    assert list(layer.frame.TEN) == [NAME] and layer.encoding == "cp1258"
    assert any("CP1258" in note and ".tab/.mif" in note for note in layer.notes), layer.notes


def test_a_non_earth_mif_asks_for_its_coordinate_system_then_takes_the_one_given(
    tmp_path: Path,
) -> None:
    path = mif(tmp_path, NON_EARTH)
    with pytest.raises(MissingCRS, match=r"NonEarth.*EPSG:9208"):
        read_layer(path)
    layer = read_layer(path, crs_epsg=9208)
    assert layer.frame.crs.to_epsg() == 9208 and not layer.crs_from_file
    assert list(layer.frame.TEN) == [NAME]


def test_a_zipped_non_earth_tab_in_windows_vietnamese_gives_the_affected_parcels(
    tmp_path: Path,
) -> None:
    path = zipped_tab(tmp_path)
    with pytest.raises(MissingCRS, match="NonEarth"):
        read_layer(path)
    layer = read_layer(path, crs_epsg=9208)
    assert list(layer.frame.TEN) == [NAME, "Đất ở"] and layer.frame.crs.to_epsg() == 9208
    line = tmp_path / "tuyen.geojson"
    gpd.GeoDataFrame(
        geometry=[shapely.LineString([(E0 - 100, N0 + 25), (E0 + 200, N0 + 25)])], crs=9208
    ).to_file(line)
    result = affected_parcels(path, line, CorridorSpec(half_width_m=5.0), crs_epsg=9208)
    assert list(result.parcels.TEN) == [NAME, "Đất ở"]
    assert list(result.parcels.affected_m2) == pytest.approx([500.0, 500.0])
