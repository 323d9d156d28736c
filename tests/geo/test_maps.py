"""Map helpers: the compact encoding read by the browser, and finding the parcel under a click."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.compact import SCALE, encode_geometry
from geo.maps import feature_at


def _decode(rings: list[list[int]]) -> list[np.ndarray]:
    return [np.cumsum(np.asarray(r).reshape(-1, 2), axis=0) / SCALE for r in rings]


def test_each_ring_is_encoded_once_without_its_closing_vertex_and_decodes_to_01_m() -> None:
    holed = shapely.Polygon(
        [(105.0, 18.0), (105.01, 18.0), (105.01, 18.01), (105.0, 18.01)],
        [[(105.002, 18.002), (105.003, 18.002), (105.003, 18.003)]],
    )
    two = shapely.MultiPolygon(
        [shapely.box(105.1, 18.1, 105.1000004, 18.1003), shapely.box(106, 19, 106.001, 19.001)]
    )
    encoded = encode_geometry(np.array([holed, two]))
    assert [len(p) for p in encoded] == [2, 2]
    rings = [*shapely.get_rings(holed), *shapely.get_rings(shapely.get_parts(two))]
    for ring, decoded in zip(rings, _decode(encoded[0] + encoded[1]), strict=True):
        original = np.asarray(ring.coords)[:-1]
        assert decoded.shape == original.shape
        assert np.abs(decoded - original).max() <= 0.5 / SCALE + 1e-12


def test_a_click_finds_the_parcel_under_it_in_the_layers_own_crs() -> None:
    parcels = gpd.GeoDataFrame(
        {"label": ["12/1", "12/2"]},
        geometry=[
            shapely.box(597_000, 2_060_000, 597_040, 2_060_040),
            shapely.box(597_040, 2_060_000, 597_080, 2_060_040),
        ],
        crs=9208,
    )
    inside_second = (
        gpd.GeoSeries([shapely.Point(597_060, 2_060_020)], crs=9208).to_crs(4326).iloc[0]
    )
    assert feature_at(parcels, inside_second.x, inside_second.y) == 1
    far = gpd.GeoSeries([shapely.Point(598_000, 2_061_000)], crs=9208).to_crs(4326).iloc[0]
    assert feature_at(parcels, far.x, far.y) is None
    assert feature_at(parcels.iloc[:0], inside_second.x, inside_second.y) is None


def test_every_map_has_a_scale_bar_in_metres_only_never_miles_and_feet() -> None:
    from geo.maps import layers_map, outlines_map

    box = gpd.GeoDataFrame(geometry=[shapely.box(105.0, 18.0, 105.01, 18.01)], crs=4326)
    for fmap in (
        outlines_map(box.assign(colour="#123456"), "colour", []),
        layers_map([(box, "#123456", "box")]),
    ):
        page = fmap.get_root().render()
        assert "L.control.scale({imperial: false})" in page
        assert "L.control.scale()" not in page


def test_maps_are_made_only_by_the_helper_that_sets_the_metric_scale() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    made = [
        str(p.relative_to(root))
        for folder in ("geo", "app_pages", "ui", "consultations")
        for p in (root / folder).rglob("*.py")
        if "folium.Map(" in p.read_text(encoding="utf-8")
    ]
    assert made == ["geo/maps.py"]
    assert (root / "geo" / "maps.py").read_text(encoding="utf-8").count("folium.Map(") == 1
