"""The app's cached views are keyed on the change feed: made again after a change to the record,
kept through reading (an export, a sign-in), and never shared between two stores; an import's
views are never handed to someone who may not import."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from consultations.accounts.service import create_user, sign_in
from consultations.consent.service import record_consent
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.records import ConsentStatus
from consultations.households.store import households_of
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.projects.service import find_project
from consultations.reporting.project_export import export_project
from consultations.setup.demo import DEMO_ROOT
from translations import local_today
from ui.cached import (
    cached_effects,
    cached_features,
    cached_inspection,
    cached_people,
    cached_preview,
    cached_state,
)

ADMIN = operator("t")
TOWERS = ImportOptions(mapping={"label": "Ten_cot"}, crs_epsg=9208)


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


#: An import's three cached views, each as one person opens it on the Import page.
IMPORT_VIEWS: dict[str, Callable[[Store, Path, Actor], object]] = {
    "inspection": lambda store, path, actor: cached_inspection(
        store, find_project(store, "cat-van-220kv"), path, LayerKind.TOWERS, None, None, 9208,
        actor=actor),
    "preview": lambda store, path, actor: cached_preview(
        store, find_project(store, "cat-van-220kv"), path, LayerKind.TOWERS, TOWERS, actor=actor),
    "effects": lambda store, path, actor: cached_effects(
        store, find_project(store, "cat-van-220kv"), path, LayerKind.TOWERS, TOWERS, actor=actor),
}  # fmt: skip


@pytest.mark.parametrize("view", IMPORT_VIEWS)
def test_an_import_view_cached_for_an_administrator_is_refused_to_those_who_may_not_import(
    demo_store: Store, tmp_path: Path, view: str
) -> None:
    upload = tmp_path / "vi_tri_cot.csv"
    shutil.copy(DEMO_ROOT / "cat-van-220kv" / "vi_tri_cot.csv", upload)
    project = find_project(demo_store, "cat-van-220kv")
    opened = IMPORT_VIEWS[view]
    first = opened(demo_store, upload, ADMIN)
    assert opened(demo_store, upload, ADMIN) is first  # cached: the next call is a hit
    for refused in (
        Actor("lan", Role.CHAIR),
        Actor("minh", Role.FIELD_OFFICER, (Scope(project.id),)),
        Actor("xem", Role.VIEWER),
        Actor(ADMIN.username, Role.VIEWER),  # the same name, no longer an administrator
    ):
        with pytest.raises(PermissionDenied):
            opened(demo_store, upload, refused)
