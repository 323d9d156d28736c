"""The registers exported to XLSX say statuses and sex in words, never the stored codes."""

from __future__ import annotations

from consultations.commitments.service import set_commitment_status
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import CommitmentStatus
from consultations.projects.service import find_project
from consultations.reporting.exports import register
from translations import local_today

ADMIN = operator("t")


def test_the_commitments_register_says_fulfilled_not_done(demo_store: Store) -> None:
    line = find_project(demo_store, "cat-van-220kv")
    first = register(demo_store, line.id, "commitments", actor=ADMIN).iloc[0]
    set_commitment_status(demo_store, int(first["Số"]), line.id, CommitmentStatus.DONE,
                          seen_version=1, actor=ADMIN, done_on=local_today())  # fmt: skip
    statuses = set(register(demo_store, line.id, "commitments", actor=ADMIN)["Trạng thái"])
    assert "Đã thực hiện" in statuses
    assert not statuses & {str(s) for s in CommitmentStatus}, statuses


def test_the_households_register_says_the_sex_in_words(demo_store: Store) -> None:
    line = find_project(demo_store, "cat-van-220kv")
    sexes = set(register(demo_store, line.id, "households", actor=ADMIN)["Giới tính"])
    assert sexes <= {"Nam", "Nữ", ""} and sexes & {"Nam", "Nữ"}, sexes


def test_no_register_writes_a_missing_value_or_a_code_into_its_xlsx(demo_store: Store) -> None:
    import io

    import pandas as pd

    codes = {"nan", "None", "<NA>", "NaT", "True", "False", "M", "F", *map(str, CommitmentStatus)}
    line = find_project(demo_store, "cat-van-220kv")
    for what in ("households", "concerns", "meetings", "commitments"):
        written = io.BytesIO()
        register(demo_store, line.id, what, actor=ADMIN).to_excel(written, index=False)
        written.seek(0)
        back = pd.read_excel(written, dtype=str, keep_default_na=False)
        assert not {v for c in back.columns for v in back[c]} & codes, what
