"""A field package brought back is saved by the worker: its rows merged once, a cancel or a
refusal leaving the records as they were, the job telling what came of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from consultations.consent.model import current_status
from consultations.consent.service import consent_history
from consultations.core.access import Actor, Role
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.records import ConsentStatus
from consultations.fieldwork.layout import CONSENT
from consultations.fieldwork.service import PreparedPackage, prepare_field_package
from consultations.jobs.model import JobKind, JobStatus
from consultations.jobs.service import job_status, my_jobs, queue_field_return
from consultations.jobs.worker import run_next
from consultations.projects.service import find_project
from tests.consultations.fieldwork.test_field_packages import (
    add_rows,
    consent_row,
    exported,
    mine,
    zipped,
)
from tests.consultations.jobs.test_jobs import WORKER, cancelled_while_running, signed_in


def _status(store: Store, household_id: int) -> ConsentStatus:
    return current_status(consent_history(store, household_id, actor=WORKER))


def _returned(store: Store, tmp_path: Path, photo: str = "") -> tuple[Path, int, Actor]:
    """A package officer "lan" brought back with one household refusing (not before): the
    zip, that household's id, and lan signed in."""
    project = find_project(store, "cat-van-220kv")
    lan = signed_in(store, "lan", Role.FIELD_OFFICER)
    folder = exported(store, project, tmp_path / "phone", lan)
    household = next(h for h in mine(store, project, lan)
                     if _status(store, h.id) is not ConsentStatus.REFUSED)  # fmt: skip
    add_rows(folder, CONSENT, [consent_row(household, "refused", note="Chưa đồng ý giá",
                                           photo=photo)])  # fmt: skip
    return zipped(folder, tmp_path / "tra-ve.zip"), household.id, lan


def prepared(store: Store, path: Path, actor: Actor) -> PreparedPackage:
    """The package as the page prepares it for its preview (read and planned once)."""
    return prepare_field_package(store, path, actor=actor, name="tra-ve.zip")


def test_a_returned_package_is_merged_by_the_worker_and_its_report_kept(
    demo_store: Store, tmp_path: Path
) -> None:
    path, household_id, lan = _returned(demo_store, tmp_path)
    package = prepared(demo_store, path, lan)
    job_id = queue_field_return(demo_store, package, actor=lan, key="r1")
    assert queue_field_return(demo_store, package, actor=lan, key="r1") == job_id  # a double tap
    assert _status(demo_store, household_id) is not ConsentStatus.REFUSED  # not saved yet

    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    job = job_status(demo_store, job_id, actor=lan)
    assert job.kind is JobKind.FIELD_RETURN and job.progress == 1.0
    assert job.result is not None
    assert (job.result["new_events"], job.result["duplicates"]) == (1, 0)
    history = consent_history(demo_store, household_id, actor=lan)
    assert (history[-1].status, history[-1].recorded_by) == (ConsentStatus.REFUSED, "lan")
    assert my_jobs(demo_store, actor=lan, kinds=(JobKind.IMPORT_LAYER,)) == []

    # The same plan queued again (a stale tab) is refused, saying so; the package brought back
    # again is previewed anew and adds nothing.
    stale = queue_field_return(demo_store, package, actor=lan, key="r2")
    assert run_next(demo_store, actor=WORKER) is JobStatus.FAILED
    error = job_status(demo_store, stale, actor=lan).error
    assert error is not None and "Traceback" not in error
    again = queue_field_return(demo_store, prepared(demo_store, path, lan), actor=lan, key="r3")
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    result = job_status(demo_store, again, actor=lan).result
    assert result is not None and (result["new_events"], result["duplicates"]) == (0, 1)
    assert len(consent_history(demo_store, household_id, actor=lan)) == len(history)


def test_a_package_missing_its_photos_fails_with_a_plain_sentence_and_saves_nothing(
    demo_store: Store, tmp_path: Path
) -> None:
    path, household_id, lan = _returned(demo_store, tmp_path, photo="DCIM/khong-co.jpg")
    job_id = queue_field_return(demo_store, prepared(demo_store, path, lan), actor=lan, key="r1")
    assert run_next(demo_store, actor=WORKER) is JobStatus.FAILED
    job = job_status(demo_store, job_id, actor=lan)
    assert job.error is not None and "Traceback" not in job.error and job.result is None
    assert "khong-co.jpg" in job.error
    assert _status(demo_store, household_id) is not ConsentStatus.REFUSED


def test_a_merge_cancelled_while_it_runs_saves_nothing(demo_store: Store, tmp_path: Path) -> None:
    path, household_id, lan = _returned(demo_store, tmp_path)
    job_id = queue_field_return(demo_store, prepared(demo_store, path, lan), actor=lan, key="r1")
    assert cancelled_while_running(demo_store, job_id, lan) is JobStatus.CANCELLED
    assert job_status(demo_store, job_id, actor=lan).status is JobStatus.CANCELLED
    assert _status(demo_store, household_id) is not ConsentStatus.REFUSED


def test_an_officer_of_no_commune_of_the_project_cannot_queue_its_package(
    demo_store: Store, tmp_path: Path
) -> None:
    path, _household_id, _lan = _returned(demo_store, tmp_path)
    viewer = signed_in(demo_store, "xem", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        queue_field_return(demo_store, prepared(demo_store, path, _lan), actor=viewer, key="r1")
    assert run_next(demo_store, actor=WORKER) is None
