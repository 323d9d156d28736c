"""Polygons that draw no area (issue 29, item 5): a ring that is one point repeated (a real
Quảng Ngãi plan has one of 352 times the same point, on which GEOS ``make_valid`` throws) and
zero-area slivers are left out and listed, alike by ``cli.py affected`` and the stored import;
the rest of the layer is measured and imported."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.land.affected import CorridorSpec, affected_parcels
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.land.service import import_layer, land_counts_in
from consultations.projects.service import create_project
from geo.errors import EmptyLayer
from geo.parcel_shapes import parcel_shapes, row_labels

ADMIN = operator("t")
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
FIELDS = {"sheet_no": "SO_TO", "parcel_no": "SO_THUA"}
POINT_RING = shapely.Polygon([(E0 + 60, N0 + 20)] * 352)
SLIVER = shapely.Polygon([(E0 + 120, N0), (E0 + 130, N0), (E0 + 140, N0), (E0 + 120, N0)])
# A parcel with a second part that is one point repeated: GEOS refuses to repair it whole.
MIXED = shapely.MultiPolygon([shapely.box(E0 + 200, N0, E0 + 240, N0 + 40), POINT_RING])


def parcels(path: Path) -> Path:
    shapes = [shapely.box(E0, N0, E0 + 40, N0 + 40), POINT_RING, SLIVER, MIXED]
    gpd.GeoDataFrame(
        {"SO_TO": ["7"] * 4, "SO_THUA": ["1", "2", "3", "4"]}, geometry=shapes, crs=9208
    ).to_file(path)
    return path


def test_shapes_without_area_are_left_out_and_named_and_a_mixed_part_dropped() -> None:
    source = gpd.GeoDataFrame(
        {"SO_THUA": ["1", "2", "3", "4"]},
        geometry=[shapely.box(E0, N0, E0 + 40, N0 + 40), POINT_RING, SLIVER, MIXED], crs=9208,
    )  # fmt: skip
    kept, report = parcel_shapes(source, row_labels, "thua.gpkg")
    assert list(kept.SO_THUA) == ["1", "4"]
    assert list(kept.area) == pytest.approx([1600.0, 1600.0])
    assert report.no_area == ("dòng 2", "dòng 3") and report.repaired == 1
    assert any("không có diện tích" in note and "dòng 2, dòng 3" in note for note in report.notes())


def test_a_layer_of_nothing_but_shapes_without_area_is_refused() -> None:
    source = gpd.GeoDataFrame(geometry=[POINT_RING, SLIVER], crs=9208)
    with pytest.raises(EmptyLayer, match=r"Không vùng nào của “thua\.gpkg” có diện tích"):
        parcel_shapes(source, row_labels, "thua.gpkg")


def test_affected_leaves_them_out_and_says_so(tmp_path: Path) -> None:
    line = tmp_path / "tuyen.geojson"
    gpd.GeoDataFrame(
        geometry=[shapely.LineString([(E0 - 100, N0 + 20), (E0 + 300, N0 + 20)])], crs=9208
    ).to_file(line)
    result = affected_parcels(parcels(tmp_path / "thua.gpkg"), line, CorridorSpec(half_width_m=5.0),
                              id_field="SO_THUA")  # fmt: skip
    assert list(result.parcels.SO_THUA) == ["1", "4"]
    assert list(result.parcels.affected_m2) == pytest.approx([400.0, 400.0])
    assert any("2, 3" in note for note in result.notes), result.notes


def _project(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="khu-thu", name="Khu thử", kind=ProjectKind.INDUSTRIAL_PARK, crs_epsg=9208,
        province="Nghệ An", units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip


def test_the_stored_import_leaves_out_the_same_parcels_names_them_and_imports_the_rest(
    store: Store, tmp_path: Path
) -> None:
    project = _project(store)
    path = parcels(tmp_path / "thua.gpkg")
    prepared = preview_import(store, project, path, LayerKind.PARCELS,
                              ImportOptions(mapping=FIELDS), actor=ADMIN)  # fmt: skip
    assert any("7/2, 7/3" in note for note in prepared.report["notes"]), prepared.report
    import_layer(store, project, prepared, actor=ADMIN)
    with store.read() as conn:
        assert land_counts_in(conn, project.id)["parcels"] == 2
