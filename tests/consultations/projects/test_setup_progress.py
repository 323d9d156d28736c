"""A project's set-up is read from what is stored: a new project is "being set up" with its next
step named until it has its line, towers, parcels, households and an affected list."""

from __future__ import annotations

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import NewProject, ProjectKind
from consultations.projects.service import create_project, find_project
from consultations.setup.progress import SetupStep, setup_progress

ADMIN = operator("t")


def test_a_new_power_line_starts_with_its_centreline_and_is_not_ready(store: Store) -> None:
    project = create_project(store, NewProject(
        slug="tuyen-moi", name="Tuyến mới", kind=ProjectKind.POWER_LINE, crs_epsg=9208,
        voltage_kv=110, conductor_half_spread_m=3, tower_side_m=8, province="Nghệ An",
        units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip
    progress = setup_progress(store, project, actor=ADMIN)
    assert not progress.ready and progress.done_count == 0
    assert progress.next_step is not None and progress.next_step.step is SetupStep.LINE
    assert [s.step for s in progress.steps] == list(SetupStep)
    assert {s.step for s in progress.steps if not s.required} == {SetupStep.HOUSES, SetupStep.STAFF}


def test_a_park_needs_a_boundary_and_no_towers(store: Store) -> None:
    project = create_project(store, NewProject(
        slug="khu-moi", name="Khu mới", kind=ProjectKind.INDUSTRIAL_PARK, crs_epsg=9208,
        province="Nghệ An", units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip
    progress = setup_progress(store, project, actor=ADMIN)
    assert SetupStep.TOWERS not in {s.step for s in progress.steps}
    assert progress.next_step is not None and progress.next_step.label == "Ranh giới thu hồi"


def test_the_demo_line_is_set_up_with_every_step_counted(demo_store: Store) -> None:
    progress = setup_progress(demo_store, find_project(demo_store, "cat-van-220kv"), actor=ADMIN)
    assert progress.ready and progress.next_step is None
    counts = {s.step: s.count for s in progress.steps}
    assert counts[SetupStep.PARCELS] > counts[SetupStep.AFFECTED] > 0
    assert counts[SetupStep.TOWERS] > 0 and counts[SetupStep.REGISTER] >= counts[SetupStep.AFFECTED]
