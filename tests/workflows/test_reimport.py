"""Loading a corrected parcel layer: the overlay runs again, and no household record is lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pytest

from consultations.projects import find_project, project_figures
from consultations.records import Project
from consultations.storage.database import Store
from consultations.storage.people import consent_events_of, households_of
from workflows.demo import DEMO_ROOT
from workflows.impacts import ImpactChanges, import_layer
from workflows.layer_import import ImportOptions, LayerKind, prepare_layer

FIELDS = {
    "sheet_no": "SO_TO",
    "parcel_no": "SO_THUA",
    "land_use_codes": "LOAI_DAT",
    "recorded_area_m2": "DIEN_TICH",
    "commune": "XA",
    "old_commune": "XA_CU",
    "owner_name": "CHU_SD",
}


def reimport(store: Store, project: Project, path: Path) -> ImpactChanges:
    with store.read() as conn:
        prepared = prepare_layer(
            conn, project, path, LayerKind.PARCELS, ImportOptions(mapping=FIELDS)
        )
    return import_layer(store, project, prepared, actor="tester")


def household_parcels(store: Store, code: str) -> list[tuple[str, str]]:
    from workflows.demo import DEMO_ROOT

    links = gpd.pd.read_excel(DEMO_ROOT / "cat-van-220kv" / "ho_gia_dinh.xlsx", sheet_name="Thửa")
    rows = links[links["Mã hộ"] == code]
    return [(str(r["Tờ bản đồ"]), str(r["Thửa đất"])) for _i, r in rows.iterrows()]


@pytest.fixture
def source_parcels() -> gpd.GeoDataFrame:
    return gpd.read_file(DEMO_ROOT / "cat-van-220kv" / "thua_dat.zip")


def without(frame: gpd.GeoDataFrame, keys: list[tuple[str, str]]) -> gpd.GeoDataFrame:
    drop = frame.apply(lambda r: (str(r.SO_TO), str(r.SO_THUA)) in keys, axis=1)
    return frame[~drop]


def test_a_household_whose_parcels_leave_keeps_its_history(
    demo_store: Store, source_parcels: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        events_before = consent_events_of(conn, project.id)
        households_before = households_of(conn, project.id)
    corrected = tmp_path / "thua_dat_sua.gpkg"
    without(source_parcels, household_parcels(demo_store, "CV01")).to_file(corrected)

    changes = reimport(demo_store, project, corrected)

    assert changes.households_left == ["CV01"]
    assert changes.households_entered == []
    assert sorted(changes.parcels_retired) == sorted(
        f"{s}/{p}" for s, p in household_parcels(demo_store, "CV01")
    )
    with demo_store.read() as conn:
        assert consent_events_of(conn, project.id) == events_before
        households = {h.code: h for h in households_of(conn, project.id)}
    assert len(households) == len(households_before)
    assert households["CV01"].affected is False and households["CV01"].version == 2
    assert project_figures(demo_store, project, dt.date(2024, 5, 31)).affected_households == 14


def test_loading_the_original_again_brings_the_household_back(
    demo_store: Store, source_parcels: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    corrected = tmp_path / "sua.gpkg"
    without(source_parcels, household_parcels(demo_store, "CV02")).to_file(corrected)
    reimport(demo_store, project, corrected)

    changes = reimport(demo_store, project, DEMO_ROOT / "cat-van-220kv" / "thua_dat.zip")

    assert changes.households_entered == ["CV02"]
    assert changes.parcels_retired == []
    assert project_figures(demo_store, project).affected_households == 15


def test_a_moved_parcel_keeps_its_id_and_its_links(
    demo_store: Store, source_parcels: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [(sheet, number), *_rest] = household_parcels(demo_store, "CV03")
    mask = (source_parcels.SO_TO.astype(str) == sheet) & (
        source_parcels.SO_THUA.astype(str) == number
    )
    moved = source_parcels.copy()
    moved.loc[mask, "geometry"] = moved.loc[mask].translate(5_000, 0)  # far off the corridor
    path = tmp_path / "moved.gpkg"
    moved.to_file(path)

    changes = reimport(demo_store, project, path)

    assert changes.parcels_left == [f"{sheet}/{number}"]
    assert changes.parcels_retired == []
    assert "CV03" not in changes.households_left  # its other parcel is still under the line
