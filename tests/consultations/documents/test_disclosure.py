"""The disclosure ledger: which household received which document, when and how."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.rules import Attachment
from consultations.documents.service import add_document, disclose
from consultations.documents.store import disclosures_of, documents_of
from consultations.households.store import households_of
from consultations.projects.service import find_project

D = dt.date


def test_the_full_documents_reach_the_households_that_asked(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        asked = [h.id for h in households_of(conn, project.id)][6:]
    document = add_document(demo_store, project.id, kind="route_map", title="Hồ sơ tuyến đường dây",
                            issued_on=D(2024, 4, 1), actor=operator("t"),
                            file=Attachment("tuyen.pdf", b"%PDF route", "application/pdf"))  # fmt: skip
    disclose(demo_store, project.id, document, asked, delivered_on=D(2024, 4, 24), method="hand_delivered",
             actor=operator("t"), receipt=Attachment("bien-nhan.jpg", b"jpeg", "image/jpeg"), today=D(2024, 4, 24))  # fmt: skip
    with demo_store.read() as conn:
        ledger = disclosures_of(conn, project.id)
        documents = documents_of(conn, project.id)
    assert len(ledger) == 9 and set(ledger.title) == {"Hồ sơ tuyến đường dây"}
    route = documents[documents.kind == "route_map"].iloc[0]
    assert route.sha256 == "9bb0bdafa206559104fbe5d641345d2aa79fe4e1c79bc85b79a68f2007e5f32e"


@pytest.mark.parametrize(
    ("households", "method", "message"),
    [([], "hand_delivered", "hộ"), ([1], "pigeon", "pigeon")],
)
def test_a_delivery_needs_households_and_a_known_method(
    demo_store: Store, households: list[int], method: str, message: str
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    document = add_document(
        demo_store, project.id, kind="other", title="Thông báo", issued_on=None, actor=operator("t")
    )
    with pytest.raises(InvalidRecord, match=message):
        disclose(demo_store, project.id, document, households, delivered_on=D(2024, 4, 24), method=method,
                 actor=operator("t"), today=D(2024, 4, 24))  # fmt: skip
