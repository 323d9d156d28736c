"""Exports opened in Excel run nothing: text cells that start like a formula are written inert
(OWASP's CSV-injection rule) in the registers workbook, the CSV and the monthly report; numbers
stay numbers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.spreadsheets import inert_cell
from consultations.households.service import edit_household
from consultations.households.store import households_of
from consultations.projects.service import find_project
from consultations.reporting.monthly_report import write_report
from consultations.reporting.project_export import export_project

PAYLOADS = ['=HYPERLINK("http://example.invalid","bấm")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_like_text_is_written_with_a_leading_apostrophe(payload: str) -> None:
    assert inert_cell(payload) == "'" + payload
    assert inert_cell(12.5) == 12.5 and inert_cell("-") == "-" and inert_cell("Nguyễn") == "Nguyễn"
    assert inert_cell("+6") == "+6" and inert_cell("-2") == "-2"  # a figure's change stays readable


def test_the_registers_workbook_and_csv_carry_no_live_formula(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        household = next(h for h in households_of(conn, project.id) if h.code == "CV03")
    edit_household(demo_store, household.id, household.version, {"head_name": PAYLOADS[0]},
                   actor=operator("t"))  # fmt: skip

    book_path = tmp_path / "so.xlsx"
    export_project(demo_store, project, "xlsx", book_path, actor=operator("t"))
    cells = [c for sheet in openpyxl.load_workbook(book_path) for row in sheet.iter_rows()
             for c in row if c.value is not None]  # fmt: skip
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula cell at all
    assert any(c.value == "'" + PAYLOADS[0] for c in cells)
    assert any(isinstance(c.value, int | float) for c in cells)  # numbers stay numbers

    csv_path = tmp_path / "ho.csv"
    export_project(demo_store, project, "csv", csv_path, actor=operator("t"))
    text = pd.read_csv(csv_path, dtype=str).to_numpy().ravel()
    assert not [t for t in text if isinstance(t, str) and t.startswith(("=", "+", "@"))]

    report = write_report(demo_store, project, "2024-04", tmp_path / "bc.xlsx", actor=operator("t"))
    formulas = [c for sheet in openpyxl.load_workbook(report) for row in sheet.iter_rows()
                for c in row if c.data_type == "f"]  # fmt: skip
    assert formulas == []
