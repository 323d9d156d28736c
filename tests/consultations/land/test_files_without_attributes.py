"""The stored import of files that used to be refused for the wrong reason (issue 29, item 7): a
parcel layer whose .dbf has no columns is imported, its parcels numbered in file order; a DGN v7
is imported once its coordinate system is given; notes name parcels without "nan/nan"."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.land.service import import_layer, land_counts_in
from consultations.projects.service import create_project

ADMIN = operator("t")
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
SQUARES = [shapely.box(E0 + 50 * i, N0, E0 + 50 * i + 40, N0 + 40) for i in range(3)]


def _project(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="khu-thu", name="Khu thử", kind=ProjectKind.INDUSTRIAL_PARK, crs_epsg=9208,
        province="Nghệ An", units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip


def _import(store: Store, project: Project, path: Path, options: ImportOptions) -> list[str]:
    prepared = preview_import(store, project, path, LayerKind.PARCELS, options, actor=ADMIN)
    import_layer(store, project, prepared, actor=ADMIN)
    return list(prepared.report["notes"])


def test_a_parcel_layer_whose_dbf_has_no_columns_is_imported_numbered_in_file_order(
    store: Store, tmp_path: Path
) -> None:
    project = _project(store)
    path = tmp_path / "thua.shp"
    gpd.GeoDataFrame({"x": [1, 2, 3]}, geometry=SQUARES, crs=9208).to_file(path, engine="pyogrio")
    header = struct.pack("<BBBBIHH20x", 3, 126, 12, 7, 0, 33, 1)  # no field, no row
    path.with_suffix(".dbf").write_bytes(header + b"\x0d\x1a")
    notes = _import(store, project, path, ImportOptions())
    assert any("đánh số từ 1 đến 3" in note for note in notes), notes
    with store.read() as conn:
        assert land_counts_in(conn, project.id)["parcels"] == 3


def test_a_dgn_v7_is_imported_in_the_coordinate_system_given(store: Store, tmp_path: Path) -> None:
    project = _project(store)
    path = tmp_path / "to_7.dgn"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        pyogrio.write_dataframe(gpd.GeoDataFrame(geometry=SQUARES), path, driver="DGN")
    _import(
        store,
        project,
        path,
        ImportOptions(crs_epsg=9208, mapping={"parcel_no": "EntityNum", "sheet_no": "Level"}),
    )
    with store.read() as conn:
        assert land_counts_in(conn, project.id)["parcels"] == 3


def test_parcels_without_numbers_are_named_by_their_row_never_nan(
    store: Store, tmp_path: Path
) -> None:
    project = _project(store)
    path = tmp_path / "thua.gpkg"
    sliver = shapely.Polygon([(E0, N0 + 100), (E0 + 10, N0 + 100), (E0 + 20, N0 + 100)])
    gpd.GeoDataFrame(
        {"SO_TO": [7.0, np.nan, np.nan, 7.0], "SO_THUA": [1.0, 2.0, np.nan, 4.0]},
        geometry=[SQUARES[0], sliver, sliver, SQUARES[1]], crs=9208,
    ).to_file(path)  # fmt: skip
    options = ImportOptions(mapping={"sheet_no": "SO_TO", "parcel_no": "SO_THUA"})
    prepared = preview_import(store, project, path, LayerKind.PARCELS, options, actor=ADMIN)
    said = " ".join(prepared.report["notes"])
    assert "?/2, dòng 3" in said and "nan" not in said and "None" not in said, said
