"""A signed agreement is never undone by a tap: the phone's status form opens on where the
household stands, and any other status for a household that signed needs "withdraws" ticked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.consent.model import current_status
from consultations.consent.service import consent_history
from consultations.core.access import Actor, Role
from consultations.core.database import Store
from consultations.core.records import ConsentStatus
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Actor("admin", Role.ADMIN)


def _status(store: Store, code: str) -> tuple[ConsentStatus, int]:
    project = find_project(store, "cat-van-220kv")
    household = next(
        h for h in households_seen_by(store, project.id, actor=ADMIN) if h.code == code
    )
    history = consent_history(store, household.id, actor=ADMIN)
    return current_status(history), len(history)


@pytest.fixture
def url(demo_store: Store) -> Iterator[str]:
    """The demo database of each kind, as the app opens it; its cached store is closed after
    (else its connections are left to the garbage collector, in whichever test runs then)."""
    from ui.store import _store_for

    address = demo_store.engine.url.render_as_string(hide_password=False)
    yield address
    _store_for(address).dispose()


def test_a_signed_household_keeps_its_agreement_until_the_withdrawal_is_ticked(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, events = _status(demo_store, "CV03")
    assert before is ConsentStatus.AGREED
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / "field_update.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = ADMIN
    app.run()
    app.text_input[0].input("CV03").run()
    status = next(r for r in app.radio if r.label == "Trạng thái mới")
    assert status.value is ConsentStatus.AGREED  # it opens on where the household stands

    status.set_value(ConsentStatus.CONCERNS)
    save = next(b for b in app.button if b.label == "Lưu trạng thái")
    save.click().run()
    assert not app.exception, app.exception
    assert any("CV03 đã ký đồng thuận" in e.value and "Chưa có gì được lưu" in e.value
               for e in app.error)  # fmt: skip
    assert _status(demo_store, "CV03") == (ConsentStatus.AGREED, events)
    assert next(r for r in app.radio if r.label == "Trạng thái mới").value is ConsentStatus.CONCERNS

    next(c for c in app.checkbox if c.label == "Hộ rút lại thỏa thuận đã ký").check()
    next(b for b in app.button if b.label == "Lưu trạng thái").click().run()
    assert not app.exception, app.exception
    assert _status(demo_store, "CV03") == (ConsentStatus.CONCERNS, events + 1)
