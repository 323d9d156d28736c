"""VN-2000 as docs/domain.md states it: EPSG codes with PROJ's official transformation, checked on
a known point, and the deprecated swapped zones never offered."""

from __future__ import annotations

import pytest
from pyproj import Transformer

from geo.crs import crs_choices


def test_vinh_lands_where_the_nghe_an_zone_puts_it() -> None:
    easting, northing = Transformer.from_crs(4326, 9208, always_xy=True).transform(105.68, 18.67)
    assert easting == pytest.approx(597_910.33, abs=0.05)
    assert northing == pytest.approx(2_065_297.72, abs=0.05)


def test_the_deprecated_swapped_zones_are_never_offered() -> None:
    offered = {c.epsg for c in crs_choices()}
    assert 9208 in offered and not offered & {6956, 6957, 6958, 6959}
