"""Field mapping and the checks on parcels: reported, never silent, and nothing dropped."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
import shapely.affinity

from geo.errors import EmptyLayer, InvalidParameter
from geo.fields import check_parcels, layout_key, map_parcel_fields, suggest_mapping
from geo.matching import match_parcels

MAPPING = {"sheet_no": "SO_TO", "parcel_no": "SO_THUA", "recorded_area_m2": "DIEN_TICH"}


def layer(rows: list[tuple[str, str, float, shapely.Geometry]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "SO_TO": [r[0] for r in rows],
            "SO_THUA": [r[1] for r in rows],
            "DIEN_TICH": [r[2] for r in rows],
        },
        geometry=[r[3] for r in rows],
        crs=9208,
    )


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["SO_TO", "SO_THUA", "LOAI_DAT", "DIEN_TICH"],
            {"sheet_no": "SO_TO", "parcel_no": "SO_THUA"},
        ),
        (
            ["SHBANDO", "SHTHUA", "KHLOAIDAT", "DienTich"],
            {"sheet_no": "SHBANDO", "parcel_no": "SHTHUA"},
        ),
        (["Số tờ", "Số thửa", "Chủ sử dụng"], {"sheet_no": "Số tờ", "owner_name": "Chủ sử dụng"}),
    ],
)
def test_usual_land_office_columns_are_recognised(
    columns: list[str], expected: dict[str, str]
) -> None:
    assert expected.items() <= suggest_mapping(columns).items()


def test_the_same_columns_in_another_order_are_the_same_layout() -> None:
    assert layout_key("parcels", ["A", "B"]) == layout_key("parcels", ["B", "A"])
    assert layout_key("parcels", ["A", "B"]) != layout_key("houses", ["A", "B"])


def test_a_mapping_without_the_parcel_number_says_what_the_file_has() -> None:
    frame = layer([("1", "1", 100.0, shapely.box(0, 0, 10, 10))])
    with pytest.raises(InvalidParameter, match="SO_THUA"):
        map_parcel_fields(frame, {"sheet_no": "SO_TO"})


def test_duplicate_keys_are_kept_and_listed() -> None:
    frame = layer(
        [
            ("1", "7", 100.0, shapely.box(0, 0, 10, 10)),
            ("1", "7", 100.0, shapely.box(10, 0, 20, 10)),
        ]
    )
    parcels, report = check_parcels(map_parcel_fields(frame, MAPPING))
    assert len(parcels) == 2
    assert report.duplicate_keys == [("", "", "1", "7")]


def test_an_invalid_polygon_is_repaired_and_counted() -> None:
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])
    parcels, report = check_parcels(map_parcel_fields(layer([("1", "1", 50.0, bowtie)]), MAPPING))
    assert report.repaired == 1
    assert parcels.geometry.iloc[0].is_valid
    assert parcels.geometry.iloc[0].area == pytest.approx(50.0)


def test_a_parcel_without_geometry_stops_the_import() -> None:
    frame = layer([("1", "1", 1.0, shapely.box(0, 0, 1, 1)), ("1", "2", 1.0, shapely.Polygon())])
    with pytest.raises(EmptyLayer, match="2"):
        check_parcels(map_parcel_fields(frame, MAPPING))


def test_recorded_areas_far_from_the_drawn_area_are_listed() -> None:
    frame = layer(
        [
            ("1", "1", 100.0, shapely.box(0, 0, 10, 10)),
            ("1", "2", 150.0, shapely.box(10, 0, 20, 10)),
        ]
    )
    _parcels, report = check_parcels(map_parcel_fields(frame, MAPPING))
    assert report.area_mismatch == [("1/2", 150.0, 100.0)]


def test_parcels_far_from_the_project_are_listed() -> None:
    near = [("1", str(i), 100.0, shapely.box(10 * i, 0, 10 * i + 10, 10)) for i in range(5)]
    far = [("9", "1", 100.0, shapely.box(50_000, 0, 50_010, 10))]
    _parcels, report = check_parcels(
        map_parcel_fields(layer(near + far), MAPPING), shapely.box(0, 0, 50, 10)
    )
    assert report.far_outside == ["9/1"]


def test_matching_uses_the_key_then_the_largest_overlap() -> None:
    stored = map_parcel_fields(
        layer(
            [
                ("1", "7", 100.0, shapely.box(0, 0, 10, 10)),
                ("1", "7", 100.0, shapely.box(100, 0, 110, 10)),
            ]
        ),
        MAPPING,
    ).assign(id=[11, 12])
    incoming = map_parcel_fields(
        layer(
            [
                ("1", "7", 100.0, shapely.box(101, 0, 111, 10)),
                ("1", "8", 100.0, shapely.box(0, 0, 5, 5)),
            ]
        ),
        MAPPING,
    )
    matches = match_parcels(stored, incoming)
    assert matches.iloc[0] == 12 and matches.isna().iloc[1]


def test_matching_a_whole_corrected_layer_pairs_every_parcel_with_its_own() -> None:
    """2 000 parcels in another order, slightly moved: each unique key finds its parcel in one
    join; a number repeated on a sheet (two parcels "5/17") is told apart by overlap."""
    rows = [
        (str(i // 100), str(i % 100), 100.0, shapely.box(i * 20, 0, i * 20 + 10, 10))
        for i in range(2000)
    ]
    rows += [("5", "17", 100.0, shapely.box(0, 500, 10, 510))]  # the second "5/17", far away
    stored = map_parcel_fields(layer(rows), MAPPING).assign(id=range(1000, 1000 + len(rows)))
    moved = [(a, b, c, shapely.affinity.translate(g, 0.5, 0.5)) for a, b, c, g in rows]
    order = list(reversed(range(len(moved))))
    incoming = map_parcel_fields(layer([moved[i] for i in order]), MAPPING)

    matches = match_parcels(stored, incoming)

    assert matches.notna().all()
    assert matches.tolist() == [1000 + i for i in order]  # each the one it came from
    assert matches.is_unique
