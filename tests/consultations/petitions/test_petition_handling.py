"""A petition handled after entry: each step a command with its version and key, the legal clock
recomputed from it, the steps kept as history."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from consultations.concerns.service import concerns_seen_by
from consultations.core import schema
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied, StaleEdit
from consultations.households.service import households_seen_by
from consultations.petitions.backlog import backlog_list, list_case
from consultations.petitions.figures import petition_figures
from consultations.petitions.handling import (
    Answer,
    BacklogLink,
    Difficulty,
    Eligibility,
    Extension,
    StepKind,
    Transfer,
    handle_petition,
    petition_steps,
)
from consultations.petitions.model import (
    Competence,
    Complexity,
    FilerKind,
    Outcome,
    PetitionKind,
    SessionKind,
)
from consultations.petitions.service import (
    Petition,
    follow_up,
    petition_register,
    record_petition,
)
from consultations.petitions.sessions import ReceptionSession, record_session
from consultations.projects.service import find_project
from tests.consultations.petitions.test_petitions import BODY, petition

ADMIN = operator("t")
TODAY = dt.date(2025, 6, 30)
D = dt.date
HERE = "UBND xã Hoà Thịnh"  # a body the demo does not hold


def entry(store: Store, petition_id: int) -> Petition:
    (found,) = [
        e for e in petition_register(store, actor=ADMIN, today=TODAY) if e.id == petition_id
    ]
    return found


def step(store: Store, petition_id: int, taken: object, **options: object) -> Petition:
    handle_petition(store, petition_id, taken, seen_version=entry(store, petition_id).version,  # type: ignore[arg-type]
                    actor=options.pop("actor", ADMIN), today=TODAY, **options)  # type: ignore[arg-type]  # fmt: skip
    return entry(store, petition_id)


def rows(store: Store, table: str) -> int:
    with store.read() as conn:
        return int(
            conn.scalar(select(func.count()).select_from(schema.metadata.tables[table])) or 0
        )


def test_a_complaint_is_found_eligible_made_complicated_decided_answered_and_tied_to_a_backlog_case(
    store: Store,
) -> None:
    petition_id = record_petition(store, petition(eligible=False), actor=ADMIN, today=TODAY)
    assert entry(store, petition_id).accept_by is None  # not eligible: no clock
    found = step(store, petition_id, Eligibility(True))
    assert (found.eligible, found.accept_by) == (True, D(2025, 3, 13))  # 10 days from receipt
    follow_up(store, petition_id, {"accepted_on": D(2025, 3, 10)}, seen_version=found.version,
              actor=ADMIN, today=TODAY)  # fmt: skip
    assert entry(store, petition_id).resolve_by == D(2025, 4, 9)  # 30 days from acceptance
    assert step(store, petition_id, Difficulty(Complexity.COMPLICATED, False)).resolve_by == D(
        2025, 4, 24
    )
    assert step(store, petition_id, Difficulty(Complexity.COMPLICATED, True)).resolve_by == D(
        2025, 5, 9
    )
    with pytest.raises(InvalidRecord, match="không gia hạn bằng quyết định"):
        step(store, petition_id, Extension(D(2025, 4, 20), "QĐ 12"))
    with pytest.raises(InvalidRecord, match="ghi quyết định giải quyết trước"):
        step(store, petition_id, Answer(Outcome.SECOND_LEVEL))
    follow_up(store, petition_id, {"decided_on": D(2025, 5, 5), "decision": "QĐ 45/QĐ-UBND"},
              seen_version=entry(store, petition_id).version, actor=ADMIN, today=TODAY)  # fmt: skip
    with pytest.raises(InvalidRecord, match="Đơn đã được giải quyết"):
        step(store, petition_id, Transfer(Competence.TRANSFERRED, "Thanh tra tỉnh", D(2025, 5, 6)))
    with pytest.raises(InvalidRecord, match="trước ngày có quyết định"):
        step(store, petition_id, Answer(Outcome.SECOND_LEVEL, D(2025, 5, 1)))
    assert (
        step(store, petition_id, Answer(Outcome.SECOND_LEVEL, D(2025, 5, 20))).outcome
        is Outcome.SECOND_LEVEL
    )
    case_id = list_case(store, body=BODY, title="Giá đất thôn 3", listed_on=D(2025, 5, 25),
                        decision="QĐ 7/QĐ-BCĐ", lead="Phó Chủ tịch", actor=ADMIN)  # fmt: skip
    other = record_petition(store, petition(reference="13/2025"), actor=ADMIN, today=TODAY)
    step(store, petition_id, BacklogLink(case_id))
    with pytest.raises(InvalidRecord, match="đã gắn với đơn này"):
        step(store, petition_id, BacklogLink(case_id))
    with pytest.raises(InvalidRecord, match="gắn với một đơn khác"):
        step(store, other, BacklogLink(case_id))
    history = petition_steps(store, petition_id, actor=ADMIN)
    assert [s.step for s in history] == [StepKind.ELIGIBILITY, StepKind.DIFFICULTY, StepKind.DIFFICULTY,
                                         StepKind.OUTCOME, StepKind.BACKLOG]  # fmt: skip
    assert [s.resolve_by for s in history[1:3]] == [D(2025, 4, 24), D(2025, 5, 9)]
    assert history[3].taken_on == D(2025, 5, 20) and history[-1].details == {"case_id": case_id}
    assert [v.version for v in history] == sorted(v.version for v in history)
    (case,) = backlog_list(store, actor=ADMIN, body=BODY)
    assert case.version == 2  # the case's own record names the petition now


def test_a_denunciation_is_extended_only_by_decision_as_often_as_its_complexity_allows(
    store: Store,
) -> None:
    petition_id = record_petition(store, petition(kind=PetitionKind.DENUNCIATION, accepted_on=D(2025, 3, 10)),
                                  actor=ADMIN, today=TODAY)  # fmt: skip
    assert entry(store, petition_id).resolve_by == D(2025, 4, 9)
    with pytest.raises(InvalidRecord, match="Chỉ vụ việc phức tạp mới được gia hạn"):
        step(store, petition_id, Extension(D(2025, 4, 1), "QĐ 1"))
    # Marked complicated, its time stays 30 days until an extension is decided.
    assert step(store, petition_id, Difficulty(Complexity.COMPLICATED, False)).resolve_by == D(
        2025, 4, 9
    )
    with pytest.raises(InvalidRecord, match="số quyết định"):
        step(store, petition_id, Extension(D(2025, 4, 1), " "))
    with pytest.raises(InvalidRecord, match="trước ngày thụ lý"):
        step(store, petition_id, Extension(D(2025, 3, 9), "QĐ 1/QĐ-TTr"))
    extended = step(store, petition_id, Extension(D(2025, 4, 1), "QĐ 1/QĐ-TTr"))
    assert (extended.extensions, extended.resolve_by) == (1, D(2025, 5, 9))
    with pytest.raises(InvalidRecord, match="đã được gia hạn 1 lần"):
        step(store, petition_id, Extension(D(2025, 5, 1), "QĐ 2"))
    step(store, petition_id, Difficulty(Complexity.VERY_COMPLICATED, False))
    assert step(store, petition_id, Extension(D(2025, 5, 1), "QĐ 2")).resolve_by == D(2025, 6, 9)
    with pytest.raises(InvalidRecord, match="mức độ phức tạp không thể thấp hơn"):
        step(store, petition_id, Difficulty(Complexity.NORMAL, False))


def test_a_transfer_with_its_day_stops_the_clock_and_is_kept_in_the_history(store: Store) -> None:
    petition_id = record_petition(store, petition(), actor=ADMIN, today=TODAY)
    with pytest.raises(InvalidRecord, match="tên cơ quan"):
        step(store, petition_id, Transfer(Competence.TRANSFERRED, " ", D(2025, 3, 5)))
    with pytest.raises(InvalidRecord, match="trước ngày nhận đơn"):
        step(store, petition_id, Transfer(Competence.TRANSFERRED, "Thanh tra tỉnh", D(2025, 3, 1)))
    with pytest.raises(InvalidRecord, match="tương lai"):
        step(
            store, petition_id, Transfer(Competence.GUIDED, "Toà án", TODAY + dt.timedelta(days=1))
        )
    moved = step(
        store, petition_id, Transfer(Competence.TRANSFERRED, "Thanh tra tỉnh", D(2025, 3, 5))
    )
    assert (moved.competence, moved.transferred_to, moved.transferred_on) == (
        Competence.TRANSFERRED, "Thanh tra tỉnh", D(2025, 3, 5))  # fmt: skip
    assert (moved.accept_by, moved.resolve_by, moved.flag) == (None, None, None)
    (kept,) = petition_steps(store, petition_id, actor=ADMIN)
    assert (kept.step, kept.taken_on, kept.accept_by) == (StepKind.TRANSFER, D(2025, 3, 5), None)


def test_a_stale_step_is_refused_with_what_changed_and_a_double_tap_records_once(
    store: Store,
) -> None:
    petition_id = record_petition(store, petition(eligible=False), actor=ADMIN, today=TODAY)
    seen = entry(store, petition_id).version
    audit_before = rows(store, "audit_log")
    for _ in range(2):  # the same submission twice
        version = handle_petition(store, petition_id, Eligibility(True), seen_version=seen, actor=ADMIN,
                                  key="tap-1", today=TODAY)  # fmt: skip
    assert version == seen + 1
    assert (rows(store, "petition_steps"), rows(store, "audit_log")) == (1, audit_before + 1)
    with pytest.raises(StaleEdit, match="Đủ điều kiện xử lý"):
        handle_petition(store, petition_id, Difficulty(Complexity.COMPLICATED, True), seen_version=seen,
                        actor=ADMIN, key="tap-2", today=TODAY)  # fmt: skip
    assert rows(store, "petition_steps") == 1  # a refused step leaves no history
    with pytest.raises(InvalidRecord, match="lý do"):
        step(store, petition_id, Eligibility(False, " "))


def test_only_the_committee_ties_a_petition_to_a_backlog_case_and_a_viewer_takes_no_step(
    store: Store,
) -> None:
    petition_id = record_petition(store, petition(), actor=ADMIN, today=TODAY)
    case_id = list_case(store, body=BODY, title="x", listed_on=D(2025, 5, 25), decision="QĐ 7",
                        lead="Phó Chủ tịch", actor=ADMIN)  # fmt: skip
    version = entry(store, petition_id).version
    officer = Actor("lan", Role.FIELD_OFFICER, (Scope(1, "Cát Văn"),))
    for actor in (Actor("v", Role.VIEWER), officer):
        for taken in (Eligibility(False, "Nặc danh"), BacklogLink(case_id)):
            with pytest.raises(PermissionDenied):
                handle_petition(
                    store, petition_id, taken, seen_version=version, actor=actor, today=TODAY
                )
    assert rows(store, "petition_steps") == 0


def test_the_figures_break_down_sessions_delegations_cases_and_compare_with_last_year_in_numbers(
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    households = {h.code: h for h in households_seen_by(demo_store, project.id, actor=ADMIN)}
    cv09 = next(c for c in concerns_seen_by(demo_store, project.id, actor=ADMIN)
                if c.household_id == households["CV09"].id)  # fmt: skip
    same_matter = {
        "project_id": project.id,
        "household_id": households["CV09"].id,
        "concern_id": cv09.id,
    }
    entries = [
        # last year: one settled, one from a delegation
        petition(received_on=D(2024, 3, 1), accepted_on=D(2024, 3, 5), decided_on=D(2024, 4, 1), decision="QĐ 1"),
        petition(received_on=D(2024, 5, 1), kind=PetitionKind.RECOMMENDATION, filer_kind=FilerKind.GROUP),
        # carried over into 2025, settled in it; one settled before it is not
        petition(received_on=D(2024, 12, 10), accepted_on=D(2024, 12, 12), decided_on=D(2025, 2, 10), decision="QĐ 2"),
        petition(received_on=D(2024, 11, 1), accepted_on=D(2024, 11, 2), decided_on=D(2024, 12, 1), decision="QĐ 3"),
        # this half-year
        petition(received_on=D(2025, 2, 1), filer_kind=FilerKind.GROUP, accepted_on=D(2025, 2, 5),
                 decided_on=D(2025, 3, 1), decision="QĐ 4"),
        petition(received_on=D(2025, 2, 2), competence=Competence.TRANSFERRED, transferred_to="Thanh tra tỉnh",
                 transferred_on=D(2025, 2, 3)),
        petition(received_on=D(2025, 2, 3), kind=PetitionKind.RECOMMENDATION, competence=Competence.GUIDED),
        petition(received_on=D(2025, 3, 1), **same_matter),
        petition(received_on=D(2025, 3, 2), **same_matter),
    ]  # fmt: skip
    for number, new in enumerate(entries, start=1):
        record_petition(
            demo_store, replace(new, body=HERE, reference=f"{number}/HT"), actor=ADMIN, today=TODAY
        )
    for kind, held in ((SessionKind.SCHEDULED, D(2025, 1, 15)), (SessionKind.REGULAR, D(2025, 2, 1)),
                       (SessionKind.UNSCHEDULED, D(2025, 3, 1)), (SessionKind.REGULAR, D(2024, 2, 1))):  # fmt: skip
        record_session(demo_store, ReceptionSession(body=HERE, kind=kind, citizens=3, held_on=held,
                       project_id=project.id), actor=ADMIN)  # fmt: skip
    figures = petition_figures(
        demo_store, actor=ADMIN, start=D(2025, 1, 1), end=D(2025, 6, 30), body=HERE
    )
    assert figures.sessions_by_kind == {"scheduled": 1, "regular": 1, "unscheduled": 1}
    assert (figures.received, figures.cases, figures.delegations) == (5, 4, 1)
    assert (figures.transferred, figures.guided) == (1, 1)
    assert (figures.carried_over, figures.carried_over_settled) == (1, 1)
    assert (figures.to_settle, figures.settled, figures.resolution_rate) == (3, 1, 33.3)
    last = figures.last_year
    assert last is not None and (last.start, last.end) == (D(2024, 1, 1), D(2024, 6, 30))
    assert (last.received, last.delegations, last.sessions, last.resolution_rate) == (
        2,
        1,
        1,
        100.0,
    )
    path = tmp_path / "so_lieu.xlsx"
    path.write_bytes(figures.xlsx())
    sheet = load_workbook(path)["Số liệu"]
    cells = {row[0].value: (row[1], row[2]) for row in sheet.iter_rows(min_row=4)}
    received, rate = cells["Số đơn tiếp nhận"], cells["Tỷ lệ giải quyết"]
    assert [(c.value, c.data_type) for c in received] == [(5, "n"), (2, "n")]
    assert [(c.value, c.data_type, c.number_format) for c in rate] == [
        (0.333, "n", "0.0%"),
        (1.0, "n", "0.0%"),
    ]
    assert cells["Số buổi: Tiếp dân thường xuyên tại trụ sở"][0].value == 1
    assert cells["Kỳ trước chuyển sang"][0].value == 1
    assert cells["Số vụ việc (đơn cùng nội dung tính một vụ việc)"][0].value == 4
    assert cells["Số đoàn đông người"][1].value == 1
    # The command line prints them beside last year's, in words and Vietnamese numbers.
    import cli

    monkeypatch.setattr(cli, "_store", lambda: demo_store)
    capsys.readouterr()
    assert (
        cli.main(
            ["petitions", "report", "--body", HERE, "--from", "2025-01-01", "--to", "2025-06-30"]
        )
        == 0
    )
    printed = capsys.readouterr().out.splitlines()
    assert "Kỳ trước chuyển sang: 1 (Cùng kỳ năm trước: 0)" in printed
    assert "Tỷ lệ giải quyết: 33,3 % (Cùng kỳ năm trước: 100,0 %)" in printed
