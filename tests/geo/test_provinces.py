"""Province outlines: every province since 2025 has one, its source is documented, and a layer is
told apart as in its province, in another one, or in the sea (a wrong coordinate system)."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from consultations.projects.places import provinces
from geo.provinces import (
    OUTLINES_PATH,
    Where,
    current_province,
    name_key,
    outlines,
    province_names,
    province_outline,
    where_layer_lies,
)


def at(lon: float, lat: float, size_m: float = 100.0) -> gpd.GeoSeries:
    """A square parcel of ``size_m`` at a longitude/latitude, in VN-2000 Nghệ An (EPSG:9208)."""
    point = gpd.GeoSeries([shapely.Point(lon, lat)], crs=4326).to_crs(9208)
    return point.buffer(size_m / 2, cap_style="square")


def test_all_34_provinces_have_an_outline_found_by_their_name_today() -> None:
    assert len(province_names()) == 34 and set(outlines()) == set(province_names())
    assert len(provinces()) == 34
    for province in provinces():  # the names a project is given (vietnam-provinces package)
        outline = province_outline(province.name)
        assert outline is not None, province.name
        assert outline.is_valid and outline.area > 0.1, province.name  # square degrees


def test_former_provinces_and_other_spellings_find_the_province_they_became() -> None:
    assert current_province("Hà Giang") == "Tuyên Quang"
    assert current_province("Hoà Bình") == current_province("Hòa Bình") == "Phú Thọ"
    assert current_province("Thừa Thiên Huế") == current_province("Huế") == "Thành phố Huế"
    assert current_province("TP. Hồ Chí Minh") == "Thành phố Hồ Chí Minh"
    assert current_province("Bà Rịa -Vũng Tàu") == "Thành phố Hồ Chí Minh"
    assert current_province("Tỉnh Đắk Lắk") == current_province("Đăk Lăk") == "Đắk Lắk"
    assert name_key("Hà Nam") != name_key("Hà Nội")
    assert current_province("Atlantis") is None and current_province("") is None


def test_the_outlines_file_says_where_it_comes_from_and_stays_small() -> None:
    data = json.loads(OUTLINES_PATH.read_text(encoding="utf-8"))
    provenance = data["provenance"]
    assert provenance["commit"] == "8eb9ac1c0bec06cbc4e3311dfc430da8a67375cd"
    assert "phamductu/vietnamese-provincial-icons" in provenance["repository"]
    assert "MIT" in provenance["licence"] and "Open Development Mekong" in provenance["source"]
    assert provenance["derived_by"] == "scripts/make_province_outlines.py"
    assert (OUTLINES_PATH.parents[2] / "scripts" / "make_province_outlines.py").exists()
    note = OUTLINES_PATH.with_suffix(".md").read_text(encoding="utf-8")
    for said in ("8eb9ac1c0bec06cbc4e3311dfc430da8a67375cd", "MIT", "Open Development Mekong",
                 "scripts/make_province_outlines.py"):  # fmt: skip
        assert said in note
    assert OUTLINES_PATH.stat().st_size < 300_000
    merged = {
        f["properties"]["province"]: f["properties"]["former_provinces"] for f in data["features"]
    }
    assert sum(len(formers) for formers in merged.values()) == 63


def test_a_layer_in_vinh_lies_in_nghe_an() -> None:
    placed = where_layer_lies(at(105.68, 18.67), "Nghệ An")
    assert placed.where is Where.INSIDE and placed.province == "Nghệ An"
    assert (placed.lon, placed.lat) == pytest.approx((105.68, 18.67), abs=1e-3)


def test_a_layer_in_ha_tinh_lies_elsewhere_and_names_ha_tinh() -> None:
    placed = where_layer_lies(at(105.90, 18.35), "Nghệ An")
    assert placed.where is Where.ELSEWHERE and placed.province == "Hà Tĩnh"
    assert where_layer_lies(at(105.90, 18.35), "Hà Tĩnh").where is Where.INSIDE


def test_a_layer_just_across_the_border_counts_as_in_the_province() -> None:
    """1.5 km into Hà Tĩnh across the Lam river from Vinh: within the 10 km margin of Nghệ An."""
    assert where_layer_lies(at(105.72, 18.64), "Nghệ An").where is Where.INSIDE


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(106.8, 18.83), (108.0, 19.0), (102.60, 17.97)],  # Gulf of Tonkin twice; Vientiane (Laos)
)
def test_a_layer_in_the_sea_or_abroad_lies_outside(lon: float, lat: float) -> None:
    assert where_layer_lies(at(lon, lat), "Nghệ An").where is Where.OUTSIDE
    assert where_layer_lies(at(lon, lat), None).where is Where.OUTSIDE


@pytest.mark.parametrize(
    ("lon", "lat", "province"),
    [
        (103.96, 10.22, "An Giang"),  # Phú Quốc, once Kiên Giang
        (106.61, 8.69, "Thành phố Hồ Chí Minh"),  # Côn Đảo, once Bà Rịa – Vũng Tàu
        (107.72, 20.13, "Hải Phòng"),  # Bạch Long Vĩ
        (106.34, 10.36, "Vĩnh Long"),  # a coastal parcel, once Bến Tre
    ],
)
def test_islands_and_coastal_parcels_lie_in_their_province(
    lon: float, lat: float, province: str
) -> None:
    assert where_layer_lies(at(lon, lat), province).where is Where.INSIDE


def test_without_a_province_only_the_sea_is_told() -> None:
    placed = where_layer_lies(at(105.90, 18.35), None)
    assert placed.where is Where.INSIDE and placed.province is None
    assert where_layer_lies(at(105.90, 18.35), "Atlantis").where is Where.INSIDE


def test_a_long_line_is_seen_along_its_whole_length() -> None:
    """From Vientiane to the Gulf of Tonkin, two vertices both off Vietnam: it crosses the land."""
    line = gpd.GeoSeries([shapely.LineString([(102.60, 17.97), (108.0, 19.0)])], crs=4326)
    assert where_layer_lies(line, "Nghệ An").where is not Where.OUTSIDE
