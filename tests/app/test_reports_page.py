"""The Reports page: the monthly report, minutes and exports offered for download, and logged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.audit.store import latest_audit_id
from consultations.core.access import Actor, Role, operator
from consultations.core.database import open_store
from consultations.jobs.model import JobStatus
from consultations.jobs.worker import run_next

ROOT = Path(__file__).resolve().parents[2]


def test_preparing_the_monthly_report_offers_it_and_logs_it(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    store = open_store(database)
    with store.read() as conn:
        before = latest_audit_id(conn)
    app = AppTest.from_file(str(ROOT / "app_pages" / "reports.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)  # signed in (ui/session.py)
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Báo cáo"
    months = app.selectbox[1].options
    assert "03/2024" in months  # months back to the project's cut-off date, as people write them
    assert not [m for m in months if "-" in m]  # never "2024-03"
    app.selectbox[1].select(dt.date(2024, 4, 1))
    app.button(key="report-xlsx").click().run()
    assert not app.exception, app.exception
    assert any(b.label == "Hủy việc này" for b in app.button)  # queued: the worker builds it
    assert run_next(store, actor=operator("worker")) is JobStatus.DONE
    with store.read() as conn:
        assert latest_audit_id(conn) == before + 1
    app.run()  # the page reads the job again (a reload, or another server, shows the same)
    assert not app.exception, app.exception
    assert any(c.value.startswith("Báo cáo tháng số") for c in app.caption)
    assert [s.value.replace("\\", "") for s in app.success] == [
        "Đã xong: bao-cao-cat-van-220kv-2024-04.xlsx"  # markdown's escapes taken out
    ]
    assert "Tải về" in [d.proto.label for d in app.get("download_button")]
    store.dispose()


def test_the_projects_data_is_written_by_the_worker_and_offered_with_its_rows(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    store = open_store(database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "reports.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.run()
    next(b for b in app.button if b.label == "Chuẩn bị tệp xuất").click().run()
    assert not app.exception, app.exception
    assert any(b.label == "Hủy việc này" for b in app.button)  # queued: the worker writes it
    assert run_next(store, actor=operator("worker")) is JobStatus.DONE
    app.run()
    assert not app.exception, app.exception
    offered = [d.proto.label for d in app.get("download_button")]
    assert any(label.startswith("Tải về (") for label in offered), offered
    store.dispose()
