"""A small XLSX that declares or holds millions of rows or columns (a register "bomb") is refused in
seconds, not read for minutes, by every door that reads a workbook (household register, petition
register, price table, a land-office table), with a sentence saying how large a file may be; and
nothing is written. The bombs are built here: a real workbook whose sheet XML is swapped for a
huge one, streamed into the zip."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from consultations.compensation.model import TableKind
from consultations.compensation.prices import prepare_prices
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.records import NewProject, ProjectKind
from consultations.core.spreadsheets import read_workbook
from consultations.households.service import search_households
from consultations.petitions.importing import import_petitions
from consultations.projects.service import create_project
from consultations.setup.household_import import import_households
from geo.archives import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from geo.errors import UnreadableLayer
from geo.sources import open_source, read_table_bytes

ADMIN = operator("t")
#: The issue saw 152–167 s; a refusal takes well under a second here, so this bound is generous.
SECONDS = 5.0
SIZE_SENTENCE = f"tối đa {MAX_SHEET_ROWS} dòng, {MAX_SHEET_COLUMNS} cột"


def _rows(count: int, cell: Callable[[int], str]) -> Iterator[bytes]:
    for start in range(2, count + 2, 50_000):
        yield b"".join(
            f'<row r="{i}">{cell(i)}</row>'.encode() for i in range(start, min(start + 50_000, count + 2))
        )  # fmt: skip


def _text(column: str) -> Callable[[int], str]:
    return lambda i: f'<c r="{column}{i}" t="inlineStr"><is><t>H{i}</t></is></c>'


#: name → (the sheet's <dimension>, its rows after the header)
BOMBS: dict[str, tuple[str, Callable[[], Iterator[bytes]]]] = {
    "a million rows and no dimension": ("", lambda: _rows(1_000_000, _text("A"))),
    "a million rows under a dimension that lies": (
        '<dimension ref="A1:B2"/>', lambda: _rows(1_000_000, _text("A"))),
    "a dimension of the whole sheet": ('<dimension ref="A1:XFD1048576"/>', lambda: iter([b""])),
    "a cell in the last column of each row": (
        '<dimension ref="A1:B2"/>', lambda: _rows(20_000, lambda i: _text("A")(i) + _text("XFD")(i))),
    "one row at the bottom of the sheet": ("", lambda: iter([f'<row r="1048576">{_text("A")(1048576)}</row>'.encode()])),
}  # fmt: skip


def build_bomb(tmp_path: Path, name: str) -> Path:
    dimension, rows = BOMBS[name]
    book = openpyxl.Workbook()
    book.active.title = "Hộ"
    book.active.append(["Mã hộ", "Chủ hộ"])
    small = tmp_path / "nho.xlsx"
    book.save(small)
    bomb = tmp_path / "so_dang_ky.xlsx"
    with (
        zipfile.ZipFile(small) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item))
                continue
            with target.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                            + dimension.encode() + b'<sheetData><row r="1"><c r="A1" t="inlineStr">'
                            b"<is><t>M\xc3\xa3 h\xe1\xbb\x99</t></is></c></row>")  # fmt: skip
                for chunk in rows():
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return bomb


@pytest.fixture(scope="module", params=list(BOMBS))
def bomb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bomb(tmp_path_factory.mktemp("bom"), request.param)


def refused_quickly(read: Callable[[], object], error: type[Exception] = InvalidRecord) -> str:
    started = time.monotonic()
    with pytest.raises(error) as refused:
        read()
    assert time.monotonic() - started < SECONDS
    return str(refused.value)


def test_the_one_workbook_reader_refuses_a_bomb_in_seconds_saying_how_large_a_file_may_be(
    bomb: Path,
) -> None:
    assert SIZE_SENTENCE in refused_quickly(lambda: read_workbook(bomb))


def test_a_land_office_table_bomb_is_refused_in_seconds(bomb: Path) -> None:
    said = refused_quickly(lambda: read_table_bytes(open_source(bomb)), UnreadableLayer)
    assert SIZE_SENTENCE in said


def test_an_ordinary_register_of_many_rows_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "ho.xlsx"
    frame = pd.DataFrame({"Mã hộ": [f"H{i}" for i in range(5_000)], "Chủ hộ": "Nguyễn Văn A"})
    frame.to_excel(path, sheet_name="Hộ", index=False)
    read = read_workbook(path)["Hộ"]
    assert read["Mã hộ"].tolist() == frame["Mã hộ"].tolist()


def test_every_door_that_reads_a_workbook_refuses_a_bomb_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    bomb = build_bomb(tmp_path, "a million rows and no dimension")
    project = create_project(store, NewProject(
        slug="duong-day-110kv", name="Đường dây 110 kV", kind=ProjectKind.POWER_LINE,
        crs_epsg=9208, voltage_kv=110.0, conductor_half_spread_m=3.5, tower_side_m=8.0,
        province="Nghệ An", units=(("commune", "Nam Đàn"),)), actor=ADMIN)  # fmt: skip
    doors: dict[str, Callable[[], object]] = {
        "households": lambda: import_households(store, project, bomb, actor=ADMIN),
        "petitions": lambda: import_petitions(store, bomb, body="UBND tỉnh Nghệ An", actor=ADMIN),
        "prices": lambda: prepare_prices(
            store, bomb, province="Nghệ An", kind=TableKind.LAND, decision="QĐ 1/2025",
            valid_from=dt.date(2025, 1, 1), actor=ADMIN),
    }  # fmt: skip
    for door, read in doors.items():
        assert SIZE_SENTENCE in refused_quickly(read), door
    assert search_households(store, project.id, "", actor=ADMIN) == []


def test_a_workbook_whose_sheet_data_inflates_past_the_bound_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geo.archives

    path = tmp_path / "ho.xlsx"
    pd.DataFrame({"Mã hộ": [f"H{i}" for i in range(200)]}).to_excel(path, index=False)
    read_workbook(path)
    monkeypatch.setattr(geo.archives, "MAX_SHEET_BYTES", 2_000)
    assert SIZE_SENTENCE in refused_quickly(lambda: read_workbook(path))
