"""The app's cached views are keyed on the change feed: made again after a change to the record,
kept through reading (an export, a sign-in), and never shared between two stores."""

from __future__ import annotations

from pathlib import Path

from consultations.accounts.service import create_user, sign_in
from consultations.consent.service import record_consent
from consultations.core.access import Role, operator
from consultations.core.database import Store
from consultations.core.records import ConsentStatus
from consultations.households.store import households_of
from consultations.projects.service import find_project
from consultations.reporting.project_export import export_project
from translations import local_today
from ui.cached import cached_features, cached_people, cached_state

ADMIN = operator("t")


def test_a_consent_event_makes_the_statuses_again_and_keeps_the_shapes(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    state, features, people = (
        cached_state(demo_store, project, None),
        cached_features(demo_store, project),
        cached_people(demo_store, project, actor=ADMIN),
    )
    create_user(demo_store, "lan", "mot-mat-khau-dai", Role.CHAIR, actor=ADMIN)
    sign_in(demo_store, "lan", "mot-mat-khau-dai")
    export_project(demo_store, project, "csv", tmp_path / "ho.csv", actor=ADMIN)
    assert cached_state(demo_store, project, None) is state  # reading changed nothing

    with demo_store.read() as conn:
        household = households_of(conn, project.id)[0]
    record_consent(demo_store, household.id, ConsentStatus.REFUSED, local_today(),
                   seen_version=household.version, actor=ADMIN)  # fmt: skip
    again = cached_state(demo_store, project, None)
    assert again is not state
    assert again.statuses != state.statuses
    assert cached_features(demo_store, project) is features  # shapes kept: no import
    assert (
        cached_people(demo_store, project, actor=ADMIN) is people
    )  # a consent event moves no person
