"""Finding households the way officials type: without diacritics, by code, by sheet/parcel."""

from __future__ import annotations

from pathlib import Path

import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, StaleEdit
from consultations.households.service import add_household, edit_household, fold, search_households
from consultations.projects.service import find_project


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("ĐẶNG THỊ HỒNG", "dang thi hong"),
        ("Hồ Sỹ Đức", "ho sy duc"),
    ],
)
def test_folding_drops_diacritics_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_a_name_typed_without_diacritics_finds_the_household(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    add_household(
        demo_store,
        project.id,
        "CV99",
        {"head_name": "Nguyễn Văn An", "village": "Thôn 2"},
        actor=operator("t"),
    )
    hits = search_households(demo_store, project.id, "Nguyen Van An", actor=operator("t"))
    assert hits[0].household.head_name == "Nguyễn Văn An"


@pytest.mark.parametrize("query", ["CV07", "cv07", "thon"])
def test_codes_and_villages_are_found(demo_store: Store, query: str) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    hits = search_households(demo_store, project.id, query, actor=operator("t"))
    assert hits and all(
        query.lower() in (h.household.code.lower() + fold(h.household.village or "")) for h in hits
    )


def test_a_sheet_and_parcel_number_finds_its_household(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [first, *_] = search_households(demo_store, project.id, "CV05", actor=operator("t"))
    parcel = first.parcels[0]
    assert [
        h.household.code
        for h in search_households(demo_store, project.id, parcel, actor=operator("t"))
    ] == ["CV05"]


def test_a_stale_household_edit_says_what_changed(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [hit] = search_households(demo_store, project.id, "CV01", actor=operator("t"))
    version = hit.household.version
    edit_household(
        demo_store, hit.household.id, version, {"phone": "0912345678"}, actor=operator("can-bo-a")
    )
    with pytest.raises(StaleEdit, match=r"can-bo-a.*0912345678"):
        edit_household(
            demo_store,
            hit.household.id,
            version,
            {"phone": "0987654321"},
            actor=operator("can-bo-b"),
        )


def test_unknown_vulnerability_codes_are_refused(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with pytest.raises(InvalidRecord, match="rich"):
        add_household(
            demo_store,
            project.id,
            "X1",
            {"head_name": "A", "vulnerability": ["rich"]},
            actor=operator("t"),
        )


def test_a_csv_register_adds_households_with_their_parcels(
    demo_store: Store, tmp_path: Path
) -> None:
    from consultations.setup.household_import import import_households

    project = find_project(demo_store, "cat-van-220kv")
    [hit] = search_households(demo_store, project.id, "CV02", actor=operator("t"))
    sheet, number = hit.parcels[0].split("/")
    path = tmp_path / "ho.csv"
    path.write_text(
        "Mã hộ,Chủ hộ,Thôn,Dễ bị tổn thương,Tờ bản đồ,Thửa đất\n"
        f"CV20,Trần Thị Lan,Thôn 1,hộ nghèo,{sheet},{number}\n",
        encoding="utf-8-sig",
    )
    assert import_households(demo_store, project, path, actor=operator("t")) == 1
    [added] = search_households(demo_store, project.id, "CV20", actor=operator("t"))
    assert added.parcels == (hit.parcels[0],)
    assert added.household.vulnerability == ("poor",) and added.household.affected
