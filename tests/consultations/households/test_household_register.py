"""The household register takes what field teams have: Vietnamese labels for coded columns
(accents optional) stored as codes, phone and ID numbers that Excel made numbers with their 0 back,
absurd dates refused by row, problems grouped by cause with their rows, and a template to fill.

``test_the_cli_writes_the_template`` runs a real ``python cli.py`` (tests/cli_runner.py's
``run_cli_process``): the command's start and exit code as a user meets them."""

from __future__ import annotations

import datetime as dt
import os
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from consultations.core import schema
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.households.register_template import register_template
from consultations.households.registers import read_household_register
from consultations.households.service import add_household, edit_household, search_households
from consultations.projects.service import find_project
from consultations.setup.history_register import read_history_register
from consultations.setup.household_import import import_households
from tests.cli_runner import run_cli_process
from translations import set_language

ADMIN = operator("t")
TODAY = dt.date(2026, 12, 7)
HEADERS = ["Mã hộ", "Chủ hộ", "Giới tính", "Ngày sinh", "Điện thoại", "Số CCCD"]


def workbook(folder: Path, people: list[list[Any]], links: list[list[Any]] | None = None) -> Path:
    """A register as Excel saves it: numbers typed into cells stay numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Hộ"
    sheet.append(HEADERS)
    for row in people:
        sheet.append(row)
    plots = book.create_sheet("Thửa")
    plots.append(["Mã hộ", "Tờ bản đồ", "Thửa đất", "Vai trò"])
    for row in links or []:
        plots.append(row)
    path = folder / "ho.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("written", "stored"),
    [("Nam", "M"), ("Nữ", "F"), ("nu", "F"), ("NỮ", "F"), ("nam ", "M"), ("F", "F"), (None, None)],
)
def test_the_sex_of_the_head_is_stored_as_its_code_whatever_the_accents(
    tmp_path: Path, written: str | None, stored: str | None
) -> None:
    register = read_household_register(workbook(tmp_path, [["H1", "Lê Thị Hoa", written]]), TODAY)
    assert register.households[0]["head_sex"] == stored


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Chủ sử dụng", "land_user"),
        ("chu su dung", "land_user"),
        ("Đồng sử dụng", "co_user"),
        ("Người thuê", "tenant"),
        ("Người đang sử dụng", "occupant"),
        ("land_user", "land_user"),
        (None, "land_user"),
    ],
)
def test_the_role_on_a_parcel_takes_its_vietnamese_label(
    tmp_path: Path, written: str | None, stored: str
) -> None:
    path = workbook(tmp_path, [["H1", "Lê Thị Hoa"]], [["H1", "12", "45", written]])
    assert str(read_household_register(path, TODAY).links[0]["role"]) == stored


@pytest.mark.parametrize(
    ("cell", "phone"),
    [
        ("0912345678", "0912345678"),  # a text cell, as the template makes it
        (912345678, "0912345678"),  # a number cell: Excel dropped the 0
        (912345678.0, "0912345678"),
        (2383123456, "02383123456"),  # a landline with its area code
        ("+84 912 345 678", "+84 912 345 678"),
        (None, None),
    ],
)
def test_a_phone_number_keeps_its_leading_zero_in_a_text_or_a_number_cell(
    tmp_path: Path, cell: Any, phone: str | None
) -> None:
    path = workbook(tmp_path, [["H1", "Lê Thị Hoa", None, None, cell]])
    assert read_household_register(path, TODAY).households[0]["phone"] == phone


@pytest.mark.parametrize(
    ("cell", "id_number"), [("040123456789", "040123456789"), (40123456789, "040123456789")]
)
def test_a_citizen_id_number_keeps_its_leading_zero(
    tmp_path: Path, cell: Any, id_number: str
) -> None:
    path = workbook(tmp_path, [["H1", "Lê Thị Hoa", None, None, None, cell]])
    assert read_household_register(path, TODAY).households[0]["id_number"] == id_number


def test_absurd_dates_are_refused_naming_their_rows(tmp_path: Path) -> None:
    set_language("en")
    path = workbook(tmp_path, [
        ["H1", "Lê Thị Hoa", "Nữ", "01/01/0001"],
        ["H2", "Trần Văn Nam", "Nam", dt.datetime(2030, 5, 1)],
        ["H3", "Hồ Thị Lan", "Nữ", dt.datetime(1958, 3, 2)],
        ["H4", "Võ Văn Tư", "Nam", "31/02/1960"],
    ])  # fmt: skip
    with pytest.raises(InvalidRecord) as refused:
        read_household_register(path, TODAY)
    message = str(refused.value)
    assert "Hộ, row 2: “Ngày sinh”: a date before 1900: check the year (found “01/01/0001”)" in (
        message
    )
    assert "Hộ, row 3: “Ngày sinh”: a birth date in the future (found “01/05/2030”)" in message
    assert "Hộ, row 5: “Ngày sinh”: not a date written dd/mm/yyyy (found “31/02/1960”)" in message
    assert "row 4" not in message


def test_a_plausible_birth_date_is_kept(tmp_path: Path) -> None:
    path = workbook(tmp_path, [["H1", "Lê Thị Hoa", "Nữ", "02/03/1958"]])
    assert read_household_register(path, TODAY).households[0]["birth_date"] == dt.date(1958, 3, 2)


def test_problems_are_grouped_by_cause_with_their_rows_not_repeated_for_each(
    tmp_path: Path,
) -> None:
    set_language("en")
    people = [[f"H{i}", f"Người {i}", "Male?" if i % 2 else "Gái?"] for i in range(85)]
    people.append(["X" * 41, "Người dài", "Nam"])
    links = [[code, "12", str(n), None] for n, code in enumerate(["Z1", "Z2", "H3", "Z1"])]
    with pytest.raises(InvalidRecord) as refused:
        read_household_register(workbook(tmp_path, people, links), TODAY)
    lines = str(refused.value).splitlines()
    assert lines[1:] == [
        "- Hộ, rows 2–86 (85 rows): “Giới tính”: write one of: Nam, Nữ (found “Gái?”, “Male?”)",
        "- Hộ, row 87: Mã hộ “XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX…” has 41 characters; "
        "at most 40 fit. Shorten it.",
        "- Thửa, rows 2–3, 5 (3 rows): a household code that is not on sheet Hộ (found “Z1”, “Z2”)",
    ]


def test_a_register_with_labels_and_numbers_is_stored_as_codes_with_its_zeros(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    [hit] = search_households(demo_store, project.id, "CV02", actor=ADMIN)
    sheet, number = hit.parcels[0].split("/")
    path = workbook(
        tmp_path,
        [["CV90", "Lê Thị Hoa", "nu", dt.datetime(1970, 1, 2), 912345678, 40123456789]],
        [["CV90", sheet, number, "Chủ sử dụng"]],
    )
    assert import_households(demo_store, project, path, actor=ADMIN) == 1
    [added] = search_households(demo_store, project.id, "CV90", actor=ADMIN)
    household = added.household
    assert (household.head_sex, household.phone, household.id_number) == (
        "F", "0912345678", "040123456789",
    )  # fmt: skip
    with demo_store.read() as conn:
        role = conn.scalar(
            select(schema.household_parcels.c.role).where(
                schema.household_parcels.c.household_id == household.id
            )
        )
        born = conn.scalar(
            select(schema.households.c.birth_date).where(schema.households.c.id == household.id)
        )
    assert (role, born) == ("land_user", dt.date(1970, 1, 2))


def test_the_template_has_the_headers_and_lists_and_imports_again_once_filled(
    demo_store: Store, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(BytesIO(register_template()))
    assert book.sheetnames[:2] == ["Hộ", "Thửa"]
    people, plots = book["Hộ"], book["Thửa"]
    headers = [c.value for c in people[1]]
    assert headers[:3] == ["Mã hộ", "Chủ hộ", "Giới tính"] and "Điện thoại" in headers
    assert [c.value for c in plots[1]][:4] == ["Mã hộ", "Tờ bản đồ", "Thửa đất", "Xã cũ"]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in people.data_validations.dataValidation}
    sex_list = book.defined_names[lists["C2"]].attr_text
    hidden = book["Danh mục"]
    assert hidden.sheet_state == "hidden"
    column = sex_list.split("!")[1].split(":")[0].strip("$")[0]
    assert [hidden[f"{column}{r}"].value for r in (2, 3)] == ["Nam", "Nữ"]
    phones = get_column_letter(headers.index("Điện thoại") + 1)
    assert people.column_dimensions[phones].number_format == "@"  # typed text keeps its 0

    project = find_project(demo_store, "cat-van-220kv")
    [hit] = search_households(demo_store, project.id, "CV02", actor=ADMIN)
    sheet, number = hit.parcels[0].split("/")
    filled = {"Mã hộ": "CV91", "Chủ hộ": "Trần Thị Mai", "Giới tính": "Nữ",
              "Điện thoại": "0912000111", "Dễ bị tổn thương": "Hộ nghèo"}  # fmt: skip
    for header, value in filled.items():
        people.cell(2, headers.index(header) + 1, value)
    for column, cell in enumerate(["CV91", sheet, number, None, "Đồng sử dụng"], start=1):
        plots.cell(2, column, cell)
    path = tmp_path / "mau.xlsx"
    book.save(path)
    assert import_households(demo_store, project, path, actor=ADMIN) == 1
    [added] = search_households(demo_store, project.id, "CV91", actor=ADMIN)
    assert (added.household.head_sex, added.household.vulnerability) == ("F", ("poor",))
    assert added.household.phone == "0912000111"


def test_the_cli_writes_the_template(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    done = run_cli_process(dict(os.environ), "register-template", "--out", str(out), check=True)
    assert str(out) in done.stdout
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["Hộ", "Thửa"]


def test_the_history_register_counts_women_at_a_meeting_whatever_the_label(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    meetings = book.active
    assert meetings is not None
    meetings.title = "Cuộc họp"
    meetings.append(["Mã", "Loại", "Thời gian"])
    meetings.append(["H1", "dialogue", "02/03/2026 08:00"])
    present = book.create_sheet("Tham dự")
    present.append(["Cuộc họp", "Mã hộ", "Người dự", "Giới tính"])
    for name, sex in (("Lê Thị Hoa", "Nữ"), ("Hồ Thị Lan", "nu"), ("Trần Văn Nam", "Nam")):
        present.append(["H1", None, name, sex])
    path = tmp_path / "lich_su.xlsx"
    book.save(path)
    register = read_history_register(path, set())
    assert [a["sex"] for a in register.attendance] == ["F", "F", "M"]


def test_the_household_form_stores_the_sex_of_the_head_as_its_code(demo_store: Store) -> None:
    set_language("en")
    project = find_project(demo_store, "cat-van-220kv")
    new = add_household(demo_store, project.id, "CV92", {"head_name": "Lê Thị Hoa",
                                                         "head_sex": "Nữ"}, actor=ADMIN)  # fmt: skip
    edit_household(demo_store, new, 1, {"head_sex": "nam"}, actor=ADMIN)
    [hit] = search_households(demo_store, project.id, "CV92", actor=ADMIN)
    assert hit.household.head_sex == "M"
    with pytest.raises(InvalidRecord, match="The sex of the head of household: write one of: Nam"):
        edit_household(demo_store, new, 2, {"head_sex": "Nữ giới nhé"}, actor=ADMIN)
