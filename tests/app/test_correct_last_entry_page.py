"""On the phone's Field update page a field officer saves a status in error, corrects it at once
from “Sửa bản ghi vừa nhập” (prefilled), and the household's history shows both; another
officer is not offered the correction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.compensation.payments import accounts
from consultations.concerns.service import ConcernStep, concerns_seen_by
from consultations.consent.service import consent_history, record_consent
from consultations.core.access import Actor, Role, Scope
from consultations.core.database import Store, open_store
from consultations.core.records import ConsentStatus, MeetingKind, Project
from consultations.households.service import households_seen_by
from consultations.meetings.service import MeetingRecord, log_meeting, project_meetings
from consultations.projects.service import find_project
from translations import LOCAL_TZ, local_today

ROOT = Path(__file__).resolve().parents[2]
CORRECT = "Sửa bản ghi vừa nhập"


def page(
    name: str, url: str, actor: Actor, monkeypatch: pytest.MonkeyPatch, **state: object
) -> AppTest:
    """``name`` of app_pages run as ``actor`` on Cat Van, with ``state`` set first."""
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / name), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = actor
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def officer_on(url: str, name: str) -> tuple[Store, Project, Actor]:
    """The store, Cat Van, and a field officer of the whole project."""
    store = open_store(url)
    project = find_project(store, "cat-van-220kv")
    return store, project, Actor(name, Role.FIELD_OFFICER, (Scope(project.id),))


def save_correction(app: AppTest, reason: str) -> None:
    """Give the reason in the open correction form and save it; nothing is refused."""
    next(t for t in app.text_input if t.label == "Lý do sửa").input(reason)
    next(b for b in app.button if b.label == "Lưu điều chỉnh").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]


def field_update(url: str, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, Actor]:
    store, _project, actor = officer_on(url, name)
    store.dispose()
    app = page("field_update.py", url, actor, monkeypatch)
    app.text_input[0].input("CV03").run()
    assert not app.exception, app.exception
    return app, actor


def correction_offered(app: AppTest, open_it: bool = True) -> bool:
    """Whether the switch “Sửa bản ghi vừa nhập” is on the page (and then switch it on)."""
    found = [t for t in app.toggle if t.label.startswith(CORRECT)]
    if found and open_it:
        found[0].set_value(True).run()
        assert not app.exception, app.exception
    return bool(found)


def test_a_field_officer_corrects_the_status_just_saved_in_error(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, lan = field_update(database, "lan", monkeypatch)
    assert not correction_offered(app)
    next(r for r in app.radio if r.label == "Trạng thái mới").set_value(ConsentStatus.REFUSED)
    next(c for c in app.checkbox if c.label == "Hộ rút lại thỏa thuận đã ký").check()  # CV03 signed
    next(b for b in app.button if b.label == "Lưu trạng thái").click().run()
    assert not app.exception, app.exception
    assert correction_offered(app)
    fixed = next(r for r in app.radio if r.label == "Trạng thái đúng")
    assert fixed.value is ConsentStatus.REFUSED  # prefilled with the entry it corrects
    fixed.set_value(ConsentStatus.INFORMED)
    next(t for t in app.text_input if t.label == "Lý do sửa").input("bấm nhầm nút")
    next(b for b in app.button if b.label == "Lưu điều chỉnh").click().run()
    assert not app.exception, app.exception
    said = [s.value.replace("\\", "") for s in app.success]  # shown as plain text, escaped
    assert said == ["Đã sửa: hộ CV03 nay là “Đã được thông tin”."]
    assert not app.error
    assert not app.warning, [w.value for w in app.warning]  # her own correction, not another's

    # The visit goes on: the next status saved in the same tab is hers too, not refused as stale.
    next(r for r in app.radio if r.label == "Trạng thái mới").set_value(ConsentStatus.CONCERNS)
    next(b for b in app.button if b.label == "Lưu trạng thái").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    said = [s.value.replace("\\", "") for s in app.success]
    assert said == ["Đã lưu: hộ CV03 hiện là “Còn băn khoăn”."]

    store = open_store(database)
    household_id = int(str(app.radio[0].value))
    history = consent_history(store, household_id, actor=lan)
    store.dispose()
    wrong, correction, later = history[-3:]
    assert later.status is ConsentStatus.CONCERNS
    assert (wrong.status, correction.status) == (ConsentStatus.REFUSED, ConsentStatus.INFORMED)
    assert (correction.corrects_id, correction.correction_reason) == (wrong.id, "bấm nhầm nút")

    other, _hung = field_update(database, "hung", monkeypatch)
    assert not correction_offered(other)


def test_a_cashier_corrects_the_amount_just_paid_and_the_account_counts_it(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    project = find_project(store, "cat-van-220kv")
    thu = Actor("thu", Role.ADMIN)
    owed = next(a for a in accounts(store, project.id, actor=thu) if a.outstanding_vnd >= 2_000_000)
    app = page(
        "compensation.py", database, thu, monkeypatch, **{"compensation-section": "households"}
    )
    next(s for s in app.selectbox if s.label == "Hộ").set_value(owed.household_id).run()
    assert not correction_offered(app)
    next(t for t in app.text_input if t.label == "Số tiền (đ)").input("100.000")
    next(t for t in app.text_input if t.label == "Số phiếu chi hoặc chứng từ").input("PC-SUA-1")
    next(b for b in app.button if b.label == "Lưu khoản chi trả").click().run()
    next(b for b in app.button if b.label == "Xác nhận: ghi khoản chi trả này").click().run()
    assert not app.exception, app.exception
    assert correction_offered(app)
    amounts = [t for t in app.text_input if t.label == "Số tiền (đ)"]
    assert amounts[-1].value == "100.000"  # prefilled with the entry it corrects
    amounts[-1].input("1.000.000")
    next(t for t in app.text_input if t.label == "Lý do sửa").input("gõ thiếu một số 0")
    next(b for b in app.button if b.label == "Lưu điều chỉnh").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]

    def paid() -> int:
        return next(a.paid_vnd for a in accounts(store, project.id, actor=thu)
                    if a.household_id == owed.household_id)  # fmt: skip

    assert paid() == owed.paid_vnd + 1_000_000
    ledger = next(d.value for d in app.dataframe if "Ghi chú" in d.value.columns)
    notes = list(ledger["Ghi chú"])
    assert "(đã được sửa bằng bản ghi sau, không còn tính)" in notes  # both entries shown
    assert "(sửa bản ghi trước, lý do: gõ thiếu một số 0)" in notes
    store.dispose()


def test_an_officer_undoes_the_concern_step_just_marked_in_error(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, project, lan = officer_on(database, "lan")
    app = page("concerns.py", database, lan, monkeypatch)
    assert not correction_offered(app)
    concern_id = int(str(next(s for s in app.selectbox if s.label == "Ý kiến").value))
    before = next(c for c in concerns_seen_by(store, project.id, actor=lan) if c.id == concern_id)
    step = ConcernStep(str(next(r for r in app.radio if r.label == "Việc đã làm").value))
    next(b for b in app.button if b.label == "Lưu").click().run()
    assert not app.exception, app.exception
    assert correction_offered(app)
    next(c for c in app.checkbox if c.label == "Thực ra chưa có bước này").check()
    save_correction(app, "chọn nhầm ý kiến")
    after = next(c for c in concerns_seen_by(store, project.id, actor=lan) if c.id == concern_id)
    store.dispose()
    assert getattr(after, f"{step}_on") == getattr(before, f"{step}_on")
    assert after.version == before.version + 2  # the step, then its correction


def test_an_officer_corrects_the_kind_of_the_meeting_just_logged(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, project, lan = officer_on(database, "lan")
    held_at = dt.datetime.combine(local_today(), dt.time(8), tzinfo=LOCAL_TZ)
    record = MeetingRecord(kind=MeetingKind.PRE_NOTICE, held_at=held_at, place="Nhà văn hóa xóm 3",
                           chair_name="Chủ tịch xã")  # fmt: skip
    meeting_id = log_meeting(store, project.id, record, actor=lan)
    # as the log form leaves it after the save:
    app = page("meetings.py", database, lan, monkeypatch, **{"meeting-just-logged": meeting_id})
    assert correction_offered(app)
    kinds = [s for s in app.selectbox if s.label == "Loại"]
    kinds[0].set_value(MeetingKind.DIALOGUE)  # the correction's, above the log form's
    save_correction(app, "chọn nhầm loại cuộc họp")
    shown = next(m for m in project_meetings(store, project.id, actor=lan) if m.id == meeting_id)
    store.dispose()
    assert shown.kind is MeetingKind.DIALOGUE


def test_the_household_history_offers_the_correction_and_marks_both_entries(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, project, lan = officer_on(database, "lan")
    household = next(
        h for h in households_seen_by(store, project.id, actor=lan) if h.code == "CV04"
    )
    record_consent(store, household.id, ConsentStatus.REFUSED, local_today(),
                   seen_version=household.version, actor=lan)  # fmt: skip
    store.dispose()
    app = page("households.py", database, lan, monkeypatch, household_query="CV04")
    assert correction_offered(app)
    next(r for r in app.radio if r.label == "Trạng thái đúng").set_value(ConsentStatus.INFORMED)
    save_correction(app, "ghi nhầm hộ")
    history = next(d.value for d in app.dataframe if "Nội dung" in d.value.columns)
    said = " ".join(map(str, history["Nội dung"]))
    assert "Không đồng ý · (đã được sửa bằng bản ghi sau, không còn tính)" in said
    assert "Đã được thông tin · (sửa bản ghi trước, lý do: ghi nhầm hộ)" in said
