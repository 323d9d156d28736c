"""A household's consent to be contacted and its messages' states, on its file (AppTest)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from consultations.core.access import Actor, Role
from consultations.core.database import Store
from tests.app.test_household_record_page import field, households_page, press


@pytest.fixture
def url(demo_store: Store) -> Iterator[str]:
    from ui.store import _store_for

    address = demo_store.engine.url.render_as_string(hide_password=False)
    yield address
    _store_for(address).dispose()


def test_an_officer_records_consent_and_the_file_says_so(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = households_page(url, Actor("admin", Role.ADMIN), monkeypatch)
    assert "Liên lạc và tin nhắn" in [h.value for h in app.subheader]
    field(app.text_input, "contact", "E-mail address or phone number").input("dan@example.vn")
    press(app, "Save consent")
    assert any("dan@example.vn" in m.value for m in app.markdown)


def test_a_chair_reads_the_consent_without_a_form(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = households_page(url, Actor("chair", Role.CHAIR), monkeypatch)
    assert "Liên lạc và tin nhắn" in [h.value for h in app.subheader]
    assert not [b for b in app.button if b.label == "Lưu" and "contact" in str(b.key)]
