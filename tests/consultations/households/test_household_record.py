"""One household's record by hand: added with its parcels, every field corrected, each change in
its history, personal data only for those who may read it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied
from consultations.households.service import add_household, edit_household, search_households
from consultations.projects.service import find_project
from consultations.reporting.timeline import household_file

ADMIN = operator("can-bo")
EVERY_FIELD = {
    "head_name": "Lê Thị Hoa",
    "head_sex": "Nữ",
    "birth_date": dt.date(1970, 3, 8),
    "members": "5",
    "phone": "912345678",
    "id_number": "040170000123",
    "village": "Xóm 3",
    "vulnerability": ["poor", "female_headed"],
}


def test_a_household_added_by_hand_keeps_every_field_and_its_parcels(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [cv02] = search_households(demo_store, project.id, "CV02", actor=ADMIN)
    add_household(demo_store, project.id, "CV90", EVERY_FIELD, parcels=(cv02.parcels[0],),
                  actor=ADMIN)  # fmt: skip
    [added] = search_households(demo_store, project.id, "CV90", actor=ADMIN)
    household = added.household
    assert added.parcels == (cv02.parcels[0],)
    assert (household.head_sex, household.birth_date, household.members) == (
        "F",
        dt.date(1970, 3, 8),
        5,
    )
    assert household.phone == "0912345678"  # the 0 a spreadsheet would have dropped
    assert household.vulnerability == ("poor", "female_headed")


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("members", "1.200", "1.200"),
        ("members", "4,5", "4,5"),
        ("id_number", "12345", "12345"),
        ("phone", "không có", "không có"),
        ("birth_date", dt.date(2999, 1, 1), "tương lai"),
        ("head_sex", "x", "Nam, Nữ"),
    ],
)
def test_a_field_typed_wrong_is_refused_in_a_sentence(
    demo_store: Store, field: str, typed: object, message: str
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with pytest.raises(InvalidRecord, match=message):
        add_household(demo_store, project.id, "CV91", {**EVERY_FIELD, field: typed}, actor=ADMIN)
    assert search_households(demo_store, project.id, "CV91", actor=ADMIN) == []


def test_a_parcel_not_in_the_project_is_refused_and_nothing_is_added(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with pytest.raises(InvalidRecord, match="999/999"):
        add_household(demo_store, project.id, "CV92", EVERY_FIELD, parcels=("999 / 999",),
                      actor=ADMIN)  # fmt: skip
    assert search_households(demo_store, project.id, "CV92", actor=ADMIN) == []


def test_a_field_officer_may_not_add_a_household_on_a_parcel_of_another_commune(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [cv02] = search_households(demo_store, project.id, "CV02", actor=ADMIN)
    elsewhere = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Xã Khác"),))
    with pytest.raises(PermissionDenied):
        add_household(demo_store, project.id, "CV93", EVERY_FIELD, parcels=cv02.parcels,
                      actor=elsewhere)  # fmt: skip


def test_a_chair_may_not_add_or_edit_a_household(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    chair = Actor("chu-tich", Role.CHAIR)
    [cv01] = search_households(demo_store, project.id, "CV01", actor=ADMIN)
    with pytest.raises(PermissionDenied, match="chủ tịch"):
        add_household(demo_store, project.id, "CV94", EVERY_FIELD, actor=chair)
    with pytest.raises(PermissionDenied):
        edit_household(demo_store, cv01.household.id, cv01.household.version, {"phone": None},
                       actor=chair)  # fmt: skip


def test_every_field_can_be_corrected_and_the_timeline_shows_before_and_after(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    household_id = add_household(demo_store, project.id, "CV95", EVERY_FIELD, actor=ADMIN)
    corrected = {
        "head_name": "Lê Thị Hoà", "head_sex": "Nam", "birth_date": dt.date(1971, 3, 8),
        "members": "6", "phone": "0987654321", "id_number": "040170000124", "village": "Xóm 4",
        "vulnerability": ["near_poor"], "notes": "Con trai làm chủ hộ",
    }  # fmt: skip
    assert edit_household(demo_store, household_id, 1, corrected, actor=ADMIN) == 2
    record = household_file(demo_store, household_id, dt.date.today(), actor=ADMIN)
    household = record.household
    assert (household.head_sex, household.members, household.birth_date) == (
        "M",
        6,
        dt.date(1971, 3, 8),
    )
    history = " ".join(record.timeline["what"])
    assert "0912345678 → 0987654321" in history
    assert "08/03/1970 → 08/03/1971" in history
    assert "Xóm 3 → Xóm 4" in history and "5 → 6" in history
    assert "Hộ nghèo, Phụ nữ làm chủ hộ → Hộ cận nghèo" in history  # the page's words, not codes


def test_a_viewer_reads_no_household_file(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [cv01] = search_households(demo_store, project.id, "CV01", actor=ADMIN)
    with pytest.raises(PermissionDenied):
        household_file(demo_store, cv01.household.id, dt.date.today(),
                       actor=Actor("xem", Role.VIEWER))  # fmt: skip


def test_the_registers_template_has_the_fields_a_household_is_added_and_corrected_with() -> None:
    from consultations.households.registers import HOUSEHOLD_COLUMNS, LINK_COLUMNS
    from consultations.households.service import EDITABLE

    assert set(HOUSEHOLD_COLUMNS.values()) == {"code", *EDITABLE}
    assert set(LINK_COLUMNS.values()) == {"code", "sheet_no", "parcel_no"}  # "sheet/parcel"


def test_a_registers_notes_are_kept(demo_store: Store, tmp_path: Path) -> None:
    from consultations.setup.household_import import import_households

    project = find_project(demo_store, "cat-van-220kv")
    path = tmp_path / "ho.csv"
    path.write_text("Mã hộ,Chủ hộ,Ghi chú\nCV96,Trần Văn Bình,Vắng nhà đến tháng 3\n",
                    encoding="utf-8-sig")  # fmt: skip
    assert import_households(demo_store, project, path, actor=ADMIN) == 1
    [added] = search_households(demo_store, project.id, "CV96", actor=ADMIN)
    assert added.household.notes == "Vắng nhà đến tháng 3"


def test_a_field_officer_of_another_commune_neither_reads_nor_corrects_the_personal_fields(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [cv02] = search_households(demo_store, project.id, "CV02", actor=ADMIN)
    household_id = add_household(demo_store, project.id, "CV97", EVERY_FIELD,
                                 parcels=(cv02.parcels[0],), actor=ADMIN)  # fmt: skip
    elsewhere = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Xã Khác"),))
    with pytest.raises(PermissionDenied):
        household_file(demo_store, household_id, dt.date.today(), actor=elsewhere)
    with pytest.raises(PermissionDenied):
        edit_household(demo_store, household_id, 1, {"id_number": "040170000999"},
                       actor=elsewhere)  # fmt: skip
    assert search_households(demo_store, project.id, "CV97", actor=elsewhere) == []
