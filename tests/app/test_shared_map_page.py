"""The Overview page's map to share: asked for on the page, drawn by the worker, offered for
download on the page's next run (any server, any reload)."""

from __future__ import annotations

import pytest

from consultations.core.access import Role
from consultations.core.database import open_store
from tests.app.test_field_package_page import asked_and_done, page_as
from tests.consultations.jobs.test_jobs import signed_in


def test_the_map_to_share_is_drawn_by_the_worker_and_offered_on_the_page(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    chair = signed_in(store, "chu-tich-ban-do", Role.CHAIR)
    app = asked_and_done(page_as("overview.py", database, chair, monkeypatch), store, "Tạo bản đồ")
    assert any(c.value.startswith("Bản đồ để chia sẻ số") for c in app.caption)
    assert "Tải bản đồ" in [d.proto.label for d in app.get("download_button")]
    store.dispose()
