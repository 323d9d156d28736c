"""Power corridors from the safety-distance table, and tower foundations along the line."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.corridor import buffer_line, corridor_half_width_m, safety_distance_m, tower_footprints
from geo.errors import InvalidParameter


@pytest.mark.parametrize(
    ("voltage_kv", "distance_m"),
    [(10, 2.0), (22, 2.0), (35, 3.0), (110, 4.0), (220, 6.0), (500, 7.0)],
)
def test_bare_wire_safety_distances_follow_the_decree(voltage_kv: float, distance_m: float) -> None:
    assert safety_distance_m(voltage_kv) == distance_m


def test_an_unknown_voltage_names_the_known_ones() -> None:
    with pytest.raises(InvalidParameter, match="220"):
        safety_distance_m(330)


def test_a_220kv_corridor_is_half_spread_plus_six_metres_each_side() -> None:
    half = corridor_half_width_m(220, conductor_half_spread_m=5.0)
    corridor = buffer_line(shapely.LineString([(0, 0), (1000, 0)]), half)
    assert half == 11.0
    assert corridor.area == pytest.approx(1000 * 22)
    assert corridor.bounds == pytest.approx((0, -11, 1000, 11))


def test_a_zero_width_corridor_is_refused() -> None:
    with pytest.raises(InvalidParameter, match="0 m"):
        buffer_line(shapely.LineString([(0, 0), (1, 0)]), 0)


def test_foundations_are_squares_turned_to_follow_the_line() -> None:
    line = shapely.LineString([(0, 0), (100, 100)])
    [square] = tower_footprints(gpd.GeoSeries([shapely.Point(50, 50)], crs=9208), 10, line)
    assert square.area == pytest.approx(100)
    assert square.centroid.coords[0] == pytest.approx((50, 50))
    # Turned 45°: its corners lie on the axes through the centre, ~7.07 m away.
    assert square.bounds == pytest.approx(
        (50 - 7.0711, 50 - 7.0711, 50 + 7.0711, 50 + 7.0711), abs=1e-3
    )


def test_foundation_polygons_are_kept_as_given() -> None:
    given = shapely.box(0, 0, 12, 12)
    [kept] = tower_footprints(gpd.GeoSeries([given], crs=9208), 10)
    assert kept.equals(given)
