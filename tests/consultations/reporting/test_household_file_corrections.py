"""The printed household file shows a consent status corrected by its recorder beside its
correction; the reason only in the personal copy; the status is the correction's."""

from __future__ import annotations

import re

from consultations.consent.service import correct_last_consent, record_consent
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.core.records import ConsentStatus
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.household_file import printed_file
from consultations.reporting.household_print import file_html
from translations import local_today

ADMIN = operator("t")


def test_the_printed_file_marks_the_corrected_entry_and_its_correction(demo_store: Store) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    h = next(
        h for h in households_seen_by(demo_store, project.id, actor=ADMIN) if h.code == "HN019"
    )
    wrong = record_consent(demo_store, h.id, ConsentStatus.REFUSED, local_today(),
                           seen_version=h.version, actor=ADMIN)  # fmt: skip
    correct_last_consent(demo_store, wrong.id or 0, ConsentStatus.CONCERNS, local_today(),
                         seen_version=h.version + 1, actor=ADMIN, reason="ghi nhầm hộ")  # fmt: skip
    personal = printed_file(demo_store, h.id, actor=ADMIN)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", file_html(personal)))
    assert personal.status is ConsentStatus.CONCERNS
    assert "Không đồng ý · (đã được sửa bằng bản ghi sau, không còn tính)" in page
    assert "(sửa bản ghi trước, lý do: ghi nhầm hộ)" in page
    public = file_html(printed_file(demo_store, h.id, actor=Actor("v", Role.VIEWER)))
    assert "(sửa bản ghi trước)" in public and "ghi nhầm hộ" not in public
