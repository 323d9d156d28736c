"""The field package page's review: a chair sees both sides of a clash and chooses which stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.consent.model import current_status
from consultations.consent.service import consent_history, record_consent
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store, open_store
from consultations.core.records import ConsentStatus
from consultations.fieldwork.layout import CONSENT
from consultations.fieldwork.service import import_field_package, prepare_field_package
from consultations.jobs.model import JobStatus
from consultations.jobs.service import queue_field_return
from consultations.jobs.worker import run_next
from consultations.projects.service import find_project
from tests.consultations.fieldwork.test_field_packages import (
    ADMIN,
    DAY,
    add_rows,
    consent_row,
    exported,
    mine,
    officer,
    zipped,
)
from tests.consultations.jobs.test_jobs import signed_in

ROOT = Path(__file__).resolve().parents[2]


def page_as(page: str, database: str, actor: Actor, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """``page`` run once on Cát Văn as ``actor`` (an account of the database: its jobs are its)."""
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=90)
    for key, value in {"project_slug": "cat-van-220kv", "actor": actor}.items():
        app.session_state[key] = value
    return app.run()


def asked_and_done(app: AppTest, store: Store, button: str) -> AppTest:
    """Click ``button``: the work is queued (it can be cancelled, nothing to download yet); the
    worker does it; the page's next run (a reload, another server) shows its result."""
    next(b for b in app.button if b.label == button).click().run()
    assert not app.exception, app.exception
    assert any(b.label == "Hủy việc này" for b in app.button)
    assert not app.get("download_button")
    assert run_next(store, actor=operator("worker")) is JobStatus.DONE
    app.run()
    assert not app.exception, app.exception
    return app


def test_a_chair_chooses_which_of_two_clashing_statuses_stands_on_the_page(
    database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = open_store(database)
    project = find_project(store, "cat-van-220kv")
    lan = officer(project)
    household = mine(store, project, lan)[-1]
    folder = exported(store, project, tmp_path / "phone", lan)
    add_rows(folder, CONSENT, [consent_row(household, "agreed", note="Giấy ở UBND xã")])
    record_consent(store, household.id, ConsentStatus.REFUSED, DAY,
                   seen_version=household.version, actor=ADMIN, note="Ở văn phòng")  # fmt: skip
    assert import_field_package(store, zipped(folder, tmp_path / "r.zip"), actor=lan).clashes

    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "field_package.py"), default_timeout=90)
    app.session_state["project_slug"] = project.slug
    app.session_state["actor"] = Actor("chu-tich", Role.CHAIR)
    app.run()
    assert not app.exception, app.exception
    shown = [w.value for w in app.warning] + [m.value for m in app.markdown]
    text = " ".join(shown).replace("\\", "")  # markdown's escapes
    assert household.code in text
    assert ConsentStatus.AGREED.label in text and ConsentStatus.REFUSED.label in text
    (choice,) = app.radio
    assert set(choice.options) == {ConsentStatus.AGREED.label, ConsentStatus.REFUSED.label}
    choice.set_value(ConsentStatus.AGREED)
    next(b for b in app.button if b.label == "Chọn: giữ tình trạng này").click()
    app.run()
    assert not app.exception, app.exception
    history = consent_history(store, household.id, actor=ADMIN)
    assert current_status(history) is ConsentStatus.AGREED
    assert history[-1].recorded_by == "chu-tich"
    store.dispose()


def test_a_package_brought_back_is_saved_by_the_worker_and_the_page_follows_it(
    database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = open_store(database)
    project = find_project(store, "cat-van-220kv")
    tram = signed_in(store, "tram", Role.FIELD_OFFICER)
    household = mine(store, project, tram)[0]
    folder = exported(store, project, tmp_path / "phone", tram)
    add_rows(folder, CONSENT, [consent_row(household, "refused", note="Chưa đồng ý giá")])
    package = prepare_field_package(store, zipped(folder, tmp_path / "r.zip"), actor=tram)
    job = queue_field_return(store, package, actor=tram, key="tram-1")

    app = page_as("field_package.py", database, tram, monkeypatch)
    app.session_state["field-section"] = "bring"
    app.run()
    assert [b.label for b in app.button if b.label == "Hủy việc này"]  # waiting: it can be stopped
    assert run_next(store, actor=operator("worker")) is JobStatus.DONE
    app.run()  # a reload, or another server: the same job, now done
    assert not app.exception, app.exception
    assert any(f"số {job}" in c.value for c in app.caption)
    assert any("Đã lưu: 1 lần ghi ý kiến đồng thuận" in s.value for s in app.success)
    assert consent_history(store, household.id, actor=tram)[-1].status is ConsentStatus.REFUSED
    store.dispose()


def test_an_officers_package_is_made_by_the_worker_and_offered_on_the_page(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    vy = signed_in(store, "vy", Role.FIELD_OFFICER)
    app = asked_and_done(page_as("field_package.py", database, vy, monkeypatch), store,
                         "Chuẩn bị gói")  # fmt: skip
    assert any(s.value.startswith("Gói đã sẵn sàng") for s in app.success)
    assert [d.proto.label for d in app.get("download_button")] == ["Tải gói về"]
    store.dispose()
