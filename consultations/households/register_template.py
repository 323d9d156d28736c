"""An empty household register to fill in Excel: the sheets "Hộ" and "Thửa" with the headers the
import reads, drop-down lists for the coded columns, and text cells for codes, phones and ID
numbers (so Excel keeps their leading 0)."""

from __future__ import annotations

import functools
from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from consultations.households.register_cells import ROLE_LABELS, SEX_LABELS, VULNERABILITY_LABELS
from consultations.households.registers import HOUSEHOLD_COLUMNS, LINK_COLUMNS
from translations import _, current_language

#: The rows the lists and formats reach: more than any commune's register.
ROWS = 2000
TEXT_COLUMNS = {"Mã hộ", "Điện thoại", "Số CCCD", "Tờ bản đồ", "Thửa đất"}
LINK_HEADERS = [*LINK_COLUMNS, "Xã cũ", "Vai trò", "Tỷ lệ"]


def _lists(book: Workbook) -> dict[str, str]:
    """The values of each drop-down list, on a hidden sheet; the range each list reads."""
    sheet = book.create_sheet("Danh mục")
    sheet.sheet_state = "hidden"
    lists = {
        "Giới tính": list(SEX_LABELS.values()),
        "Vai trò": list(ROLE_LABELS.values()),
        "Dễ bị tổn thương": list(VULNERABILITY_LABELS.values()),
    }
    ranges = {}
    for column, (header, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(column)
        sheet.cell(1, column, header)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, column, value)
        name = f"ds_{column}"
        book.defined_names[name] = DefinedName(
            name, attr_text=f"'Danh mục'!${letter}$2:${letter}${len(values) + 1}"
        )
        ranges[header] = name
    return ranges


def _sheet(sheet: Worksheet, headers: list[str], lists: dict[str, str]) -> None:
    for column, header in enumerate(headers, start=1):
        letter = get_column_letter(column)
        sheet.cell(1, column, header)
        sheet.column_dimensions[letter].width = max(12, len(header) + 4)
        cells = f"{letter}2:{letter}{ROWS + 1}"
        # The column's own format: what is typed in it is text (the 0 of a phone stays).
        if header in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        if header == "Ngày sinh":
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
        if header in lists:
            # Several vulnerabilities go in one cell ("hộ nghèo; khuyết tật"): its list suggests.
            strict = header != "Dễ bị tổn thương"
            check = DataValidation(
                type="list", formula1=lists[header], allow_blank=True,
                showErrorMessage=strict, errorTitle=header,
                error=_("Choose a value from the list."),
            )  # fmt: skip
            check.add(cells)
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"


def register_template() -> bytes:
    """The template as XLSX bytes (made once per language: its error message is translated)."""
    return _template(current_language())


@functools.cache
def _template(_language: str) -> bytes:
    book = Workbook()
    lists = _lists(book)
    people = book.active
    assert people is not None
    people.title = "Hộ"
    _sheet(people, list(HOUSEHOLD_COLUMNS), lists)
    _sheet(book.create_sheet("Thửa", 1), LINK_HEADERS, lists)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
