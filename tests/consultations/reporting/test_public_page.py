"""The public page's read model: public facts only, small counts hidden, nothing personal."""

from __future__ import annotations

import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.qr import public_address, qr_svg
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.public_page import (
    PAGE_VIEWS,
    VIEWS_PER_WINDOW,
    public_project_page,
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


def test_the_printed_public_map_and_the_posted_list_carry_the_qr_code(demo_store: Store) -> None:
    import io

    from openpyxl import load_workbook

    from consultations.compensation.service import plans
    from consultations.compensation.sheets import posted_list_xlsx
    from consultations.core.access import operator
    from consultations.reporting.map_export import map_html
    from consultations.reporting.options import Audience
    from consultations.reporting.palette import STATUS_COLOURS

    admin = operator("t")
    project = find_project(demo_store, "hung-nguyen-vsip")
    public = map_html(demo_store, project, Audience.PUBLIC, STATUS_COLOURS, actor=admin)
    internal = map_html(demo_store, project, Audience.INTERNAL, STATUS_COLOURS, actor=admin)
    assert "data:image/svg+xml;base64," in public and "public?project=hung-nguyen-vsip" in public
    assert "public?project=" not in internal
    (plan,) = plans(demo_store, project.id, actor=admin)
    sheet = load_workbook(
        io.BytesIO(posted_list_xlsx(demo_store, project, plan.id, actor=admin))
    ).active
    assert sheet is not None and len(sheet._images) == 1
    assert any(
        "public?project=hung-nguyen-vsip" in str(c.value)
        for row in sheet.iter_rows(max_row=1)
        for c in row
    )
