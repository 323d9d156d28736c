"""Citizen reception and petitions: the register's figures as a province reports them, the legal
deadlines, the protection of a denouncer's identity, and the steering committee's backlog list."""

from __future__ import annotations

import csv
import datetime as dt
from functools import partial
from pathlib import Path
from typing import TypedDict

import pandas as pd
import pytest

from consultations.audit.service import audit_trail
from consultations.concerns.service import concerns_seen_by
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied, StaleEdit
from consultations.core.records import Channel, ConcernCategory
from consultations.households.service import households_seen_by
from consultations.petitions.backlog import (
    add_working_session,
    backlog_list,
    list_case,
    remove_case,
)
from consultations.petitions.figures import petition_figures
from consultations.petitions.handling import Transfer, handle_petition
from consultations.petitions.importing import import_petitions
from consultations.petitions.model import (
    Competence,
    Complexity,
    FilerKind,
    PetitionKind,
    SessionKind,
    add_days,
    due,
    holidays,
    uncovered_years,
)
from consultations.petitions.service import (
    NewPetition,
    follow_up,
    petition_register,
    record_petition,
)
from consultations.petitions.sessions import (
    CitizenHeard,
    ReceptionSession,
    add_heard,
    hold_session,
    reception_sessions,
    record_session,
    session_citizens,
    set_citizens,
)
from consultations.projects.service import find_project
from consultations.reporting.timeline import household_file
from translations import local_today

ADMIN = operator("t")
BODY = "UBND huyện Thanh Chương"
H1 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
HEADERS = ["Số đơn", "Ngày nhận", "Loại đơn", "Lĩnh vực", "Nội dung", "Đủ điều kiện xử lý",
           "Thẩm quyền", "Chuyển đến", "Ngày chuyển", "Ngày thụ lý", "Ngày giải quyết", "Quyết định"]  # fmt: skip


def register(path: Path) -> Path:
    """Six months of one body's register: 4 113 received, 3 597 eligible, of which 152 complaints
    and denunciations are its own to settle and 137 were settled (some late), the rest
    recommendations, transferred or guided."""
    rows = []
    for i in range(4113):
        received = H1[0] + dt.timedelta(days=i % 150)
        row = {"Số đơn": f"{i + 1}/2025", "Ngày nhận": received.strftime("%d/%m/%Y"),
               "Loại đơn": "Kiến nghị, phản ánh", "Lĩnh vực": "Đơn giá bồi thường",
               "Nội dung": f"Đề nghị xem lại đơn giá, đơn {i + 1}",
               "Đủ điều kiện xử lý": "có" if i < 3597 else "không", "Thẩm quyền": "own"}  # fmt: skip
        if i < 152:
            row["Loại đơn"] = "Khiếu nại" if i % 4 else "Tố cáo"
            row["Ngày thụ lý"] = (received + dt.timedelta(days=3)).isoformat()
            if i < 137:
                late = 40 if i < 7 else 20
                row["Ngày giải quyết"] = (received + dt.timedelta(days=late)).isoformat()
                row["Quyết định"] = f"QĐ {i}/QĐ-UBND"
        elif i < 300:
            row.update({"Thẩm quyền": "transferred", "Chuyển đến": "Thanh tra tỉnh",
                        "Ngày chuyển": (received + dt.timedelta(days=2)).isoformat(),
                        "Loại đơn": "Khiếu nại"})  # fmt: skip
        rows.append(row)
    out = path / "so_don.csv"
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADERS)
        writer.writeheader()
        writer.writerows(rows)
    return out


def test_a_six_month_register_gives_the_figures_the_province_reports(
    store: Store, tmp_path: Path
) -> None:
    assert (
        import_petitions(
            store, register(tmp_path), body=BODY, actor=ADMIN, today=dt.date(2025, 12, 1)
        )
        == 4113
    )
    figures = petition_figures(
        store, actor=Actor("v", Role.VIEWER), start=H1[0], end=H1[1], body=BODY
    )
    assert (figures.received, figures.eligible, figures.to_settle, figures.settled) == (
        4113,
        3597,
        152,
        137,
    )
    assert figures.resolution_rate == 90.1
    assert figures.on_time_rate == round(100 * 130 / 137, 1)  # seven decided after 30 days
    assert figures.by_kind[PetitionKind.RECOMMENDATION] == 4113 - 152 - 148


def test_a_register_with_bad_rows_imports_nothing_and_names_them(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "so_don.csv"
    path.write_text("Số đơn,Ngày nhận,Loại đơn,Lĩnh vực,Nội dung\n1,02/01/2025,Khiếu nại,Đơn giá bồi thường,x\n"
                    "2,31/02/2025,Khiếu nại,Đơn giá bồi thường,y\n3,03/01/2025,Kêu ca,Đơn giá bồi thường,z\n"
                    "1,04/01/2025,Tố cáo,Thủ tục,w\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InvalidRecord) as refused:
        import_petitions(store, path, body=BODY, actor=ADMIN)
    said = str(refused.value)
    assert "Dòng 3, cột “Ngày nhận”: “31/02/2025” không phải là một ngày như 31/12/2025" in said
    assert "Dòng 4, cột “Loại đơn”: “Kêu ca” không phải là một trong “Khiếu nại”, “Tố cáo”" in said
    assert "Dòng 5: số đơn 1 xuất hiện hai lần" in said
    assert petition_figures(store, actor=ADMIN, start=H1[0], end=H1[1]).received == 0


def test_a_register_may_write_a_choice_as_its_label_a_part_of_it_or_its_code(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "so_don.csv"
    path.write_text("Số đơn,Ngày nhận,Loại đơn,Lĩnh vực,Nội dung,Người gửi\n"
                    "1,02/01/2025,Kiến nghị,Đơn giá bồi thường,x,đoàn đông người\n"
                    "2,02/01/2025,phan anh,Đơn giá bồi thường,y,nhiều người\n"
                    "3,02/01/2025,complaint,Đơn giá bồi thường,z,\n", encoding="utf-8")  # fmt: skip
    assert import_petitions(store, path, body=BODY, actor=ADMIN) == 3
    kinds = [e.kind for e in petition_register(store, actor=ADMIN, body=BODY)]
    assert kinds == [
        PetitionKind.RECOMMENDATION,
        PetitionKind.RECOMMENDATION,
        PetitionKind.COMPLAINT,
    ]


class DueOptions(TypedDict, total=False):
    """What a deadline may depend on besides the petition's kind, step and start."""

    complexity: Complexity
    remote: bool


@pytest.mark.parametrize(
    ("kind", "step", "start", "options", "expected"),
    [
        (PetitionKind.COMPLAINT, "accept", dt.date(2025, 4, 25), {}, dt.date(2025, 5, 5)),
        # 30 days end on Sunday 2/3/2025: the period ends on the next working day (Civil Code Art. 148(5)).
        (PetitionKind.COMPLAINT, "resolve", dt.date(2025, 1, 31), {}, dt.date(2025, 3, 3)),
        (PetitionKind.COMPLAINT, "resolve", dt.date(2025, 1, 31), {"complexity": Complexity.COMPLICATED}, dt.date(2025, 3, 17)),
        (PetitionKind.COMPLAINT, "resolve", dt.date(2025, 1, 31), {"remote": True}, dt.date(2025, 3, 17)),
        (PetitionKind.COMPLAINT, "resolve", dt.date(2025, 1, 31), {"remote": True, "complexity": Complexity.COMPLICATED}, dt.date(2025, 4, 1)),
        # 7 working days from Friday 25/4/2025: 30/4 and 1/5 are holidays, weekends skipped.
        (PetitionKind.DENUNCIATION, "accept", dt.date(2025, 4, 25), {}, dt.date(2025, 5, 8)),
        # Tết 2025 (27–31/1) is skipped too.
        (PetitionKind.DENUNCIATION, "accept", dt.date(2025, 1, 24), {}, dt.date(2025, 2, 11)),
        # 60 days end on 30/4/2025, a holiday, and 1/5 is one too: due Friday 2/5.
        (PetitionKind.DENUNCIATION, "resolve", dt.date(2025, 3, 1), {"complexity": Complexity.COMPLICATED}, dt.date(2025, 5, 2)),
        (PetitionKind.DENUNCIATION, "resolve", dt.date(2025, 3, 1), {"complexity": Complexity.VERY_COMPLICATED}, dt.date(2025, 5, 30)),
        (PetitionKind.RECOMMENDATION, "resolve", dt.date(2025, 3, 1), {}, None),
    ],
)  # fmt: skip
def test_legal_deadlines_on_edge_dates(
    kind: PetitionKind, step: str, start: dt.date, options: DueOptions, expected: dt.date | None
) -> None:
    assert due(kind, step, start, **options) == expected


def test_a_calendar_deadline_on_a_holiday_moves_to_the_next_working_day(store: Store) -> None:
    # Received 20/04/2026: 10 days end on 30/04, a holiday; 01/05 is one, then a weekend.
    assert due(PetitionKind.COMPLAINT, "accept", dt.date(2026, 4, 20)) == dt.date(2026, 5, 4)
    today = dt.date(2026, 5, 4)
    record_petition(store, petition(received_on=dt.date(2026, 4, 20)), actor=ADMIN, today=today)
    (entry,) = petition_register(store, actor=ADMIN, today=today)
    assert (entry.accept_by, entry.flag) == (dt.date(2026, 5, 4), "near")  # not late on 04/05
    (entry,) = petition_register(store, actor=ADMIN, today=dt.date(2026, 5, 5))
    assert entry.flag == "late"


def test_gio_to_hung_vuong_2026_and_its_day_in_lieu_are_holidays() -> None:
    # 10/3 âm lịch = Sunday 26/04/2026, taken on Monday 27/04 (Labour Code Art. 111(3)).
    assert {dt.date(2026, 4, 26), dt.date(2026, 4, 27)} <= holidays()
    assert add_days(dt.date(2026, 4, 24), 1, "working") == dt.date(2026, 4, 28)


def test_working_days_skip_weekends_and_holidays() -> None:
    assert add_days(dt.date(2025, 8, 29), 1, "working") == dt.date(
        2025, 9, 3
    )  # Fri → Wed (1–2/9 off)


def petition(**changes: object) -> NewPetition:
    values: dict[str, object] = {"body": BODY, "reference": "12/2025", "received_on": dt.date(2025, 3, 3),
        "channel": Channel.CITIZEN_RECEPTION, "filer_kind": FilerKind.ONE, "kind": PetitionKind.COMPLAINT,
        "category": ConcernCategory.COMPENSATION_PRICE, "content": "Giá đất thấp hơn thị trường",
        "filer_name": "Nguyễn Văn Bình", "filer_address": "Thôn 3, Cát Văn"}  # fmt: skip
    return NewPetition(**{**values, **changes})  # type: ignore[arg-type]


def test_a_concern_raised_again_as_a_petition_is_one_matter_in_the_projects_figures(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    households = {h.code: h for h in households_seen_by(demo_store, project.id, actor=ADMIN)}
    concerns = concerns_seen_by(demo_store, project.id, actor=ADMIN)
    cv09 = next(c for c in concerns if c.household_id == households["CV09"].id)
    before = petition_figures(demo_store, actor=ADMIN, start=dt.date(2024, 1, 1),
                              end=dt.date(2025, 12, 31), project_id=project.id)  # fmt: skip
    with pytest.raises(InvalidRecord, match="không phải của hộ này"):
        record_petition(demo_store, petition(project_id=project.id, household_id=households["CV10"].id,
                        concern_id=cv09.id), actor=ADMIN)  # fmt: skip
    record_petition(demo_store, petition(project_id=project.id, household_id=households["CV09"].id,
                    concern_id=cv09.id), actor=ADMIN)  # fmt: skip
    after = petition_figures(demo_store, actor=ADMIN, start=dt.date(2024, 1, 1),
                             end=dt.date(2025, 12, 31), project_id=project.id)  # fmt: skip
    assert (after.received, after.same_matter) == (before.received + 1, before.same_matter + 1)
    assert after.undecided == before.undecided + 1
    lines = dict(after.lines())
    assert lines["Cùng vụ việc với ý kiến đã ghi nhận (chỉ tính một lần)"] == str(after.same_matter)


def test_a_year_without_its_lunar_new_year_in_the_holiday_table_is_said() -> None:
    assert uncovered_years([dt.date(2025, 3, 1)]) == []
    assert uncovered_years([dt.date(2025, 3, 1), dt.date(2031, 2, 1)]) == [2031]


def test_a_transfer_to_another_body_stops_the_clock(store: Store) -> None:
    today = dt.date(2025, 6, 1)
    petition_id = record_petition(store, petition(), actor=ADMIN, today=today)
    (entry,) = petition_register(store, actor=ADMIN, today=today)
    assert entry.accept_by == dt.date(2025, 3, 13) and entry.flag == "late"
    with pytest.raises(InvalidRecord, match="competence"):  # a step of its own, kept in its history
        follow_up(store, petition_id, {"competence": "transferred"}, seen_version=entry.version,
                  actor=ADMIN, today=today)  # fmt: skip
    handle_petition(store, petition_id, Transfer(Competence.TRANSFERRED, "Thanh tra tỉnh", dt.date(2025, 3, 5)),
                    seen_version=entry.version, actor=ADMIN, today=today)  # fmt: skip
    (entry,) = petition_register(store, actor=ADMIN, today=today)
    assert (entry.accept_by, entry.resolve_by, entry.flag) == (None, None, None)
    with pytest.raises(StaleEdit):
        follow_up(
            store, petition_id, {"accepted_on": dt.date(2025, 3, 6)}, seen_version=1, actor=ADMIN
        )
    with pytest.raises(InvalidRecord, match="Chưa có gì thay đổi"):  # "Save" on an untouched form
        follow_up(
            store, petition_id, {"accepted_on": None}, seen_version=entry.version, actor=ADMIN
        )


def test_a_denouncers_identity_is_read_only_by_the_handler_and_superiors(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    officer = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Cát Văn"),))
    household = households_seen_by(demo_store, project.id, actor=officer)[0]
    record_petition(demo_store, petition(kind=PetitionKind.DENUNCIATION, content="Cán bộ X nhận tiền",
                    project_id=project.id, household_id=household.id, handler="thanh-tra"), actor=ADMIN)  # fmt: skip
    (seen_by_officer,) = [
        e for e in petition_register(demo_store, actor=officer) if e.reference == "12/2025"
    ]
    assert seen_by_officer.identity_hidden and seen_by_officer.filer_name is None
    assert seen_by_officer.content is None
    with pytest.raises(PermissionDenied):
        petition_register(demo_store, actor=Actor("v", Role.VIEWER))
    for reader in (
        Actor("thanh-tra", Role.FIELD_OFFICER, (Scope(project.id),)),
        Actor("ct", Role.CHAIR),
    ):
        (entry,) = [
            e for e in petition_register(demo_store, actor=reader) if e.reference == "12/2025"
        ]
        assert entry.filer_name == "Nguyễn Văn Bình" and entry.content == "Cán bộ X nhận tiền"
    readings = [e for e in audit_trail(demo_store, actor=ADMIN) if e.action == "read_denunciation"]
    assert [e.actor for e in readings] == ["ct", "thanh-tra"]  # newest first; the officer's not
    petition_register(demo_store, actor=Actor("ct", Role.CHAIR))  # the page shown again that day
    again = [e for e in audit_trail(demo_store, actor=ADMIN) if e.action == "read_denunciation"]
    assert len(again) == 2
    for reader, shown in ((officer, 0), (Actor("ct", Role.CHAIR), 1)):  # tied to a household, a
        timeline = household_file(demo_store, household.id, local_today(), actor=reader).timeline
        petitions = timeline[(timeline.kind == "Đơn thư") & timeline.what.str.contains("12/2025")]
        assert len(petitions) == shown and "nhận tiền" not in " ".join(
            timeline.what
        )  # denunciation
        # would point at the denouncer: only its handler and their superiors see it there


def test_dates_a_petition_cannot_have_are_refused(store: Store, tmp_path: Path) -> None:
    today = dt.date(2025, 6, 1)
    with pytest.raises(InvalidRecord, match="tương lai"):
        record_petition(
            store,
            petition(decided_on=dt.date(2025, 6, 2), decision="QĐ 1"),
            actor=ADMIN,
            today=today,
        )
    with pytest.raises(InvalidRecord):
        petition_figures(store, actor=ADMIN, start=dt.date(2025, 6, 1), end=dt.date(2025, 1, 1))
    path = tmp_path / "so_don.csv"
    path.write_text(
        "Số đơn,Ngày nhận,Loại đơn,Lĩnh vực,Nội dung\n1,,Khiếu nại,Thủ tục,x\n", encoding="utf-8"
    )
    with pytest.raises(InvalidRecord, match="Dòng 2"):
        import_petitions(store, path, body=BODY, actor=ADMIN)
    with pytest.raises(InvalidRecord, match=r"khong-co\.csv"):
        import_petitions(store, tmp_path / "khong-co.csv", body=BODY, actor=ADMIN)
    assert petition_figures(store, actor=ADMIN, start=dt.date(2000, 1, 1), end=today).received == 0


def test_a_field_officer_records_petitions_only_for_households_of_their_communes(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    elsewhere = Actor("khac", Role.FIELD_OFFICER, (Scope(project.id, "Thanh Hà"),))
    household = households_seen_by(demo_store, project.id, actor=ADMIN)[0]
    with pytest.raises(PermissionDenied):
        record_petition(
            demo_store, petition(household_id=household.id, project_id=project.id), actor=elsewhere
        )
    with pytest.raises(PermissionDenied):
        record_petition(demo_store, petition(), actor=elsewhere)


def test_a_case_comes_off_the_backlog_list_only_by_a_decision(store: Store) -> None:
    chair = Actor("ct", Role.CHAIR)
    case_id = list_case(store, body=BODY, title="Hộ ông Bình: đơn giá", listed_on=dt.date(2025, 1, 10),
                        decision="QĐ 12/QĐ-BCĐ", lead="Phó Chủ tịch UBND huyện", actor=chair)  # fmt: skip
    add_working_session(store, case_id, held_on=dt.date(2025, 2, 1), attendees="Ông Bình, Phòng TN&MT",
                        outcome="Đối thoại; đo lại", actor=chair)  # fmt: skip
    for day, said in (
        (dt.date(2025, 1, 9), "trước ngày vụ việc"),
        (local_today() + dt.timedelta(days=1), "tương lai"),
    ):
        with pytest.raises(InvalidRecord, match=said):
            add_working_session(store, case_id, held_on=day, attendees="", outcome="x", actor=chair)
    with pytest.raises(InvalidRecord, match="hãy ghi người và cơ quan chủ trì, quyết định"):
        list_case(
            store,
            body=BODY,
            title="x",
            listed_on=dt.date(2025, 1, 10),
            decision=" ",
            lead="",
            actor=chair,
        )
    with pytest.raises(InvalidRecord):
        remove_case(
            store,
            case_id,
            removed_on=dt.date(2025, 3, 1),
            decision=" ",
            seen_version=1,
            actor=chair,
        )
    with pytest.raises(PermissionDenied):
        remove_case(store, case_id, removed_on=dt.date(2025, 3, 1), decision="QĐ 30", seen_version=1,
                    actor=Actor("f", Role.FIELD_OFFICER))  # fmt: skip
    remove_case(
        store,
        case_id,
        removed_on=dt.date(2025, 3, 1),
        decision="QĐ 30/QĐ-BCĐ",
        seen_version=1,
        actor=chair,
    )
    (case,) = backlog_list(store, actor=chair, as_of=dt.date(2025, 3, 31))
    assert case.removed_on == dt.date(2025, 3, 1) and len(case.sessions) == 1
    figures = petition_figures(
        store, actor=chair, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)
    )
    assert (figures.backlog_listed, figures.backlog_resolved) == (1, 1)


def test_reception_sessions_count_citizens_and_kept_schedules(store: Store) -> None:
    for planned, held, citizens in ((dt.date(2025, 1, 15), dt.date(2025, 1, 15), 4),
                                    (dt.date(2025, 1, 30), None, 0),
                                    (None, dt.date(2025, 2, 3), 2)):  # fmt: skip
        record_session(store, ReceptionSession(body=BODY, kind=SessionKind.SCHEDULED, citizens=citizens,
                       planned_on=planned, held_on=held), actor=ADMIN)  # fmt: skip
    figures = petition_figures(store, actor=ADMIN, start=H1[0], end=H1[1], body=BODY)
    assert (figures.sessions, figures.citizens_received) == (2, 6)
    assert (figures.sessions_scheduled, figures.sessions_kept) == (2, 1)


def test_a_scheduled_session_is_held_later_with_who_was_heard_and_what_they_were_told(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    households = {h.code: h for h in households_seen_by(demo_store, project.id, actor=ADMIN)}
    session_id = record_session(demo_store, ReceptionSession(
        body="UBND xã Cát Văn", kind=SessionKind.SCHEDULED, citizens=0, leader="Chủ tịch UBND xã",
        planned_on=dt.date(2025, 3, 5), project_id=project.id), actor=ADMIN)  # fmt: skip
    heard = (
        CitizenHeard(raised="Hỏi đơn giá đất vườn", name="Nguyễn Văn Bảy",
                     household_id=households["CV07"].id, answer="Giải thích theo bảng giá"),
        CitizenHeard(raised="Tranh chấp ranh giới với thửa bên cạnh", name="Lê Thị Tám",
                     household_id=households["CV08"].id, referred_to="Văn phòng đăng ký đất đai"),
    )  # fmt: skip
    (scheduled,) = [s for s in reception_sessions(demo_store, actor=ADMIN) if s.id == session_id]
    assert scheduled.kept is False and scheduled.held_on is None
    with pytest.raises(InvalidRecord, match="nhiều hơn"):  # three heard, two received
        hold_session(demo_store, session_id, held_on=dt.date(2025, 3, 5), citizens=2, summary=None,
                     heard=(*heard, heard[0]), seen_version=scheduled.version, actor=ADMIN)  # fmt: skip
    hold = partial(hold_session, demo_store, session_id, held_on=dt.date(2025, 3, 5), citizens=3,
                   summary="Trả lời tại chỗ", heard=heard, seen_version=scheduled.version,
                   actor=ADMIN, key="giu-phien-1")  # fmt: skip
    assert hold() == hold()  # a double tap holds it once
    (held,) = [s for s in reception_sessions(demo_store, actor=ADMIN) if s.id == session_id]
    assert held.kept is True and held.citizens == 3 and held.version == scheduled.version + 1
    with pytest.raises(StaleEdit):  # a second tab that saw it scheduled
        hold_session(demo_store, session_id, held_on=dt.date(2025, 3, 6), citizens=1, summary=None,
                     seen_version=scheduled.version, actor=ADMIN)  # fmt: skip
    listed = session_citizens(demo_store, session_id, actor=ADMIN)
    assert [(c.name, c.household_code, c.answer, c.referred_to) for c in listed] == [
        ("Nguyễn Văn Bảy", "CV07", "Giải thích theo bảng giá", None),
        ("Lê Thị Tám", "CV08", None, "Văn phòng đăng ký đất đai"),
    ]
    # The page adds them one at a time, never more than were received.
    third = CitizenHeard(raised="Hỏi thời gian chi trả", name="Trần Văn Chín")
    add = partial(add_heard, demo_store, session_id, third, actor=ADMIN, key="them-cong-dan-3")
    assert add() == add() == 3
    with pytest.raises(InvalidRecord, match=r"4 công dân.*nhiều hơn số 3"):
        add_heard(demo_store, session_id, CitizenHeard(raised="Hỏi thêm"), actor=ADMIN)
    assert len(session_citizens(demo_store, session_id, actor=ADMIN)) == 3
    with pytest.raises(InvalidRecord, match="đã có 3 công dân"):  # never below those listed
        set_citizens(demo_store, session_id, 2, seen_version=held.version, actor=ADMIN)
    assert (
        set_citizens(demo_store, session_id, 5, seen_version=held.version, actor=ADMIN)
        == held.version + 1
    )
    add_heard(
        demo_store, session_id, CitizenHeard(raised="Hỏi thêm"), actor=ADMIN
    )  # now room for it
    # A field officer of another commune reads none of them; the household's file shows its own.
    elsewhere = Actor("khac", Role.FIELD_OFFICER, (Scope(project.id, "Thanh Hà"),))
    assert session_citizens(demo_store, session_id, actor=elsewhere) == []
    timeline = household_file(
        demo_store, households["CV08"].id, local_today(), actor=ADMIN
    ).timeline
    (line,) = timeline[timeline.on == dt.date(2025, 3, 5)].itertuples()
    assert "Tranh chấp ranh giới" in line.what and "Văn phòng đăng ký đất đai" in line.what


def test_who_was_heard_belongs_to_a_held_session_and_says_what_they_raised(store: Store) -> None:
    for session, message in (
        (ReceptionSession(body=BODY, kind=SessionKind.SCHEDULED, citizens=0,
                          planned_on=dt.date(2025, 5, 1), heard=(CitizenHeard(raised="x"),)),
         "khi buổi tiếp đã diễn ra"),
        (ReceptionSession(body=BODY, kind=SessionKind.REGULAR, citizens=1,
                          held_on=dt.date(2025, 5, 1), heard=(CitizenHeard(raised="  "),)),
         "đã trình bày"),
        (ReceptionSession(body=BODY, kind=SessionKind.REGULAR, citizens=1,
                          held_on=local_today() + dt.timedelta(days=1)), "tương lai"),
    ):  # fmt: skip
        with pytest.raises(InvalidRecord, match=message):
            record_session(store, session, actor=ADMIN)
    assert reception_sessions(store, actor=ADMIN) == []


def test_the_command_line_imports_a_register_and_reports_its_figures_as_json(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    import cli

    monkeypatch.setattr(cli, "_store", lambda: store)
    assert cli.main(["petitions", "import", str(register(tmp_path)), "--body", BODY]) == 0
    capsys.readouterr()
    assert (
        cli.main(
            [
                "petitions",
                "report",
                "--body",
                BODY,
                "--from",
                "2025-01-01",
                "--to",
                "2025-06-30",
                "--json",
                "--xlsx",
                str(tmp_path / "so_lieu.xlsx"),
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    sheets = pd.read_excel(tmp_path / "so_lieu.xlsx", sheet_name=None, header=2)
    figures = dict(zip(*sheets["Số liệu"].iloc[:, :2].T.values, strict=True))
    assert (figures["Số đơn tiếp nhận"], figures["Tỷ lệ giải quyết"]) == (4113, 0.901)  # a number
    assert sheets["Theo loại đơn"].set_index("Loại")["Số đơn tiếp nhận"]["Khiếu nại"] > 0
    keys = ("sessions", "citizens_received", "received", "eligible", "to_settle", "settled",
            "resolution_rate", "on_time_rate", "backlog_listed", "backlog_resolved")  # fmt: skip
    assert {k: report[k] for k in keys[2:7]} == {"received": 4113, "eligible": 3597, "to_settle": 152,
                                                  "settled": 137, "resolution_rate": 90.1}  # fmt: skip
    assert all(k in report for k in keys)
    assert (
        cli.main(["petitions", "import", str(register(tmp_path)), "--body", BODY]) == 2
    )  # numbers taken
    assert "đã có trong sổ" in capsys.readouterr().err


def test_the_demo_carries_cat_vans_reception_day_tied_to_its_households(demo_store: Store) -> None:
    chair = Actor("ct", Role.CHAIR)
    (session,) = reception_sessions(demo_store, actor=chair)
    entries = petition_register(demo_store, actor=chair)
    assert session.citizens == len(entries) == 9 and session.held_on == dt.date(2024, 4, 12)
    assert sorted(str(e.household_code) for e in entries) == [f"CV{n:02d}" for n in range(7, 16)]
    assert all(e.decided_on == dt.date(2024, 4, 20) and e.flag is None for e in entries)
    project = find_project(demo_store, "cat-van-220kv")
    cv07 = next(
        h for h in households_seen_by(demo_store, project.id, actor=chair) if h.code == "CV07"
    )
    timeline = household_file(demo_store, cv07.id, local_today(), actor=chair).timeline
    assert list(timeline[timeline.kind == "Đơn thư"].on) == [dt.date(2024, 4, 12)]
