"""Reading land-office layers: CRS from the file or the user, VN-2000 checks, survey X/Y."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from geo.crs import checked_crs, crs_choices, province_zone
from geo.errors import InvalidParameter, MissingCRS, UnreadableLayer, WrongCRS
from geo.layers import read_layer


def test_the_vinh_check_point_in_vn2000_nghe_an() -> None:
    to_vn2000 = Transformer.from_crs(4326, 9208, always_xy=True)
    easting, northing = to_vn2000.transform(105.68, 18.67)
    assert (easting, northing) == pytest.approx((597_910.33, 2_065_297.72), abs=0.01)


def test_nghe_an_defaults_to_its_own_zone_and_deprecated_codes_are_never_offered() -> None:
    assert province_zone("Nghệ An") == 9208
    offered = {c.epsg for c in crs_choices()}
    assert offered.isdisjoint({6956, 6957, 6958, 6959})
    assert set(range(9205, 9219)) <= offered
    with pytest.raises(InvalidParameter, match="9205"):
        checked_crs(6957)


@pytest.fixture
def shapefile_without_prj(tmp_path: Path) -> Path:
    frame = gpd.GeoDataFrame(
        {"SO_TO": ["12"], "SO_THUA": ["45"]},
        geometry=[shapely.box(597_900, 2_065_290, 597_940, 2_065_340)],
        crs=9208,
    )
    path = tmp_path / "thua.shp"
    frame.to_file(path, engine="pyogrio")
    path.with_suffix(".prj").unlink()
    return path


def test_a_file_without_prj_asks_for_a_crs(shapefile_without_prj: Path) -> None:
    with pytest.raises(MissingCRS, match="EPSG:9208"):
        read_layer(shapefile_without_prj)


def test_a_file_without_prj_reads_in_the_crs_the_user_names(shapefile_without_prj: Path) -> None:
    layer = read_layer(shapefile_without_prj, crs_epsg=9208).frame
    assert layer.crs.to_epsg() == 9208
    assert layer.geometry.iloc[0].area == pytest.approx(2000)


def test_a_wrong_zone_is_caught_because_the_parcels_leave_vietnam(
    shapefile_without_prj: Path,
) -> None:
    with pytest.raises(WrongCRS, match="ngoài Việt Nam"):
        read_layer(shapefile_without_prj, crs_epsg=3857)


def write_towers(tmp_path: Path, x: list[float], y: list[float]) -> Path:
    path = tmp_path / "towers.csv"
    pd.DataFrame({"Ten_cot": ["VT1", "VT2"], "X": x, "Y": y}).to_csv(path, index=False)
    return path


def test_survey_tables_with_x_as_northing_are_read_the_right_way_round(tmp_path: Path) -> None:
    path = write_towers(tmp_path, x=[2_065_297.72, 2_065_400.0], y=[597_910.33, 598_000.0])
    towers = read_layer(path, crs_epsg=9208).frame
    first = towers.geometry.iloc[0]
    assert (first.x, first.y) == pytest.approx((597_910.33, 2_065_297.72))


def test_gis_tables_with_x_as_easting_are_read_as_they_are(tmp_path: Path) -> None:
    path = write_towers(tmp_path, x=[597_910.33, 598_000.0], y=[2_065_297.72, 2_065_400.0])
    first = read_layer(path, crs_epsg=9208).frame.geometry.iloc[0]
    assert (first.x, first.y) == pytest.approx((597_910.33, 2_065_297.72))


def test_coordinates_that_are_not_vn2000_metres_are_refused(tmp_path: Path) -> None:
    path = write_towers(tmp_path, x=[105.68, 105.69], y=[18.67, 18.68])
    with pytest.raises(UnreadableLayer, match="VN-2000"):
        read_layer(path, crs_epsg=9208)


def test_a_file_that_is_not_a_layer_says_so(tmp_path: Path) -> None:
    path = tmp_path / "thua.zip"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(UnreadableLayer, match=r"thua\.zip"):
        read_layer(path, crs_epsg=9208)


def test_kmz_is_read_in_wgs84(tmp_path: Path) -> None:
    import zipfile

    line = gpd.GeoDataFrame(
        {"Name": ["ĐZ 220kV"]},
        geometry=[shapely.LineString([(105.3, 18.83), (105.31, 18.84)])],
        crs=4326,
    )
    kml = tmp_path / "doc.kml"
    line.to_file(kml, driver="KML", engine="pyogrio")
    kmz = tmp_path / "tuyen.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.write(kml, "doc.kml")
    layer = read_layer(kmz)
    assert layer.frame.crs.to_epsg() == 4326
    assert layer.frame.Name.tolist() == ["ĐZ 220kV"]


def test_dxf_closed_polylines_become_parcels(tmp_path: Path) -> None:
    rings = gpd.GeoDataFrame(
        {"Layer": ["THUA"]}, geometry=[shapely.box(597_900, 2_065_290, 597_940, 2_065_340).exterior]
    )
    path = tmp_path / "ban_do.dxf"
    with pytest.warns(UserWarning, match="crs"):  # CAD drawings carry no CRS: that is the point
        rings.to_file(path, driver="DXF", engine="pyogrio")
    layer = read_layer(path, crs_epsg=9208)
    [parcel] = layer.frame.geometry
    assert parcel.geom_type == "Polygon" and parcel.area == pytest.approx(2000)


def test_csv_with_wkt_geometry(tmp_path: Path) -> None:
    path = tmp_path / "ranh.csv"
    path.write_text(
        'ten,wkt\n"Ranh giới","POLYGON ((597900 2065290, 597940 2065290, 597940 2065340, 597900 2065290))"\n',
        encoding="utf-8",
    )
    layer = read_layer(path, crs_epsg=9208)
    assert layer.frame.ten.tolist() == ["Ranh giới"]
    assert layer.frame.geometry.iloc[0].area == pytest.approx(1000)


def test_csv_with_lon_lat_is_wgs84(tmp_path: Path) -> None:
    path = tmp_path / "cot.csv"
    path.write_text("ten,lon,lat\nVT1,105.68,18.67\n", encoding="utf-8")
    layer = read_layer(path)
    assert layer.frame.crs.to_epsg() == 4326 and layer.crs_from_file


def test_a_geopackage_with_several_layers_asks_which(tmp_path: Path) -> None:
    path = tmp_path / "du_an.gpkg"
    square = shapely.box(597_900, 2_065_290, 597_940, 2_065_340)
    for name in ("thua", "nha"):
        gpd.GeoDataFrame({"ten": [name]}, geometry=[square], crs=9208).to_file(path, layer=name)
    with pytest.raises(UnreadableLayer, match="thua"):
        read_layer(path)
    assert read_layer(path, layer="nha").frame.ten.tolist() == ["nha"]


def test_a_shapefile_in_survey_axis_order_is_turned_round(tmp_path: Path) -> None:
    swapped = gpd.GeoDataFrame(
        geometry=[shapely.box(2_065_290, 597_900, 2_065_340, 597_940)], crs=9208
    )
    path = tmp_path / "dao_truc.shp"
    swapped.to_file(path, engine="pyogrio")
    layer = read_layer(path)
    assert layer.frame.total_bounds == pytest.approx((597_900, 2_065_290, 597_940, 2_065_340))
    assert layer.notes


def test_a_mapinfo_tab_is_read_with_its_crs(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"SO_THUA": ["7"]}, geometry=[shapely.box(597_900, 2_065_290, 597_940, 2_065_340)], crs=9208
    )
    path = tmp_path / "thua.tab"
    frame.to_file(path, driver="MapInfo File", engine="pyogrio")
    layer = read_layer(path, crs_epsg=9208)
    assert layer.frame.SO_THUA.tolist() == ["7"]
    assert layer.frame.to_crs(9208).geometry.iloc[0].area == pytest.approx(2000, rel=1e-3)
