"""The evidence can be seen: a household's signed paper opens for those who may read the
household, never for others, and every opening is in the audit log (moving no cache)."""

from __future__ import annotations

import pytest

from consultations.audit.store import audit_rows
from consultations.consent.service import record_consent
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.feed import feed_counters
from consultations.core.records import ConsentStatus
from consultations.core.rules import Attachment
from consultations.documents.evidence import files_of_household, open_file
from consultations.households.store import households_of
from consultations.projects.service import find_project
from translations import local_today

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_signed_paper_opens_for_its_readers_only_and_each_opening_is_logged(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        household = households_of(conn, project.id)[0]
    record_consent(demo_store, household.id, ConsentStatus.AGREED, local_today(),
                   seen_version=household.version, actor=operator("t"),
                   signed_document=Attachment("bien-ban.png", PHOTO, "image/png"))  # fmt: skip
    here = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Cát Văn"),))
    elsewhere = Actor("minh", Role.FIELD_OFFICER, (Scope(project.id, "Thanh Hà"),))

    [paper] = [f for f in files_of_household(demo_store, household.id, actor=here)
               if f.file_name == "bien-ban.png"]  # fmt: skip
    before = feed_counters(demo_store, project.id)
    opened = open_file(demo_store, paper.id, actor=here)
    assert (opened.content, opened.media_type) == (PHOTO, "image/png")
    with demo_store.read() as conn:
        latest = audit_rows(conn, actor="lan")[0]
    assert (latest["action"], latest["entity_id"]) == ("open_file", paper.id)
    assert feed_counters(demo_store, project.id) == before  # reading moves no cache

    for outsider in (elsewhere, Actor("v", Role.VIEWER)):
        with pytest.raises(PermissionDenied):
            open_file(demo_store, paper.id, actor=outsider)
        with pytest.raises(PermissionDenied):
            files_of_household(demo_store, household.id, actor=outsider)
