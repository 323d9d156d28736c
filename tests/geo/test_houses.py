"""Which rule applies to each house on the project's land (docs/domain.md, "Power-line corridors")."""

from __future__ import annotations

import geopandas as gpd
import shapely

from geo.houses import HouseRule, house_rules


def corridors(voltage_kv: float) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"voltage_kv": [voltage_kv]}, geometry=[shapely.box(0, 0, 100, 22)], crs=9208
    )


def houses() -> gpd.GeoSeries:
    return gpd.GeoSeries(
        {
            "under": shapely.box(10, 5, 20, 12),
            "on_foundation": shapely.box(50, 5, 55, 10),
            "away": shapely.box(0, 50, 5, 55),
        },
        crs=9208,
    )


def test_up_to_220kv_a_house_may_stay_if_it_meets_the_conditions() -> None:
    rules = house_rules(houses(), corridors(220), permanent=shapely.box(48, 3, 58, 13))
    assert rules.loc["under", "rule"] == HouseRule.MAY_STAY
    assert rules.loc["on_foundation", "rule"] == HouseRule.RECOVERED
    assert "away" not in rules.index


def test_under_500kv_no_occupied_house_may_stay() -> None:
    rules = house_rules(houses(), corridors(500), permanent=None)
    assert rules.loc["under", "rule"] == HouseRule.MUST_MOVE
    assert rules.loc["under", "voltage_kv"] == 500
