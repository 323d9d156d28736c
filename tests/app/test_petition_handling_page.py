"""The register's "Xử lý tiếp" (further handling) part, in Vietnamese: a step recorded from the page
moves the petition's deadline and shows in its history; those who may not record see no form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, operator
from consultations.core.database import open_store
from consultations.core.records import Channel, ConcernCategory
from consultations.petitions.handling import StepKind, petition_steps
from consultations.petitions.model import FilerKind, PetitionKind
from consultations.petitions.service import NewPetition, petition_register, record_petition
from tests.app.test_every_page_as_every_role import page_text

ROOT = Path(__file__).resolve().parents[2]
ADMIN = operator("t")
BODY = "UBND xã Hoà Thịnh"
RECEIVED = dt.date(2026, 11, 2)  # a Monday: 10 days end on Thursday 12/11/2026


@pytest.fixture(scope="module")
def petition_id(database: str) -> int:
    store = open_store(database)
    new = NewPetition(body=BODY, reference="HT-1/2026", received_on=RECEIVED, channel=Channel.WRITTEN_PETITION,
                      filer_kind=FilerKind.ONE, kind=PetitionKind.COMPLAINT, category=ConcernCategory.OTHER,
                      content="Đề nghị xem lại ranh giới thửa đất", eligible=False)  # fmt: skip
    found = record_petition(store, new, actor=ADMIN)
    store.dispose()
    return found


def _page(database: str, actor: Actor, monkeypatch: pytest.MonkeyPatch, **state: object) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "petitions.py"), default_timeout=120)
    app.session_state["actor"] = actor
    app.session_state["petitions-section"] = "register"
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def test_a_petition_found_eligible_on_the_page_gets_its_acceptance_deadline(
    database: str, petition_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _page(database, ADMIN, monkeypatch, **{"handle-petition": petition_id})
    assert "Xử lý tiếp" in [h.value for h in app.subheader]
    assert "không đủ điều kiện xử lý" in page_text(app)
    (eligible,) = [r for r in app.radio if r.label == "Đủ điều kiện xử lý"]
    eligible.set_value(True)
    (save,) = [b for b in app.button if b.label == "Ghi bước xử lý"]
    save.click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    text = page_text(app)
    assert "đã ghi bước “Điều kiện xử lý”" in text
    assert "hạn thụ lý 12/11/2026" in text  # the clock started by the step
    store = open_store(database)
    (entry,) = [e for e in petition_register(store, actor=ADMIN) if e.id == petition_id]
    (step,) = petition_steps(store, petition_id, actor=ADMIN)
    store.dispose()
    assert (entry.eligible, entry.accept_by) == (True, dt.date(2026, 11, 12))
    assert (step.step, step.accept_by, step.recorded_by) == (
        StepKind.ELIGIBILITY,
        dt.date(2026, 11, 12),
        "t",
    )


def test_a_viewer_sees_no_further_handling(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _page(database, Actor("v", Role.VIEWER), monkeypatch)
    assert "Xử lý tiếp" not in page_text(app)
