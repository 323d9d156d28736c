"""The public page's read model: public facts only, small counts hidden, nothing personal."""

from __future__ import annotations

import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.public_page import (
    PAGE_VIEWS,
    VIEWS_PER_WINDOW,
    public_address,
    public_project_page,
    qr_svg,
    small_count,
)
from consultations.reporting.tracking import TooManyTries


@pytest.fixture(autouse=True)
def _no_views_remembered() -> None:
    PAGE_VIEWS.clear()


@pytest.mark.parametrize(("n", "shown"), [(0, "dưới 5"), (4, "dưới 5"), (5, "5"), (40, "40")])
def test_a_count_under_5_is_said_as_fewer_than_5(n: int, shown: str) -> None:
    assert small_count(n) == shown


def test_the_public_page_carries_no_name_phone_or_id_number(demo_store: Store) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    page = public_project_page(demo_store, "hung-nguyen-vsip", client="x")
    text = repr(page)
    for household in households_seen_by(demo_store, project.id, actor=operator("t")):
        for personal in (household.head_name, household.phone, household.id_number):
            assert not personal or personal not in text, personal
    assert dict(page.figures)["Hộ bị ảnh hưởng"] == "40"


def test_one_client_viewing_too_often_is_slowed(demo_store: Store) -> None:
    for _ in range(VIEWS_PER_WINDOW):
        PAGE_VIEWS.failed("busy")
    with pytest.raises(TooManyTries):
        public_project_page(demo_store, "cat-van-220kv", client="busy")


def test_the_qr_code_leads_to_the_public_page() -> None:
    address = public_address("cat-van-220kv", "https://clearway.example.gov.vn/")
    assert address == "https://clearway.example.gov.vn/public?project=cat-van-220kv"
    assert qr_svg(address).startswith("<svg")
