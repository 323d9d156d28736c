"""Trust, round 3 (issue 27): a denouncer's identity reaches only the handler and their superiors,
decided per petition (its project), on the register, at reception sessions and in the household's
timeline; who handles a petition is assigned, not taken; reception sessions are read and written
where their project is; a closed project refuses petitions and reception records; absurd dates and
numbers taken at the same moment get sentences."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, NotFound, PermissionDenied
from consultations.core.records import Channel, ConcernCategory, Household
from consultations.households.service import households_seen_by
from consultations.petitions import store as petitions_store
from consultations.petitions.importing import import_petitions
from consultations.petitions.model import FilerKind, PetitionKind, SessionKind
from consultations.petitions.protection import assign_handler
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
from consultations.projects.service import close_project, find_project
from consultations.reporting.timeline import household_file
from translations import local_today

ADMIN = operator("t")
BODY = "UBND huyện Thanh Chương"
TODAY = dt.date(2025, 6, 1)
#: What must not reach anyone but the handler and their superiors.
NAME, ADDRESS, CONTENT = "Trần Thị Tố Giác", "Xóm 5, Cát Văn", "Cán bộ địa chính nhận tiền của hộ"
LONE_NAME, LONE_CONTENT = "Lê Văn Mật Danh", "Chủ đầu tư chia lại đất công"  # tied to no project
RAISED = "Tố cáo cán bộ địa chính nhận tiền"


def petition(**changes: object) -> NewPetition:
    values: dict[str, object] = {"body": BODY, "reference": "TC-1/2025", "received_on": dt.date(2025, 3, 3),
        "channel": Channel.CITIZEN_RECEPTION, "filer_kind": FilerKind.ONE, "kind": PetitionKind.DENUNCIATION,
        "category": ConcernCategory.OTHER, "content": CONTENT, "filer_name": NAME, "filer_address": ADDRESS}  # fmt: skip
    return NewPetition(**{**values, **changes})  # type: ignore[arg-type]


@dataclass(frozen=True)
class Denounced:
    """The demo with a denunciation tied to a Cát Văn household, filed at a reception session
    where its filer was heard, and one a body received about no project."""

    household: Household
    session_id: int
    cat_van: int
    hung_nguyen: int


def readers(d: Denounced) -> dict[str, Actor]:
    return {
        "handler": Actor("thanh-tra", Role.FIELD_OFFICER, (Scope(d.cat_van, "Cát Văn"),)),
        "officer": Actor("lan", Role.FIELD_OFFICER, (Scope(d.cat_van, "Cát Văn"),)),
        "chair of the project": Actor("ct-cv", Role.CHAIR, (Scope(d.cat_van),)),
        "province chair": Actor("ct", Role.CHAIR),
        "chair elsewhere": Actor("hoa", Role.CHAIR, (Scope(d.hung_nguyen),)),
        "officer elsewhere": Actor("khac", Role.FIELD_OFFICER, (Scope(d.hung_nguyen, "Hưng Nguyên"),)),
    }  # fmt: skip


def denounce(store: Store) -> Denounced:
    cat_van = find_project(store, "cat-van-220kv").id
    hung_nguyen = find_project(store, "hung-nguyen-vsip").id
    household = next(h for h in households_seen_by(store, cat_van, actor=ADMIN) if h.code == "CV05")
    session_id = record_session(store, ReceptionSession(
        body="UBND xã Cát Văn", kind=SessionKind.REGULAR, citizens=3, held_on=dt.date(2025, 3, 3),
        project_id=cat_van, heard=(CitizenHeard(raised=RAISED, name=NAME, household_id=household.id),
                                   CitizenHeard(raised="Hỏi lịch chi trả", name="Phan Văn Hỏi"))),
        actor=ADMIN, today=TODAY)  # fmt: skip
    record_petition(store, petition(project_id=cat_van, household_id=household.id, session_id=session_id,
                    handler="thanh-tra"), actor=ADMIN, today=TODAY)  # fmt: skip
    record_petition(store, petition(reference="TC-2/2025", filer_name=LONE_NAME, content=LONE_CONTENT,
                    filer_address=None), actor=ADMIN, today=TODAY)  # fmt: skip
    return Denounced(household, session_id, cat_van, hung_nguyen)


def said(value: object) -> str:
    return repr(value)


@pytest.fixture
def denounced(demo_store: Store) -> Denounced:
    return denounce(demo_store)


def test_the_register_shows_a_denouncer_only_to_the_handler_and_superiors_of_its_project(
    demo_store: Store, denounced: Denounced
) -> None:
    people = readers(denounced)
    (entry,) = [e for e in petition_register(demo_store, actor=ADMIN) if e.reference == "TC-1/2025"]
    follow_up(demo_store, entry.id, {"accepted_on": dt.date(2025, 3, 5), "decided_on": dt.date(2025, 4, 1),
              "decision": f"KL 5/KL-UBND: tố cáo của bà {NAME} đúng một phần"}, seen_version=entry.version,
              actor=ADMIN, today=TODAY)  # fmt: skip
    # What each reader reads of the Cát Văn denunciation and of the project-less one.
    expected = {
        "handler": (True, None), "officer": (False, None), "chair of the project": (True, None),
        "province chair": (True, True), "chair elsewhere": (None, None),
        "officer elsewhere": (None, None),
    }  # fmt: skip
    for who, (tied, lone) in expected.items():
        entries = {e.reference: e for e in petition_register(demo_store, actor=people[who])}
        text = said(list(entries.values()))
        for reference, shown, secrets in (("TC-1/2025", tied, (NAME, ADDRESS, CONTENT, "CV05")),
                                          ("TC-2/2025", lone, (LONE_NAME, LONE_CONTENT))):  # fmt: skip
            if shown is None:
                assert reference not in entries, f"{who} lists {reference}"
            elif shown:
                assert entries[reference].filer_name == secrets[0], who
                assert entries[reference].content == secrets[-1 if reference == "TC-2/2025" else 2]
            else:
                assert entries[reference].identity_hidden, who
                assert entries[reference].household_code is None, who
            if not shown:
                assert [s for s in secrets if s in text] == [], f"{who} reads {reference}"


def test_who_was_heard_at_a_session_follows_the_registers_rule(
    demo_store: Store, denounced: Denounced
) -> None:
    people = readers(denounced)
    for who in ("handler", "chair of the project", "province chair"):
        heard = session_citizens(demo_store, denounced.session_id, actor=people[who])
        assert (heard[0].name, heard[0].raised) == (NAME, RAISED), who
        if who != "handler":  # a field officer reads those of their communes' households only
            assert heard[1].name == "Phan Văn Hỏi" and not heard[1].identity_hidden
    # The officer of the commune: the household is theirs, its denouncer is not theirs to know.
    heard = session_citizens(demo_store, denounced.session_id, actor=people["officer"])
    assert [c.identity_hidden for c in heard] == [True]
    assert NAME not in said(heard) and RAISED not in said(heard) and "CV05" not in said(heard)
    for who in ("chair elsewhere", "officer elsewhere"):
        assert denounced.session_id not in {
            s.id for s in reception_sessions(demo_store, actor=people[who])
        }
        with pytest.raises(NotFound):
            session_citizens(demo_store, denounced.session_id, actor=people[who])


def test_the_households_timeline_shows_the_denunciation_to_the_handler_and_superiors_only(
    demo_store: Store, denounced: Denounced
) -> None:
    people = readers(denounced)
    for who, shown in (("handler", True), ("chair of the project", True), ("officer", False)):
        timeline = household_file(demo_store, denounced.household.id, local_today(), actor=people[who]).timeline  # fmt: skip
        text = " ".join(timeline.what)
        assert ("TC-1/2025" in text) is shown, who
        assert (RAISED in text) is shown, who
        assert CONTENT not in text and NAME not in text  # the content never, even to them
    with pytest.raises(PermissionDenied):  # the chair of another project reads no household here
        household_file(demo_store, denounced.household.id, local_today(),
                       actor=people["chair elsewhere"])  # fmt: skip


def test_an_officer_cannot_make_themselves_a_denunciations_handler(
    demo_store: Store, denounced: Denounced
) -> None:
    officer = readers(denounced)["officer"]
    with pytest.raises(PermissionDenied, match="cấp trên"):
        record_petition(demo_store, petition(reference="TC-3/2025", project_id=denounced.cat_van,
                        household_id=denounced.household.id, handler="lan"), actor=officer, today=TODAY)  # fmt: skip
    (entry,) = [
        e for e in petition_register(demo_store, actor=officer) if e.reference == "TC-1/2025"
    ]
    with pytest.raises(PermissionDenied, match="cấp trên"):
        follow_up(demo_store, entry.id, {"handler": "lan"}, seen_version=entry.version,
                  actor=officer, today=TODAY)  # fmt: skip
    assert entry.identity_hidden
    (still,) = [
        e for e in petition_register(demo_store, actor=officer) if e.reference == "TC-1/2025"
    ]
    assert still.identity_hidden and still.handler == "thanh-tra"
    # An administrator, a superior, assigns it.
    follow_up(demo_store, entry.id, {"handler": "lan"}, seen_version=entry.version, actor=ADMIN,
              today=TODAY)  # fmt: skip
    (now,) = [e for e in petition_register(demo_store, actor=officer) if e.reference == "TC-1/2025"]
    assert now.filer_name == NAME


def test_the_chair_of_the_petitions_project_assigns_its_handler_and_no_one_else_does(
    demo_store: Store, denounced: Denounced
) -> None:
    people = readers(denounced)
    (entry,) = [e for e in petition_register(demo_store, actor=ADMIN) if e.reference == "TC-1/2025"]
    for who in ("officer", "handler", "chair elsewhere"):
        with pytest.raises(PermissionDenied, match="cấp trên"):
            assign_handler(demo_store, entry.id, people[who].username, seen_version=entry.version,
                           actor=people[who])  # fmt: skip
    assert assign_handler(demo_store, entry.id, "lan", seen_version=entry.version,
                          actor=people["chair of the project"]) == entry.version + 1  # fmt: skip
    (now,) = [
        e
        for e in petition_register(demo_store, actor=people["officer"])
        if e.reference == "TC-1/2025"
    ]
    assert now.filer_name == NAME and now.handler == "lan"
    (former,) = [
        e
        for e in petition_register(demo_store, actor=people["handler"])
        if e.reference == "TC-1/2025"
    ]
    assert former.identity_hidden  # the former handler no longer reads who filed it


def test_a_field_officer_opens_the_register_while_another_project_has_petitions(
    demo_store: Store, denounced: Denounced
) -> None:
    officer = readers(denounced)["officer elsewhere"]  # of Hưng Nguyên; Cát Văn has petitions
    assert petition_register(demo_store, actor=officer) == []
    assert reception_sessions(demo_store, actor=officer) == []


def test_reception_sessions_are_written_only_where_their_project_is(
    demo_store: Store, denounced: Denounced
) -> None:
    elsewhere = readers(denounced)["officer elsewhere"]
    (session,) = [
        s for s in reception_sessions(demo_store, actor=ADMIN) if s.id == denounced.session_id
    ]
    writes: tuple[Callable[[], object], ...] = (
        lambda: add_heard(demo_store, denounced.session_id, CitizenHeard(raised="x"), actor=elsewhere),
        lambda: set_citizens(demo_store, denounced.session_id, 9, seen_version=session.version,
                             actor=elsewhere),
        lambda: hold_session(demo_store, denounced.session_id, held_on=dt.date(2025, 3, 3), citizens=2,
                             summary=None, seen_version=session.version, actor=elsewhere, today=TODAY),
        lambda: record_session(demo_store, ReceptionSession(body="UBND xã Cát Văn", kind=SessionKind.REGULAR,
                               citizens=1, held_on=TODAY, project_id=denounced.cat_van), actor=elsewhere,
                               today=TODAY),
        lambda: record_session(demo_store, ReceptionSession(body="UBND xã Cát Văn", kind=SessionKind.REGULAR,
                               citizens=1, held_on=TODAY), actor=elsewhere, today=TODAY),
    )  # fmt: skip
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    (after,) = [
        s for s in reception_sessions(demo_store, actor=ADMIN) if s.id == denounced.session_id
    ]
    assert after.version == session.version and after.citizens == 3


def test_a_closed_project_refuses_petitions_and_reception_records_of_its_households(
    demo_store: Store, denounced: Denounced
) -> None:
    lone = record_session(demo_store, ReceptionSession(body=BODY, kind=SessionKind.REGULAR, citizens=3,
                          held_on=dt.date(2025, 3, 4)), actor=ADMIN, today=TODAY)  # fmt: skip
    close_project(demo_store, denounced.cat_van, actor=ADMIN, reason="Đã bàn giao mặt bằng")
    household = denounced.household.id
    writes: tuple[Callable[[], object], ...] = (
        # tied to the household only: its project is the household's
        lambda: record_petition(demo_store, petition(reference="TC-4/2025", household_id=household),
                                actor=ADMIN, today=TODAY),
        lambda: add_heard(demo_store, lone, CitizenHeard(raised="Hỏi", household_id=household), actor=ADMIN),
        lambda: add_heard(demo_store, denounced.session_id, CitizenHeard(raised="Hỏi"), actor=ADMIN),
        lambda: record_session(demo_store, ReceptionSession(body=BODY, kind=SessionKind.REGULAR, citizens=1,
                               held_on=TODAY, heard=(CitizenHeard(raised="Hỏi", household_id=household),)),
                               actor=ADMIN, today=TODAY),
    )  # fmt: skip
    for write in writes:
        with pytest.raises(InvalidRecord, match="đã đóng"):
            write()
    assert "TC-4/2025" not in {e.reference for e in petition_register(demo_store, actor=ADMIN)}
    assert session_citizens(demo_store, lone, actor=ADMIN) == []


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/1989", "01/01/2205"])
def test_a_register_row_with_an_absurd_year_is_refused_naming_the_row(
    store: Store, tmp_path: Path, day: str
) -> None:
    path = tmp_path / "so_don.csv"
    path.write_text("Số đơn,Ngày nhận,Loại đơn,Lĩnh vực,Nội dung,Ngày thụ lý\n"
                    "1,02/01/2025,Khiếu nại,Thủ tục,x,\n"
                    f"2,03/01/2025,Khiếu nại,Thủ tục,y,{day}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InvalidRecord, match=rf"Dòng 3: Ngày thụ lý là {day}, không phải"):
        import_petitions(store, path, body=BODY, actor=ADMIN, today=TODAY)
    with pytest.raises(InvalidRecord, match="không phải một ngày"):
        record_petition(store, petition(kind=PetitionKind.COMPLAINT, received_on=dt.date(1, 1, 1)),
                        actor=ADMIN, today=TODAY)  # fmt: skip
    assert petition_register(store, actor=ADMIN, today=TODAY) == []
    with pytest.raises(InvalidRecord, match="Ngày lên lịch là 01/01/0001"):
        record_session(store, ReceptionSession(body=BODY, kind=SessionKind.SCHEDULED, citizens=0,
                       planned_on=dt.date(1, 1, 1)), actor=ADMIN, today=TODAY)  # fmt: skip
    assert reception_sessions(store, actor=ADMIN) == []


def test_petitions_saved_at_once_with_the_same_number_get_a_sentence_naming_the_first(
    store: Store, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "postgis":  # both look before either saves: the database's unique index decides
        both_looked = threading.Barrier(2)
        looked = petitions_store.references

        def look_together(conn: object, body: str) -> set[str]:
            taken = looked(conn, body)  # type: ignore[arg-type]
            both_looked.wait(10)
            return taken

        monkeypatch.setattr(petitions_store, "references", look_together)

    def save(n: int) -> str:
        try:
            record_petition(store, petition(kind=PetitionKind.COMPLAINT, content=f"Đơn {n}"),
                            actor=operator(f"cb{n}"), today=TODAY)  # fmt: skip
        except InvalidRecord as refused:
            return str(refused)
        return "saved"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(save, range(2)))
    (entry,) = petition_register(store, actor=ADMIN, today=TODAY)
    assert outcomes[1] == "saved"
    assert outcomes[0] == (
        f"Số TC-1/2025 đã có trong sổ của {BODY}: đơn nhận ngày 03/03/2025 (Khiếu nại), do "
        f"{'cb0' if entry.content == 'Đơn 0' else 'cb1'} vào sổ. Hãy cho đơn này số tiếp theo còn trống."
    )


def test_registers_imported_at_once_with_the_same_numbers_get_the_numbers_taken_sentence(
    store: Store, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "so_don.csv"
    path.write_text("Số đơn,Ngày nhận,Loại đơn,Lĩnh vực,Nội dung\n1/2025,02/01/2025,Khiếu nại,Thủ tục,x\n"
                    "2/2025,03/01/2025,Khiếu nại,Thủ tục,y\n", encoding="utf-8")  # fmt: skip
    if backend == "postgis":  # both look before either saves: the unique index decides
        both_looked, first_looks = threading.Barrier(2), [1, 1]
        looked = petitions_store.references

        def look_together(conn: object, body: str) -> set[str]:
            taken = looked(conn, body)  # type: ignore[arg-type]
            if first_looks and first_looks.pop():
                both_looked.wait(10)
            return taken

        monkeypatch.setattr(petitions_store, "references", look_together)

    def load(n: int) -> str:
        try:
            import_petitions(store, path, body=BODY, actor=operator(f"cb{n}"), today=TODAY)
        except InvalidRecord as refused:
            return str(refused)
        return "saved"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(load, range(2)))
    assert outcomes == [
        f"Chưa nhập gì: các số đơn sau đã có trong sổ của {BODY}: 1/2025, 2/2025.",
        "saved",
    ]
    assert len(petition_register(store, actor=ADMIN, today=TODAY)) == 2
