"""A household's printable file: status, parcels and areas, timeline, commitments and money, in
HTML and DOCX with the same sections; only what the reader may read; every value escaped; logged."""

from __future__ import annotations

import io
import re

import docx
import pytest

from consultations.audit.service import audit_trail
from consultations.commitments.service import add_commitment
from consultations.concerns.service import raise_concern
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied
from consultations.core.records import Channel, ConcernCategory, Household
from consultations.households.service import edit_household, households_seen_by
from consultations.procedure.service import Step, record_step
from consultations.projects.service import find_project
from consultations.reporting.household_file import (
    export_household_file,
    household_id_of,
    printed_file,
)
from consultations.reporting.household_print import file_docx, file_html, sections
from translations import local_today

ADMIN = operator("t")
VIEWER = Actor("v", Role.VIEWER)
SLUG = "hung-nguyen-vsip"
CODE = "HN019"  # in the commune of Hưng Nguyên, with concerns, an answer, meetings and a payment
HEADINGS = ["Hộ", "Thửa đất và diện tích", "Diễn biến", "Cam kết", "Bồi thường và chi trả"]
TODAY = local_today()


def household(store: Store) -> Household:
    project = find_project(store, SLUG)
    return next(h for h in households_seen_by(store, project.id, actor=ADMIN) if h.code == CODE)


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def with_promise_and_concern(store: Store, h: Household) -> None:
    add_commitment(store, h.project_id, text="Làm lại lối đi vào nhà", promised_by="UBND xã",
                   due_on=TODAY, actor=ADMIN, household_id=h.id)  # fmt: skip
    raise_concern(store, h.project_id, household_id=h.id, category=ConcernCategory.OTHER,
                  channel=Channel.MEETING, text="Giếng nước bị lấp", received_on=TODAY,
                  actor=ADMIN, today=TODAY)  # fmt: skip
    record_step(store, h.id, Step.NOTICE_DELIVERED, TODAY, actor=ADMIN, land_type="agricultural")


def test_the_file_holds_status_parcels_timeline_commitments_and_money(demo_store: Store) -> None:
    h = household(demo_store)
    with_promise_and_concern(demo_store, h)
    f = printed_file(demo_store, h.id, actor=ADMIN, today=TODAY)
    assert f.personal and f.household.head_name == h.head_name and f.parcels
    page = text_of(file_html(f))
    for heading in HEADINGS:
        assert heading in page
    assert f"Trạng thái: {f.status.label}" in page
    assert "Tiếp nhận ý kiến" in page and "Dự cuộc họp" in page and "Đã trả lời" in page
    assert "Giếng nước bị lấp" in page and "Làm lại lối đi vào nhà" in page
    assert f"Thủ tục {Step.NOTICE_DELIVERED.label}" in page
    assert f"Số CCCD: {h.id_number}" in page and h.head_name in page
    assert f.account is not None and f.payments
    paid = f"{f.account.paid_vnd:,}".replace(",", ".") + " đ"  # 150.000.000 đ
    assert f"Đã chi trả: {paid}" in page and (f.payments[0].receipt or "") in page
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", page) and not re.search(r"\d{4}-\d{2}-\d{2}", page)
    area = f.parcels[0].area_m2
    assert f"{area:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".") in page


def test_a_viewer_gets_the_file_without_personal_data(demo_store: Store) -> None:
    h = household(demo_store)
    with_promise_and_concern(demo_store, h)
    f = printed_file(demo_store, h.id, actor=VIEWER, today=TODAY)
    assert not f.personal and f.status == printed_file(demo_store, h.id, actor=ADMIN).status
    page = file_html(f)
    for secret in (
        h.head_name,
        h.id_number,
        h.phone,
        "Giếng nước bị lấp",
        "Làm lại lối đi vào nhà",
    ):
        assert secret and secret not in page
        assert secret not in docx_text(file_docx(f))
    assert "Không hiển thị thông tin cá nhân" in page
    assert {e.kind for e in f.timeline} >= {"Tiếp nhận ý kiến", "Dự cuộc họp"}


def test_a_petitions_text_is_printed_only_for_readers_of_personal_data(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    h = next(h for h in households_seen_by(demo_store, project.id, actor=ADMIN) if h.code == "CV07")
    content = "Điện trường dưới đường dây 220kV có an toàn cho gia đình sinh sống không?"
    assert content in text_of(export_household_file(demo_store, h.id, "html", actor=ADMIN).decode())
    for fmt in ("html", "docx"):
        data = export_household_file(demo_store, h.id, fmt, actor=VIEWER)
        shown = data.decode() if fmt == "html" else docx_text(data)
        assert content not in shown and "01/TCD-2024" not in shown and "Đơn thư" not in shown


def test_a_field_officer_of_another_commune_is_refused(demo_store: Store) -> None:
    h = household(demo_store)
    elsewhere = Actor("nam", Role.FIELD_OFFICER, (Scope(h.project_id, "Hưng Nguyên Nam"),))
    with pytest.raises(PermissionDenied, match="ngoài dự án và xã được giao"):
        export_household_file(demo_store, h.id, "html", actor=elsewhere)
    here = Actor("lan", Role.FIELD_OFFICER, (Scope(h.project_id, "Hưng Nguyên"),))
    assert printed_file(demo_store, h.id, actor=here).personal


def test_a_name_with_markup_is_printed_as_text(demo_store: Store) -> None:
    h = household(demo_store)
    name = "<script>alert('x')</script> Nguyễn & <b>Văn</b>"
    edit_household(demo_store, h.id, h.version, {"head_name": name, "notes": "<img src=x>"},
                   actor=ADMIN)  # fmt: skip
    page = export_household_file(demo_store, h.id, "html", actor=ADMIN).decode()
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Nguyễn &amp; &lt;b&gt;Văn" in page
    assert name in docx_text(export_household_file(demo_store, h.id, "docx", actor=ADMIN))


def test_the_docx_opens_and_holds_the_same_sections(demo_store: Store) -> None:
    h = household(demo_store)
    f = printed_file(demo_store, h.id, actor=ADMIN)
    document = docx.Document(io.BytesIO(file_docx(f)))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"
    ]
    assert headings == [s.heading for s in sections(f)] == HEADINGS
    text = docx_text(file_docx(f))
    for row in (r for s in sections(f) for r in s.rows):
        assert all(cell in text for cell in row)
    width = document.sections[0].page_width
    assert width is not None and round(width.mm) == 210


def test_each_export_is_logged_and_a_wrong_format_refused(demo_store: Store) -> None:
    h = household(demo_store)
    export_household_file(demo_store, h.id, "docx", actor=VIEWER)
    logged = [
        e for e in audit_trail(demo_store, actor=ADMIN, household_id=h.id) if e.action == "export"
    ]
    assert logged and logged[0].entity == "household" and logged[0].actor == "v"
    with pytest.raises(InvalidRecord, match="html hoặc docx"):
        export_household_file(demo_store, h.id, "pdf", actor=ADMIN)


def test_the_command_line_finds_a_household_by_its_code_as_typed(demo_store: Store) -> None:
    h = household(demo_store)
    assert household_id_of(demo_store, h.project_id, f" {CODE.lower()} ", actor=ADMIN) == h.id
