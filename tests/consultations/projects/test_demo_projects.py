"""The demo projects load through the import code and tell their stories on the right dates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.projects.service import find_project, list_projects
from consultations.reporting.maps import project_land
from consultations.reporting.state import project_figures
from consultations.setup.demo import DEMO_ROOT
from consultations.setup.folder import load_project_folder


@pytest.mark.parametrize(
    ("as_of", "agreed", "concerns"),
    [
        (dt.date(2024, 3, 5), 0, 0),
        (dt.date(2024, 4, 10), 6, 9),
        (dt.date(2024, 4, 20), 6, 9),
        (dt.date(2024, 5, 30), 14, 1),
        (dt.date(2024, 5, 31), 15, 0),
    ],
)
def test_cat_van_figures_follow_the_press_story(
    demo_store: Store, as_of: dt.date, agreed: int, concerns: int
) -> None:
    figures = project_figures(demo_store, find_project(demo_store, "cat-van-220kv"), as_of)
    assert figures.affected_households == 15
    assert (figures.agreed, figures.concerns, figures.refused) == (agreed, concerns, 0)


def test_on_the_cut_off_day_all_of_cat_van_were_informed_at_the_first_meeting(
    demo_store: Store,
) -> None:
    figures = project_figures(
        demo_store, find_project(demo_store, "cat-van-220kv"), dt.date(2024, 3, 5)
    )
    assert figures.informed == 15


def test_before_the_cut_off_date_no_household_is_counted(demo_store: Store) -> None:
    """Before the inventory cut-off the project had no census: nobody is counted as affected."""
    for slug, day in (
        ("cat-van-220kv", dt.date(2024, 3, 4)),
        ("hung-nguyen-vsip", dt.date(2024, 4, 10)),
    ):
        figures = project_figures(demo_store, find_project(demo_store, slug), day)
        assert figures.affected_households == 0, slug


def test_hung_nguyen_is_in_progress_with_every_status(demo_store: Store) -> None:
    figures = project_figures(demo_store, find_project(demo_store, "hung-nguyen-vsip"))
    counts = (figures.agreed, figures.concerns, figures.refused, figures.informed)
    assert all(n > 0 for n in counts) and figures.not_contacted > 0
    assert sum(counts) + figures.not_contacted == figures.affected_households == 40


def test_cat_van_has_fifteen_towers_a_corridor_and_parcels_in_vn2000(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    land = project_land(demo_store, project)
    assert project.crs_epsg == 9208
    assert len(land.towers) == 15
    assert list(land.corridors.kind) == ["power_corridor"]
    assert 150 <= len(land.parcels) <= 300
    assert land.parcels.crs.to_epsg() == 9208
    # 220 kV: 5 m half-spread + 6 m safety distance each side of the centreline.
    width_m = land.corridors.geometry.iloc[0].area / land.corridors.geometry.iloc[0].length * 2
    assert width_m == pytest.approx(22.0, rel=0.05)
    assert land.parcels.affected.sum() >= 30


def test_affected_parcels_carry_their_households_status(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    early = project_land(demo_store, project, dt.date(2024, 4, 10)).parcels
    late = project_land(demo_store, project, dt.date(2024, 5, 31)).parcels
    assert {"agreed", "concerns"} <= set(early.status)
    assert "concerns" not in set(late.status)


def test_a_bad_register_loads_nothing(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "cat-van-220kv"
    shutil.copytree(DEMO_ROOT / "cat-van-220kv", folder)
    book = openpyxl.load_workbook(folder / "lich_su.xlsx")
    book["Sự kiện"]["C2"] = "happy"  # not a consent status
    book.save(folder / "lich_su.xlsx")
    with pytest.raises(InvalidRecord, match="happy"):
        load_project_folder(store, folder, actor=operator("tester"))
    assert list_projects(store) == []


def test_a_register_naming_a_parcel_that_does_not_exist_loads_nothing(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "cat-van-220kv"
    shutil.copytree(DEMO_ROOT / "cat-van-220kv", folder)
    book = openpyxl.load_workbook(folder / "ho_gia_dinh.xlsx")
    book["Thửa"]["C2"] = "99999"
    book.save(folder / "ho_gia_dinh.xlsx")
    with pytest.raises(InvalidRecord, match="99999"):
        load_project_folder(store, folder, actor=operator("tester"))
    assert list_projects(store) == []
