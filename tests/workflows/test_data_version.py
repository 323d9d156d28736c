"""The data version keys every cached map and figure: it moves with changes to the record only."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.access import Role
from consultations.accounts import create_user, sign_in
from consultations.concerns import raise_concern
from consultations.consent_log import record_consent
from consultations.errors import SignInFailed
from consultations.projects import data_version, find_project, people_version
from consultations.records import Channel, ConcernCategory, ConsentStatus
from consultations.storage.database import Store
from consultations.storage.people import households_of
from ui.palette import STATUS_COLOURS
from workflows.map_export import Audience, map_html

PASSWORD = "mot-mat-khau-dai"
CATEGORY, CHANNEL = ConcernCategory.COMPENSATION_PRICE, Channel.HOUSEHOLD_VISIT


def test_signing_in_and_exporting_leave_the_data_version_a_consent_event_moves_it(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    create_user(demo_store, "lan", PASSWORD, Role.ADMIN, actor="t")
    before = data_version(demo_store)
    sign_in(demo_store, "lan", PASSWORD)
    with pytest.raises(SignInFailed):
        sign_in(demo_store, "lan", "sai-mat-khau")
    map_html(demo_store, project, Audience.PUBLIC, STATUS_COLOURS, actor="lan")
    assert data_version(demo_store) == before  # cached maps and figures stay valid

    with demo_store.read() as conn:
        household = households_of(conn, project.id)[0]
    record_consent(demo_store, household.id, ConsentStatus.REFUSED, dt.date.today(),
                   seen_version=household.version, actor="lan")  # fmt: skip
    assert data_version(demo_store) > before


def test_people_by_parcel_are_made_again_for_a_new_concern_not_for_a_consent_event(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        household = households_of(conn, project.id)[0]
    before = people_version(demo_store)
    record_consent(demo_store, household.id, ConsentStatus.CONCERNS, dt.date.today(),
                   seen_version=household.version, actor="t")  # fmt: skip
    assert people_version(demo_store) == before  # the filters' data did not change

    raise_concern(demo_store, project.id, household_id=household.id, category=CATEGORY,
                  channel=CHANNEL, text="Giá bồi thường thấp", received_on=dt.date.today(),
                  actor="t")  # fmt: skip
    assert people_version(demo_store) > before  # open concern categories did
