"""Houses on the project's land, and the rule that applies to each (docs/domain.md, "Power-line corridors").

On recovered land (a foundation, a recovery boundary) a house must move. Under a power corridor up to
220 kV it may stay if it meets the conditions (non-combustible roof and walls, clearance, electric field
below 5 kV/m outside and 1 kV/m inside, grounded metal); above that (500 kV) it must move.
"""

from __future__ import annotations

from enum import StrEnum

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from geo.corridor import house_may_stay
from translations import _


class HouseRule(StrEnum):
    RECOVERED = "recovered"  # on permanently recovered land: must move
    MUST_MOVE = "must_move"  # under a line above 220 kV
    MAY_STAY = "may_stay_if_conditions"  # under a line up to 220 kV, if the conditions hold

    @property
    def label(self) -> str:
        return {
            HouseRule.RECOVERED: _("on recovered land: must move"),
            HouseRule.MUST_MOVE: _("under a line above 220 kV: must move"),
            HouseRule.MAY_STAY: _("may stay if it meets the safety conditions"),
        }[self]


def house_rules(
    houses: gpd.GeoSeries, corridors: gpd.GeoDataFrame, permanent: BaseGeometry | None
) -> pd.DataFrame:
    """For each affected house (same index as ``houses``): its rule and the voltage above it."""
    rows: dict[object, dict[str, object]] = {}
    for index, house in houses.items():
        if permanent is not None and not permanent.is_empty and house.intersects(permanent):
            rows[index] = {"rule": str(HouseRule.RECOVERED), "voltage_kv": None}
            continue
        over = [
            float(v)
            for v, zone in zip(corridors.get("voltage_kv", []), corridors.geometry, strict=False)
            if v is not None and not pd.isna(v) and house.intersects(zone)
        ]
        if over:
            voltage = max(over)
            rule = HouseRule.MAY_STAY if house_may_stay(voltage) else HouseRule.MUST_MOVE
            rows[index] = {"rule": str(rule), "voltage_kv": voltage}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["rule", "voltage_kv"])
