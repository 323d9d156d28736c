"""Areas lost per parcel, on exact little geometries whose answers can be worked out by hand."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.errors import InvalidParameter
from geo.overlay import area_inside, cut_into_pieces, parcel_impacts

CRS = 9208


def parcels(*boxes: tuple[float, float, float, float]) -> gpd.GeoSeries:
    return gpd.GeoSeries([shapely.box(*b) for b in boxes], crs=CRS)


def test_a_parcel_across_two_corridor_pieces_is_counted_once() -> None:
    # Pieces are cut every 100 m; the parcel straddles the cut at x = 100.
    parcel = np.array([shapely.box(80, 0, 120, 10)])
    corridor = shapely.box(0, 0, 200, 5)
    assert len(cut_into_pieces(corridor, 100)) == 2
    assert area_inside(parcel, corridor, size_m=100) == pytest.approx([200.0])


def test_a_parcel_wholly_inside_a_piece_counts_its_whole_area() -> None:
    parcel = np.array([shapely.box(10, 10, 20, 30)])
    assert area_inside(parcel, shapely.box(0, 0, 100, 100), size_m=1000) == pytest.approx([200.0])


def test_permanent_and_restricted_areas_are_separate_and_add_up() -> None:
    # Corridor: y in [0, 20]. Foundation: a 10 m square inside it, on parcel A.
    result = parcel_impacts(
        parcels((0, -10, 50, 30), (50, -10, 100, 30), (0, 100, 10, 110)),
        permanent=shapely.box(20, 5, 30, 15),
        corridor=shapely.box(0, 0, 100, 20),
    )
    a, b, far = result.itertuples(index=False)
    assert (a.permanent_m2, a.restricted_m2) == pytest.approx((100.0, 900.0))
    assert (b.permanent_m2, b.restricted_m2) == pytest.approx((0.0, 1000.0))
    assert a.affected_m2 == pytest.approx(1000.0)
    assert a.affected_share == pytest.approx(1000.0 / 2000.0)
    assert (far.affected_m2, far.affected_share) == (0.0, 0.0)


def test_a_recovery_boundary_without_corridor_is_all_permanent() -> None:
    result = parcel_impacts(parcels((0, 0, 10, 10)), shapely.box(5, 0, 20, 10), None)
    assert result.permanent_m2.iloc[0] == pytest.approx(50.0)
    assert result.restricted_m2.iloc[0] == 0.0


def test_results_match_geopandas_overlay_on_irregular_parcels() -> None:
    rng = np.random.default_rng(1)
    seeds = shapely.MultiPoint(rng.uniform(0, 3000, (400, 2)))
    cells = shapely.voronoi_polygons(seeds, extend_to=shapely.box(0, 0, 3000, 3000))
    layer = gpd.GeoSeries(list(cells.geoms), crs=CRS).clip(shapely.box(0, 0, 3000, 3000))
    corridor = shapely.LineString([(0, 100), (1500, 2900), (3000, 1200)]).buffer(40)
    ours = area_inside(layer.values.to_numpy(), corridor, size_m=500)
    expected = layer.intersection(corridor).area.to_numpy()
    assert ours == pytest.approx(expected, abs=1e-6)


def test_areas_need_a_metric_crs() -> None:
    with pytest.raises(InvalidParameter, match="mét"):
        parcel_impacts(gpd.GeoSeries([shapely.box(0, 0, 1, 1)], crs=4326), None, None)
