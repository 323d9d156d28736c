"""On the phone's Field update page a field officer saves a status in error, corrects it at once
from “Sửa bản ghi vừa nhập” (prefilled), and the household's history shows both; another
officer is not offered the correction."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.compensation.payments import accounts
from consultations.concerns.service import ConcernStep, concerns_seen_by
from consultations.consent.service import consent_history
from consultations.core.access import Actor, Role, Scope
from consultations.core.database import open_store
from consultations.core.records import ConsentStatus
from consultations.projects.service import find_project

ROOT = Path(__file__).resolve().parents[2]
CORRECT = "Sửa bản ghi vừa nhập"


def field_update(url: str, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, Actor]:
    store = open_store(url)
    project = find_project(store, "cat-van-220kv")
    store.dispose()
    actor = Actor(name, Role.FIELD_OFFICER, (Scope(project.id),))
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / "field_update.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = actor
    app.run()
    app.text_input[0].input("CV03").run()
    assert not app.exception, app.exception
    return app, actor


def correction_offered(app: AppTest) -> bool:
    return any(e.label.startswith(CORRECT) for e in app.expander)


def test_a_field_officer_corrects_the_status_just_saved_in_error(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, lan = field_update(database, "lan", monkeypatch)
    assert not correction_offered(app)
    next(r for r in app.radio if r.label == "Trạng thái mới").set_value(ConsentStatus.REFUSED)
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

    store = open_store(database)
    household_id = int(str(app.radio[0].value))
    history = consent_history(store, household_id, actor=lan)
    store.dispose()
    wrong, correction = history[-2:]
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
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "compensation.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = thu
    app.session_state["compensation-section"] = "households"
    app.run()
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
    store = open_store(database)
    project = find_project(store, "cat-van-220kv")
    lan = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id),))
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "concerns.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = lan
    app.run()
    assert not app.exception, app.exception
    assert not correction_offered(app)
    concern_id = int(str(next(s for s in app.selectbox if s.label == "Ý kiến").value))
    before = next(c for c in concerns_seen_by(store, project.id, actor=lan) if c.id == concern_id)
    step = ConcernStep(str(next(r for r in app.radio if r.label == "Việc đã làm").value))
    next(b for b in app.button if b.label == "Lưu").click().run()
    assert not app.exception, app.exception
    assert correction_offered(app)
    next(c for c in app.checkbox if c.label == "Thực ra chưa có bước này").check()
    next(t for t in app.text_input if t.label == "Lý do sửa").input("chọn nhầm ý kiến")
    next(b for b in app.button if b.label == "Lưu điều chỉnh").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    after = next(c for c in concerns_seen_by(store, project.id, actor=lan) if c.id == concern_id)
    store.dispose()
    assert getattr(after, f"{step}_on") == getattr(before, f"{step}_on")
    assert after.version == before.version + 2  # the step, then its correction
