"""Loading a corrected parcel layer: the overlay runs again, and no household record is lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pytest

from consultations.consent.store import consent_events_of
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import Project
from consultations.households.store import households_of
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import PreparedLayer, prepare_layer_in
from consultations.land.service import ImpactChanges, import_layer
from consultations.projects.service import find_project
from consultations.reporting.state import project_figures
from consultations.setup.demo import DEMO_ROOT
from translations import local_today

FIELDS = {
    "sheet_no": "SO_TO",
    "parcel_no": "SO_THUA",
    "land_use_codes": "LOAI_DAT",
    "recorded_area_m2": "DIEN_TICH",
    "commune": "XA",
    "old_commune": "XA_CU",
    "owner_name": "CHU_SD",
}


def prepared_parcels(store: Store, project: Project, path: Path) -> PreparedLayer:
    with store.read() as conn:
        return prepare_layer_in(
            conn, project, path, LayerKind.PARCELS, ImportOptions(mapping=FIELDS)
        )


def reimport(store: Store, project: Project, path: Path) -> ImpactChanges:
    """A corrected layer, imported by someone who saw its preview and confirmed it."""
    prepared = prepared_parcels(store, project, path)
    return import_layer(store, project, prepared, actor=operator("tester"), confirmed=True)


def household_parcels(store: Store, code: str) -> list[tuple[str, str]]:
    from consultations.setup.demo import DEMO_ROOT

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


def test_a_register_of_attributes_updates_the_parcels_it_names(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [(sheet, number), *_rest] = household_parcels(demo_store, "CV04")
    register = tmp_path / "so_muc_ke.xlsx"
    gpd.pd.DataFrame(
        {
            "Số tờ": [sheet, "99"],
            "Số thửa": [number, "1"],
            "Chủ sử dụng": ["Trần Văn Bình", "Không có"],
        }
    ).to_excel(register, index=False)
    options = ImportOptions(
        mapping={"sheet_no": "Số tờ", "parcel_no": "Số thửa", "owner_name": "Chủ sử dụng"}
    )
    with demo_store.read() as conn:
        prepared = prepare_layer_in(conn, project, register, LayerKind.REGISTER, options)
    assert prepared.report["matched"] == 1 and prepared.report["unmatched"] == ["99/1"]

    import_layer(demo_store, project, prepared, actor=operator("tester"))

    from consultations.land.store import parcels_frame

    with demo_store.read() as conn:
        parcels = parcels_frame(conn, project.id, project.crs_epsg)
    row = parcels[(parcels.sheet_no == sheet) & (parcels.parcel_no == number)].iloc[0]
    assert row.owner_name == "Trần Văn Bình"
    assert project_figures(demo_store, project).affected_households == 15


def test_administrative_units_are_linked_to_the_project(demo_store: Store, tmp_path: Path) -> None:
    import shapely

    from consultations.core.scopes import project_units

    project = find_project(demo_store, "cat-van-220kv")
    path = tmp_path / "thon.geojson"
    gpd.GeoDataFrame(
        {"ten": ["Thôn 1", "Thôn 2"], "cap": ["village", "village"]},
        geometry=[
            shapely.box(556_000, 2_083_000, 557_000, 2_084_000),
            shapely.box(557_000, 2_083_000, 558_000, 2_084_000),
        ],
        crs=9208,
    ).to_file(path)
    with demo_store.read() as conn:
        prepared = prepare_layer_in(
            conn,
            project,
            path,
            LayerKind.UNITS,
            ImportOptions(mapping={"name": "ten", "level": "cap"}),
        )
    import_layer(demo_store, project, prepared, actor=operator("tester"))
    with demo_store.read() as conn:
        units = project_units(conn, project.id)
    assert ("village", "Thôn 1") in units and ("village", "Thôn 2") in units


def test_the_land_counter_moves_with_an_import_and_not_with_a_consent_event(
    demo_store: Store, source_parcels: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    from consultations.consent.service import record_consent
    from consultations.core.feed import feed_counters
    from consultations.core.records import ConsentStatus

    project = find_project(demo_store, "cat-van-220kv")
    before = feed_counters(demo_store, project.id).land
    with demo_store.read() as conn:
        household = households_of(conn, project.id)[0]
    record_consent(demo_store, household.id, ConsentStatus.CONCERNS, local_today(),
                   seen_version=household.version, actor=operator("t"))  # fmt: skip
    assert feed_counters(demo_store, project.id).land == before  # the map's shapes stay cached
    path = tmp_path / "thua_dat.gpkg"
    source_parcels.iloc[:-3].to_file(path)
    reimport(demo_store, project, path)
    assert feed_counters(demo_store, project.id).land != before  # they are read again


def test_a_layer_that_would_take_households_off_the_list_asks_first_and_changes_nothing(
    demo_store: Store, source_parcels: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    from consultations.core.errors import ConfirmationNeeded
    from consultations.core.feed import feed_counters
    from consultations.land.service import import_effects

    project = find_project(demo_store, "cat-van-220kv")
    corrected = tmp_path / "sua.gpkg"
    without(source_parcels, household_parcels(demo_store, "CV03")).to_file(corrected)
    prepared = prepared_parcels(demo_store, project, corrected)
    before = feed_counters(demo_store, project.id)

    effects, reasons = import_effects(demo_store, project, prepared, actor=operator("t"))
    assert effects.households_left == ["CV03"] and reasons  # said before, and why it matters
    with pytest.raises(ConfirmationNeeded, match="CV03"):
        import_layer(demo_store, project, prepared, actor=operator("t"))
    assert (
        feed_counters(demo_store, project.id) == before
    )  # neither the preview nor the refusal kept anything
    assert project_figures(demo_store, project).affected_households == 15

    changes = import_layer(demo_store, project, prepared, actor=operator("t"), confirmed=True)
    assert changes.households_left == effects.households_left
    assert changes.parcels_retired == effects.parcels_retired


def test_a_small_layer_that_would_retire_most_parcels_needs_confirming(
    demo_store: Store, source_parcels: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    from consultations.core.errors import ConfirmationNeeded

    project = find_project(demo_store, "cat-van-220kv")
    small = tmp_path / "sau_thua.gpkg"
    source_parcels.iloc[:6].to_file(small)
    with pytest.raises(ConfirmationNeeded, match="234 trong 240 thửa"):
        reimport_unconfirmed = prepared_parcels(demo_store, project, small)
        import_layer(demo_store, project, reimport_unconfirmed, actor=operator("t"))
    assert project_figures(demo_store, project).affected_households == 15


def test_a_layer_lying_wholly_elsewhere_is_refused(
    demo_store: Store, source_parcels: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    from geo.errors import InvalidParameter

    project = find_project(demo_store, "cat-van-220kv")
    away = tmp_path / "noi_khac.gpkg"
    source_parcels.set_geometry(source_parcels.translate(30_000, 0)).to_file(away)
    with pytest.raises(InvalidParameter, match="cách dự án"):
        prepared_parcels(demo_store, project, away)


def test_a_confirmation_lists_ten_households_leaving_and_says_how_many_more() -> None:
    from consultations.land.service import ImpactChanges, destructive

    leaving = [f"CV{i:02d}" for i in range(1, 16)]
    (reason,) = destructive(ImpactChanges(affected_parcels=3, households_left=leaving), 240)
    assert "15" in reason and "CV10" in reason and "CV11" not in reason
    assert reason.endswith("và 5 mục khác)")
