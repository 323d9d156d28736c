"""A day of work is recorded as meant (issue 27, item 4): every form is keyed by the record it
shows, so a second save of the same record in one visit is not refused as "someone else changed
it", a field typed for one household is never saved on another, and an edit made meanwhile in
another session is still refused with what changed. Run by AppTest on both databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from consultations.commitments.service import add_commitment
from consultations.commitments.store import commitments_of
from consultations.concerns.service import ConcernStep, raise_concern
from consultations.concerns.store import concerns_of
from consultations.consent.store import consent_events_of
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.core.records import (
    Channel,
    CommitmentStatus,
    ConcernCategory,
    ConsentStatus,
)
from consultations.households.store import households_of
from consultations.projects.service import find_project
from translations import _, local_today

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Actor("admin", Role.ADMIN)
STALE = "Bản ghi này đã được sửa trong lúc bạn đang sửa"


@pytest.fixture
def url(demo_store: Store) -> Iterator[str]:
    """The demo database of each kind, as the app opens it; its cached store is closed after."""
    from ui.store import _store_for

    address = demo_store.engine.url.render_as_string(hide_password=False)
    yield address
    _store_for(address).dispose()


def page(name: str, url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / name), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = ADMIN
    app.run()
    assert not app.exception, app.exception
    return app


def labelled(elements: Any, label: str) -> Any:
    """The widget labelled ``label`` (in Vietnamese: the label's own text through the catalogue);
    of a form that edits, not of the form above it that adds a household with the same fields."""
    return next(
        e for e in elements
        if e.label == _(label) and not str(getattr(e, "key", "") or "").startswith("add-")
    )  # fmt: skip


def press(app: AppTest, label: str) -> None:
    labelled(app.button, label).click().run()
    assert not app.exception, app.exception


def save(
    app: AppTest, record: tuple[str, int], choice: tuple[str, Any], *typed: tuple[str, str]
) -> None:
    """Open the record (a select box's label and the record's id), choose in the form's radio,
    type in its text areas, and press "Save"."""
    labelled(app.selectbox, record[0]).set_value(record[1]).run()
    labelled(app.radio, choice[0]).set_value(choice[1])
    for label, text in typed:
        labelled(app.text_area, label).input(text)
    press(app, "Save")


def refusals(app: AppTest) -> list[str]:
    return [e.value for e in app.error]


def household(store: Store, code: str) -> Any:
    project = find_project(store, "cat-van-220kv")
    with store.read() as conn:
        return next(h for h in households_of(conn, project.id) if h.code == code)


def events(store: Store, code: str) -> list[Any]:
    project = find_project(store, "cat-van-220kv")
    with store.read() as conn:
        return consent_events_of(conn, project.id, household_id=household(store, code).id)


def field_update(url: str, monkeypatch: pytest.MonkeyPatch, query: str) -> AppTest:
    """Field update, with the households ``query`` finds."""
    app = page("field_update.py", url, monkeypatch)
    labelled(app.text_input, "Find a household: name, code or sheet/parcel").input(query).run()
    return app


def save_status(app: AppTest, status: ConsentStatus, note: str | None = None) -> None:
    """On Field update, choose ``status``, type ``note`` if one is given, and save (for a
    household that signed, with its withdrawal ticked, as the form asks)."""
    labelled(app.radio, "New status").set_value(status)
    withdrawn = [
        c for c in app.checkbox if c.label == _("The household withdraws its signed agreement")
    ]
    if withdrawn and status is not ConsentStatus.AGREED:
        withdrawn[0].check()
    if note is not None:
        labelled(app.text_input, "Note").input(note)
    press(app, "Save status")


def test_field_update_saves_informed_then_has_concerns_in_one_visit(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(events(demo_store, "CV05"))
    app = field_update(url, monkeypatch, "CV05")
    save_status(app, ConsentStatus.INFORMED)
    save_status(app, ConsentStatus.CONCERNS, "hỏi lại về giá")

    assert refusals(app) == [], refusals(app)  # the second save was not taken for someone else's
    after = events(demo_store, "CV05")
    assert [e.status for e in after[before:]] == [ConsentStatus.INFORMED, ConsentStatus.CONCERNS]
    assert after[-1].note == "hỏi lại về giá"
    assert labelled(app.text_input, "Note").value == ""  # the form starts afresh after a save


def test_a_note_saved_for_one_household_is_not_saved_on_the_next(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(events(demo_store, "CV02"))
    app = field_update(url, monkeypatch, "CV0")
    labelled(app.radio, "Household").set_value(household(demo_store, "CV01").id).run()
    save_status(app, ConsentStatus.AGREED, "biên bản để ở UBND xã")
    assert events(demo_store, "CV01")[-1].note == "biên bản để ở UBND xã"

    labelled(app.radio, "Household").set_value(household(demo_store, "CV02").id).run()
    assert labelled(app.text_input, "Note").value == ""  # the other household's note stayed there
    save_status(app, ConsentStatus.AGREED)  # no photo, no note
    assert any("Đồng thuận cần có văn bản đã ký" in e for e in refusals(app)), refusals(app)
    assert len(events(demo_store, "CV02")) == before  # refused by the rule: nothing recorded


def test_the_concern_page_acknowledges_then_answers_one_concern(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    concern = raise_concern(
        demo_store, project.id, household_id=household(demo_store, "CV03").id,
        category=ConcernCategory.COMPENSATION_PRICE, channel=Channel.HOUSEHOLD_VISIT,
        text="Hỏi về đơn giá cây trồng", received_on=local_today(), actor=operator("test"),
    )  # fmt: skip
    app = page("concerns.py", url, monkeypatch)
    save(app, ("Concern", concern), ("What happened", ConcernStep.ACKNOWLEDGED))
    save(app, ("Concern", concern), ("What happened", ConcernStep.ANSWERED),
         ("Answer (when answering)", "Áp dụng đơn giá năm 2024"))  # fmt: skip

    assert refusals(app) == [], refusals(app)
    with demo_store.read() as conn:
        row = concerns_of(conn, project.id).set_index("id").loc[concern]
    assert row.acknowledged_on == local_today() and row.answered_on == local_today()
    assert row.answer == "Áp dụng đơn giá năm 2024" and row.version == 3


def test_two_edits_of_a_household_in_one_visit_are_both_saved(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page("households.py", url, monkeypatch)
    labelled(app.selectbox, "Open a household").set_value(household(demo_store, "CV04").id).run()
    labelled(app.text_input, "Phone").input("0912 345 678")
    press(app, "Save details")
    labelled(app.text_input, "Village").input("Xóm Mới")
    press(app, "Save details")

    assert refusals(app) == [], refusals(app)
    after = household(demo_store, "CV04")
    assert (after.phone, after.village) == ("0912 345 678", "Xóm Mới")
    assert labelled(app.text_input, "Village").value == "Xóm Mới"  # the form shows what was saved


def test_two_edits_of_a_commitment_in_one_visit_are_both_saved(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    promise = add_commitment(
        demo_store, project.id, text="Đo lại ranh giới thửa 12/45", promised_by="UBND xã",
        due_on=local_today() + dt.timedelta(days=10), actor=operator("test"),
    )  # fmt: skip
    app = page("commitments.py", url, monkeypatch)
    save(app, ("Commitment", promise), ("Status", CommitmentStatus.DONE))
    save(app, ("Commitment", promise), ("Status", CommitmentStatus.CANCELLED))

    assert refusals(app) == [], refusals(app)
    with demo_store.read() as conn:
        row = commitments_of(conn, project.id).set_index("id").loc[promise]
    assert row.status == "cancelled" and row.version == 3


def test_an_edit_from_a_second_session_meanwhile_is_still_refused_with_what_changed(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = household(demo_store, "CV06").id
    first, second = (page("households.py", url, monkeypatch) for _n in range(2))
    for app in (first, second):
        labelled(app.selectbox, "Open a household").set_value(target).run()
    labelled(first.text_input, "Phone").input("0988 111 222")
    press(first, "Save details")
    labelled(second.text_input, "Village").input("Xóm Trên")
    press(second, "Save details")

    assert any(STALE in e for e in refusals(second)), refusals(second)
    assert any("0988 111 222" in e for e in refusals(second))  # it says what changed
    after = household(demo_store, "CV06")
    assert after.phone == "0988 111 222" and after.village != "Xóm Trên"
    assert labelled(second.text_input, "Village").value == "Xóm Trên"  # what was typed stays
