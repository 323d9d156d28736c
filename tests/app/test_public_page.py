"""A project's public page, run by AppTest without anyone signed in: what the project is, its
figures with small counts hidden, its public map, and following a matter by reference and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.concerns.receipts import issue_concern_receipt
from consultations.concerns.service import raise_concern
from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.core.records import Channel, ConcernCategory
from consultations.projects.service import find_project
from consultations.reporting.tracking import WRONG_PAIRS
from tests.fixtures import sqlite_copy
from translations import local_today

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = sqlite_copy("demo", tmp_path, "app.sqlite")
    monkeypatch.setenv("DATABASE_URL", url)
    WRONG_PAIRS.clear()
    return url


def public_page(slug: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app_pages" / "public.py"), default_timeout=60)
    app.query_params["project"] = slug  # nobody signed in: no actor in the session
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_public_page_says_what_the_project_is_with_its_figures(demo_database: str) -> None:
    app = public_page("hung-nguyen-vsip")
    assert "VSIP" in app.title[0].value
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Hộ bị ảnh hưởng"] == "40" and metrics["Hộ đã đồng thuận (đã ký)"] == "12"
    assert "Cách gửi ý kiến hoặc đơn thư" in [h.value for h in app.subheader]


def test_an_unknown_project_is_said_without_listing_the_others(demo_database: str) -> None:
    app = public_page("no-such")
    assert "cat-van" not in app.error[0].value and "Không có dự án" in app.error[0].value


def test_a_citizen_follows_a_concern_with_the_receipt_and_a_wrong_key_says_nothing(
    demo_database: str,
) -> None:
    store = open_store(demo_database)
    project = find_project(store, "cat-van-220kv")
    admin = operator("t")
    concern_id = raise_concern(store, project.id, household_id=None, category=ConcernCategory.DOCUMENTS,
                               channel=Channel.HOUSEHOLD_VISIT, text="Xin hồ sơ", actor=admin,
                               received_on=local_today() - dt.timedelta(days=1))  # fmt: skip
    receipt = issue_concern_receipt(store, concern_id, project.id, actor=admin)
    app = public_page("cat-van-220kv")
    app.text_input[0].input(receipt.reference)
    app.text_input[1].input("AAAA-BBBB")
    app.button[0].click().run()
    assert "Không có hồ sơ nào" in app.error[0].value
    app.text_input[1].input(receipt.key)
    app.button[0].click().run()
    assert app.success[0].value.startswith(receipt.reference)


def test_an_officer_prints_a_receipt_whose_pair_opens_the_matter_on_the_public_page(
    demo_database: str,
) -> None:
    from consultations.core.access import Actor, Role

    app = AppTest.from_file(str(ROOT / "app_pages" / "concerns.py"), default_timeout=60)
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.run()
    assert not app.exception, app.exception
    next(b for b in app.button if b.label == "In giấy biên nhận (mã tra cứu mới)").click().run()
    assert not app.exception, app.exception
    shown = next(m.value for m in app.markdown if "Giấy biên nhận" in m.value)
    reference, key = (part.split("**")[1] for part in shown.split("·")[1:])
    public = public_page("cat-van-220kv")  # a reference is one matter's, whichever page
    public.text_input[0].input(reference)
    public.text_input[1].input(key)
    public.button[0].click().run()
    assert public.success[0].value.startswith(reference)


def test_a_petition_saved_shows_its_receipt_once_with_the_qr_code(demo_database: str) -> None:
    from consultations.core.access import Actor, Role

    app = AppTest.from_file(str(ROOT / "app_pages" / "petitions.py"), default_timeout=60)
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.session_state["petitions-section"] = "register"
    app.run()
    assert not app.exception, app.exception

    def box(label: str) -> object:
        return next(e for e in (*app.text_input, *app.text_area) if e.label == label)

    box("Cơ quan tiếp nhận").input("UBND xã Cát Văn")  # type: ignore[attr-defined]
    box("Số đơn trong sổ").input("88/2026")  # type: ignore[attr-defined]
    box("Nội dung đơn").input("Đề nghị xem lại giá đất")  # type: ignore[attr-defined]
    next(b for b in app.button if b.label == "Lưu đơn thư").click().run()
    assert not app.exception, app.exception
    shown = next(m.value for m in app.markdown if "Giấy biên nhận" in m.value)
    reference, key = (part.split("**")[1] for part in shown.split("·")[1:])
    assert reference.startswith("DT-") and app.get("image")  # the QR code beside it
    app.run()  # shown once: the key is not kept for the next run
    assert not [m for m in app.markdown if "Giấy biên nhận" in m.value]
    public = public_page("cat-van-220kv")
    public.text_input[0].input(reference)
    public.text_input[1].input(key)
    public.button[0].click().run()
    assert public.success[0].value.startswith(reference)
