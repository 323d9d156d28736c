"""A project's settings change as one audited, versioned command: what draws land draws it again
and says which parcels and households enter or leave the affected list; the coordinate system
changes only while no layer is stored; a change from a second tab is refused with what changed.
What a change would do is previewed first, nothing kept; households leaving need a confirmation."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import func, select

from consultations.audit.store import audit_rows
from consultations.core import schema
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.core.errors import (
    ConfirmationNeeded,
    InvalidRecord,
    PermissionDenied,
    StaleEdit,
)
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.households.service import add_household
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import prepare_layer_in
from consultations.land.service import import_layer
from consultations.land.store import affected_parcel_ids, features_frame
from consultations.projects.service import create_project, find_project
from consultations.setup.settings import (
    ProjectSettings,
    SettingsChanged,
    SettingsPreview,
    change_settings,
    preview_settings,
)
from geo.errors import InvalidParameter

ADMIN = operator("t")
LINE = "cat-van-220kv"
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)


def _change(
    store: Store, slug: str, key: str | None = None, confirmed: bool = False, **values: Any
) -> SettingsChanged:
    project = find_project(store, slug)
    new = dataclasses.replace(ProjectSettings.of(project), **values)
    return change_settings(store, project.id, new, seen_version=project.version, actor=ADMIN,
                           key=key, confirmed=confirmed)  # fmt: skip


def _preview(store: Store, slug: str, **values: Any) -> SettingsPreview:
    project = find_project(store, slug)
    new = dataclasses.replace(ProjectSettings.of(project), **values)
    return preview_settings(store, project.id, new, seen_version=project.version, actor=ADMIN)


def _everything(store: Store) -> dict[str, Any]:
    """What a preview must leave as it was: the rows of every table a change of settings writes,
    the affected parcels and households, the project's version and its corridors' shapes."""
    project = find_project(store, LINE)
    tables = (schema.audit_log, schema.commands, schema.corridors, schema.tower_foundations)
    with store.read() as conn:
        counts = {t.name: conn.scalar(select(func.count()).select_from(t)) for t in tables}
        corridors = features_frame(conn, schema.corridors, project.id, project.crs_epsg)
        households = conn.scalar(select(func.count()).select_from(schema.households)
                                 .where(schema.households.c.affected.is_(True)))  # fmt: skip
    return {**counts, "affected": _affected(store), "households": households,
            "version": project.version, "area": round(float(corridors.area.sum()), 3)}  # fmt: skip


def _width(store: Store) -> float:
    project = find_project(store, LINE)
    with store.read() as conn:
        corridors = features_frame(conn, schema.corridors, project.id, project.crs_epsg)
    return float(corridors.half_width_m.max())


def _affected(store: Store) -> set[int]:
    with store.read() as conn:
        return affected_parcel_ids(conn, find_project(store, LINE).id)


def test_a_wider_corridor_takes_parcels_in_and_a_narrower_one_lets_them_go(
    demo_store: Store,
) -> None:
    before, width = _affected(demo_store), _width(demo_store)
    wider = _change(demo_store, LINE, voltage_kv=500.0, conductor_half_spread_m=12.0)
    assert _width(demo_store) > width and _affected(demo_store) > before
    assert wider.impacts is not None and wider.impacts.parcels_entered
    assert not wider.impacts.parcels_left
    assert set(wider.changed) == {"voltage_kv", "conductor_half_spread_m"}
    assert wider.project.voltage_kv == 500

    narrower = _change(
        demo_store, LINE, confirmed=True, voltage_kv=220.0, conductor_half_spread_m=5.0
    )
    assert narrower.impacts is not None
    assert sorted(narrower.impacts.parcels_left) == sorted(wider.impacts.parcels_entered)
    assert _affected(demo_store) == before
    with demo_store.read() as conn:
        rows = [
            r
            for r in audit_rows(conn, limit=50)
            if r["entity"] == "project" and r["action"] == "update"
        ]
    assert rows[0]["before"] == {"voltage_kv": 500, "conductor_half_spread_m": 12}
    assert rows[0]["after"]["voltage_kv"] == 220


def _a_household_beside_the_line(store: Store) -> str:
    """A household on parcel 12/144, a few metres outside the 220 kV corridor, taken in by a
    500 kV one with conductors 12 m out (a household added by hand starts on the list)."""
    add_household(store, find_project(store, LINE).id, "CV99", {"head_name": "Lê Thị Hoa"},
                  parcels=("12/144",), actor=ADMIN)  # fmt: skip
    _change(store, LINE, voltage_kv=500.0, conductor_half_spread_m=12.0)
    return "CV99"


def test_a_preview_lists_what_would_leave_the_list_and_changes_nothing(demo_store: Store) -> None:
    household = _a_household_beside_the_line(demo_store)
    before = _everything(demo_store)
    preview = _preview(demo_store, LINE, voltage_kv=220.0, conductor_half_spread_m=5.0)
    assert set(preview.changed) == {"voltage_kv", "conductor_half_spread_m"}
    assert preview.impacts is not None and "12/144" in preview.impacts.parcels_left
    assert preview.impacts.households_left == [household]
    assert not preview.impacts.parcels_entered and not preview.impacts.households_entered
    (reason,) = preview.reasons  # a household leaves: it needs the user's tick
    assert household in reason
    assert _everything(demo_store) == before  # no audit row, no version, no corridor drawn


def test_the_save_after_confirmation_applies_exactly_what_was_previewed(demo_store: Store) -> None:
    household = _a_household_beside_the_line(demo_store)
    before = _everything(demo_store)
    preview = _preview(demo_store, LINE, voltage_kv=220.0, conductor_half_spread_m=5.0)
    with pytest.raises(ConfirmationNeeded, match="Chưa lưu gì"):
        _change(demo_store, LINE, key="k", voltage_kv=220.0, conductor_half_spread_m=5.0)
    assert _everything(demo_store) == before  # refused: nothing kept, the key free again

    done = _change(
        demo_store, LINE, key="k", confirmed=True, voltage_kv=220.0, conductor_half_spread_m=5.0
    )
    assert preview.impacts is not None
    assert done.impacts == preview.impacts and done.changed == preview.changed
    after = _everything(demo_store)
    assert after["households"] == before["households"] - 1
    assert len(after["affected"]) == preview.impacts.affected_parcels
    assert find_project(demo_store, LINE).voltage_kv == 220
    project = find_project(demo_store, LINE)
    twice = change_settings(demo_store, project.id, dataclasses.replace(
        ProjectSettings.of(project), voltage_kv=220.0, conductor_half_spread_m=5.0),
        seen_version=project.version - 1, actor=ADMIN, key="k", confirmed=True)  # fmt: skip
    assert twice.impacts == done.impacts  # a double tap: the first save's answer, nothing more
    assert find_project(demo_store, LINE).version == project.version

    back = _preview(demo_store, LINE, voltage_kv=500.0, conductor_half_spread_m=12.0)
    assert back.impacts is not None and back.impacts.households_entered == [household]
    assert back.reasons == ()  # only entering: saved without a tick
    assert _everything(demo_store) == after


def test_a_preview_of_names_draws_nothing_and_a_stale_one_is_refused(demo_store: Store) -> None:
    first = find_project(demo_store, LINE)
    preview = _preview(demo_store, LINE, chair_name="Lê Văn An")
    assert (preview.changed, preview.impacts, preview.reasons) == (("chair_name",), None, ())
    _change(demo_store, LINE, chair_name="Lê Văn An")  # another tab saves
    stale = dataclasses.replace(ProjectSettings.of(first), voltage_kv=500.0)
    with pytest.raises(StaleEdit, match="Lê Văn An"):
        preview_settings(demo_store, first.id, stale, seen_version=first.version, actor=ADMIN)
    with pytest.raises(PermissionDenied):
        preview_settings(demo_store, first.id, stale, seen_version=first.version + 1,
                         actor=Actor("c", Role.CHAIR))  # fmt: skip


def test_a_larger_tower_foundation_is_drawn_again_around_the_same_tower(demo_store: Store) -> None:
    project = find_project(demo_store, LINE)
    with demo_store.read() as conn:
        before = features_frame(conn, schema.tower_foundations, project.id, project.crs_epsg)
    side = float(project.tower_side_m or 0)
    assert side > 0 and len(before)
    _change(demo_store, LINE, tower_side_m=side * 2)
    with demo_store.read() as conn:
        after = features_frame(conn, schema.tower_foundations, project.id, project.crs_epsg)
    drawn = shapely.get_num_coordinates(before.geometry.values) == 5
    assert drawn.any()
    assert after.geometry.area[drawn].round(1).tolist() == [round((side * 2) ** 2, 1)] * drawn.sum()
    moved = shapely.distance(before.geometry.centroid.values, after.geometry.centroid.values)
    assert moved.max() < 0.01  # the same tower


def test_the_cut_off_date_and_names_change_without_drawing_land_again(demo_store: Store) -> None:
    before = _affected(demo_store)
    done = _change(demo_store, LINE, cutoff_on=dt.date(2026, 1, 5), chair_name="  Lê Văn An ")
    assert done.impacts is None and set(done.changed) == {"cutoff_on", "chair_name"}
    project = find_project(demo_store, LINE)
    assert project.cutoff_on == dt.date(2026, 1, 5) and project.chair_name == "Lê Văn An"
    assert _affected(demo_store) == before


def test_nothing_changed_writes_nothing_and_keeps_the_version(demo_store: Store) -> None:
    version = find_project(demo_store, LINE).version
    assert _change(demo_store, LINE).changed == ()
    assert find_project(demo_store, LINE).version == version


def test_a_change_from_a_second_tab_is_refused_with_what_changed(demo_store: Store) -> None:
    first = find_project(demo_store, LINE)
    _change(demo_store, LINE, chair_name="Lê Văn An")  # the other tab
    stale = dataclasses.replace(ProjectSettings.of(first), cutoff_on=dt.date(2026, 2, 1))
    with pytest.raises(StaleEdit, match="Lê Văn An"):
        change_settings(demo_store, first.id, stale, seen_version=first.version, actor=ADMIN)
    assert find_project(demo_store, LINE).cutoff_on == first.cutoff_on


def test_the_same_key_twice_changes_once(demo_store: Store) -> None:
    first = _change(demo_store, LINE, key="k1", chair_name="A")
    again = _change(demo_store, LINE, key="k1", chair_name="A")
    assert first.changed == again.changed == ("chair_name",)
    assert find_project(demo_store, LINE).version == 2


def test_the_coordinate_system_changes_only_while_no_layer_is_stored(demo_store: Store) -> None:
    with pytest.raises(InvalidRecord, match="lớp"):
        _change(demo_store, LINE, crs_epsg=9209)
    empty = create_project(demo_store, NewProject(
        slug="moi-tinh", name="Dự án mới", kind=ProjectKind.ROAD, crs_epsg=9208,
        province="Nghệ An", units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip
    assert _change(demo_store, empty.slug, crs_epsg=9209).project.crs_epsg == 9209
    with pytest.raises(InvalidRecord, match="EPSG:4326"):
        _change(demo_store, empty.slug, crs_epsg=4326)


@pytest.mark.parametrize(
    ("slug", "values", "said"),
    [
        (LINE, {"voltage_kv": 0.0}, "điện áp"),
        (LINE, {"tower_side_m": 0.0}, "móng"),
        (LINE, {"name": "  "}, "tên"),
        ("hung-nguyen-vsip", {"voltage_kv": 110.0}, "đường dây"),
        ("hung-nguyen-vsip", {"corridor_width_m": -5.0}, "hành lang"),
    ],
)
def test_bad_settings_are_refused_in_a_sentence_and_change_nothing(
    demo_store: Store, slug: str, values: dict[str, Any], said: str
) -> None:
    version = find_project(demo_store, slug).version
    with pytest.raises(InvalidRecord, match=said):
        _change(demo_store, slug, **values)
    assert find_project(demo_store, slug).version == version


def test_only_an_administrator_changes_settings_and_not_on_a_closed_project(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, LINE)
    new = dataclasses.replace(ProjectSettings.of(project), chair_name="X")
    with pytest.raises(PermissionDenied):
        change_settings(demo_store, project.id, new, seen_version=project.version,
                        actor=Actor("c", Role.CHAIR))  # fmt: skip
    from consultations.projects.service import close_project

    close_project(demo_store, project.id, actor=ADMIN, reason="QĐ 1")
    with pytest.raises(InvalidRecord, match="đóng"):
        _change(demo_store, LINE, chair_name="X")


def _road(store: Store, tmp_path: Path) -> Project:
    """A road 600 m long with three parcels beside it, 3, 18 and 40 m from its centreline;
    its recovery boundary given as the centreline, 20 m wide (10 m each side)."""
    road = create_project(store, NewProject(
        slug="duong-thu", name="Đường thử", kind=ProjectKind.ROAD, crs_epsg=9208,
        corridor_width_m=20, province="Nghệ An", units=(("commune", "Hưng Nguyên"),)),
        actor=ADMIN)  # fmt: skip
    centreline = tmp_path / "tim_duong.geojson"
    gpd.GeoDataFrame(geometry=[shapely.LineString([(E0, N0), (E0 + 600, N0)])], crs=9208).to_file(
        centreline
    )
    parcels = tmp_path / "thua.geojson"
    gpd.GeoDataFrame(
        {"SO_TO": ["1"] * 3, "SO_THUA": ["1", "2", "3"]},
        geometry=[shapely.box(E0 + 100 * i, N0 + gap, E0 + 100 * i + 80, N0 + gap + 50)
                  for i, gap in enumerate((3, 18, 40))],
        crs=9208,
    ).to_file(parcels)  # fmt: skip
    for path, kind, mapping in [(centreline, LayerKind.BOUNDARY, {}),
                                (parcels, LayerKind.PARCELS, {"sheet_no": "SO_TO", "parcel_no": "SO_THUA"})]:  # fmt: skip
        with store.read() as conn:
            layer = prepare_layer_in(conn, road, path, kind, ImportOptions(mapping=mapping))
        import_layer(store, road, layer, actor=ADMIN)
    return find_project(store, road.slug)


def _affected_labels(store: Store, project: Project) -> set[str]:
    with store.read() as conn:
        ids = affected_parcel_ids(conn, project.id)
        parcels = features_frame(conn, schema.parcels, project.id, project.crs_epsg)
    return {r.parcel_no for r in parcels.itertuples() if r.id in ids}


def test_a_road_drawn_from_its_centreline_is_drawn_again_at_a_new_width(
    store: Store, tmp_path: Path
) -> None:
    road = _road(store, tmp_path)
    assert _affected_labels(store, road) == {"1"}
    wider = _change(store, road.slug, corridor_width_m=50.0)  # 25 m each side
    assert wider.changed == ("corridor_width_m",)
    assert wider.impacts is not None and len(wider.impacts.parcels_entered) == 1
    assert _affected_labels(store, road) == {"1", "2"}
    with store.read() as conn:
        strips = features_frame(conn, schema.corridors, road.id, road.crs_epsg)
    assert strips.half_width_m.tolist() == [25.0]
    assert strips.geometry.iloc[0].area == pytest.approx(600 * 50)

    narrower = _change(
        store, road.slug, confirmed=True, corridor_width_m=4.0
    )  # 2 m: the nearest parcel is 3 m off
    assert narrower.impacts is not None and len(narrower.impacts.parcels_left) == 2
    assert _affected_labels(store, road) == set()
    with store.read() as conn:
        update = next(r for r in audit_rows(conn, limit=50)
                      if r["entity"] == "project" and r["action"] == "update")  # fmt: skip
    assert update["before"]["corridor_width_m"] == 50 and update["after"]["corridor_width_m"] == 4


def test_a_centreline_boundary_without_a_width_is_refused_naming_what_to_give(
    store: Store, tmp_path: Path
) -> None:
    park = create_project(store, NewProject(
        slug="khu-thu", name="Khu thử", kind=ProjectKind.INDUSTRIAL_PARK, crs_epsg=9208,
        province="Nghệ An", units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip
    line = tmp_path / "ranh.geojson"
    gpd.GeoDataFrame(geometry=[shapely.LineString([(E0, N0), (E0 + 600, N0)])], crs=9208).to_file(
        line
    )
    with store.read() as conn, pytest.raises(InvalidParameter, match="chiều rộng"):
        prepare_layer_in(conn, park, line, LayerKind.BOUNDARY, ImportOptions())
