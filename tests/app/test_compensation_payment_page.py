"""The payment form, run by AppTest on the demo database: an amount typed the Vietnamese way is read
back in words, and recorded only after the confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.compensation.payments import accounts
from consultations.core.access import Actor, Role, operator
from consultations.core.database import open_store
from consultations.projects.service import find_project

ROOT = Path(__file__).resolve().parents[2]


def test_150_000_000_typed_in_the_payment_form_records_150_000_000_dong_after_the_confirm(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    project = find_project(store, "cat-van-220kv")
    owed = next(
        a
        for a in accounts(store, project.id, actor=operator("t"))
        if a.outstanding_vnd >= 150_000_000
    )
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "compensation.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.session_state["compensation-section"] = "households"
    app.run()
    next(s for s in app.selectbox if s.label == "Hộ").set_value(owed.household_id).run()
    assert not app.exception, app.exception
    next(t for t in app.text_input if t.label == "Số tiền (đ)").input("150.000.000")
    next(t for t in app.text_input if t.label == "Số phiếu chi hoặc chứng từ").input("PC-APP-150")
    next(b for b in app.button if b.label == "Lưu khoản chi trả").click().run()
    assert not app.exception, app.exception
    told = " ".join(i.value for i in app.info)
    assert "150.000.000 đ (Một trăm năm mươi triệu đồng)" in told and owed.household_code in told

    def paid() -> int:
        return next(a.paid_vnd for a in accounts(store, project.id, actor=operator("t"))
                    if a.household_id == owed.household_id)  # fmt: skip

    assert paid() == owed.paid_vnd  # nothing saved before the confirm
    next(b for b in app.button if b.label == "Xác nhận: ghi khoản chi trả này").click().run()
    assert not app.exception, app.exception
    assert paid() == owed.paid_vnd + 150_000_000
    assert not [b for b in app.button if b.label == "Xác nhận: ghi khoản chi trả này"]
    store.dispose()
