"""A layer with features that have no geometry is refused naming them, never imported with them
silently left out (issue 15: "5 of 9 rows kept, '5 features read'")."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import prepare_layer_in
from consultations.land.service import land_counts_in
from consultations.projects.service import create_project
from geo.errors import EmptyLayer
from translations import set_language

E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
FIELDS = {"sheet_no": "SO_TO", "parcel_no": "SO_THUA"}


def _project(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="khu-thu", name="Khu thử", kind=ProjectKind.INDUSTRIAL_PARK, crs_epsg=9208,
        province="Nghệ An", units=(("commune", "Hưng Nguyên"),)), actor=operator("t"))  # fmt: skip


def _parcels(path: Path, empty: set[int], count: int = 9) -> Path:
    shapes = [None if i in empty else shapely.box(E0 + 50 * i, N0, E0 + 50 * i + 40, N0 + 40)
              for i in range(count)]  # fmt: skip
    gpd.GeoDataFrame(
        {"SO_TO": ["7"] * count, "SO_THUA": [str(i + 1) for i in range(count)]},
        geometry=shapes, crs=9208,
    ).to_file(path)  # fmt: skip
    return path


@pytest.mark.parametrize(("name", "empty"), [("thua.geojson", {1, 3, 5, 7}), ("thua.gpkg", {0})])
def test_parcels_without_geometry_are_refused_by_their_numbers_and_nothing_changes(
    store: Store, tmp_path: Path, name: str, empty: set[int]
) -> None:
    set_language("vi")
    project = _project(store)
    path = _parcels(tmp_path / name, empty)
    with store.read() as conn, pytest.raises(EmptyLayer) as refused:
        prepare_layer_in(conn, project, path, LayerKind.PARCELS, ImportOptions(mapping=FIELDS))
    said = str(refused.value)
    assert f"{len(empty)} trong số 9" in said
    for i in empty:
        assert f"7/{i + 1}" in said
    assert "Chưa nhập gì" in said
    with store.read() as conn:
        assert land_counts_in(conn, project.id)["parcels"] == 0


def test_other_layers_name_the_rows_without_geometry(store: Store, tmp_path: Path) -> None:
    set_language("vi")
    project = _project(store)
    path = tmp_path / "ranh.geojson"
    gpd.GeoDataFrame(geometry=[shapely.box(E0, N0, E0 + 500, N0 + 500), None], crs=9208).to_file(
        path
    )
    with store.read() as conn, pytest.raises(EmptyLayer, match="dòng 2"):
        prepare_layer_in(conn, project, path, LayerKind.BOUNDARY, ImportOptions())
