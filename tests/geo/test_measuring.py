"""Areas and buffers are measured on the ground: in a transverse Mercator in metres (VN-2000 or
UTM), never in Web Mercator, degrees or unknown units (issue 29, item 1)."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from pyproj import CRS

from geo.measuring import fit_for_measuring, measuring_crs

E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)


def parcels(epsg: int) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[shapely.box(E0, N0, E0 + 100, N0 + 100)], crs=9208).to_crs(
        epsg
    )


@pytest.mark.parametrize(
    ("epsg", "fit"),
    [(9208, True), (3405, True), (32648, True), (3857, False), (3395, False), (4326, False)],
)
def test_only_a_transverse_mercator_in_metres_is_fit_for_measuring(epsg: int, fit: bool) -> None:
    assert fit_for_measuring(CRS.from_epsg(epsg)) is fit


def test_a_layer_in_its_vn2000_zone_is_measured_in_it_without_a_word() -> None:
    measuring = measuring_crs(parcels(9208))
    assert measuring.epsg == 9208 and measuring.note is None


@pytest.mark.parametrize("epsg", [3857, 4326])
def test_web_mercator_and_degrees_are_measured_in_the_provinces_vn2000_zone(epsg: int) -> None:
    measuring = measuring_crs(parcels(epsg))
    assert measuring.epsg == 9208  # Nghệ An's zone, found from where the layer lies
    assert measuring.note is not None and "EPSG:9208" in measuring.note
    area = parcels(epsg).to_crs(measuring.epsg).area.iloc[0]
    assert area == pytest.approx(10_000.0, rel=1e-4)
    assert parcels(3857).area.iloc[0] > 10_700  # what measuring in Web Mercator would have said
