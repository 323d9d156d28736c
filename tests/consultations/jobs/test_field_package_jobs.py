"""A field package made by the worker: its zip kept with the job for its requester, an
administrator's package for an officer, a cancel that keeps no export, a plain refusal."""

from __future__ import annotations

import io
import zipfile

import pytest

from consultations.accounts.service import set_access
from consultations.core.access import Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.jobs.model import JobKind, JobStatus
from consultations.jobs.service import job_file, job_status, queue_field_package
from consultations.jobs.worker import run_next
from consultations.projects.service import find_project
from tests.consultations.jobs.test_jobs import WORKER, audited, cancelled_while_running, signed_in


def test_an_officers_package_is_made_by_the_worker_and_kept_for_them(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    lan = signed_in(demo_store, "lan", Role.FIELD_OFFICER)
    job_id = queue_field_package(demo_store, project, actor=lan, key="p1")
    assert queue_field_package(demo_store, project, actor=lan, key="p1") == job_id
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    job = job_status(demo_store, job_id, actor=lan)
    assert job.kind is JobKind.FIELD_PACKAGE and job.result is not None
    assert job.result["households"] > 0 and job.result["parcels"] > 0
    made = job_file(demo_store, job_id, actor=lan)
    assert made.file_name.startswith("cat-van-220kv-lan-") and made.mime == "application/zip"
    with zipfile.ZipFile(io.BytesIO(made.content)) as archive:
        assert "clearway.qgs" in archive.namelist()

    other = signed_in(demo_store, "binh", Role.FIELD_OFFICER)  # same communes, not their package
    with pytest.raises(PermissionDenied):
        job_file(demo_store, job_id, actor=other)


def test_an_administrator_queues_an_officers_package_and_an_officer_anothers_is_refused(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    lan = signed_in(demo_store, "lan", Role.FIELD_OFFICER)
    with pytest.raises(PermissionDenied):
        queue_field_package(demo_store, project, actor=lan, owner="qt-vien", key="p0")
    job_id = queue_field_package(demo_store, project, actor=admin, owner="lan", key="p1")
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    assert "-lan-" in job_file(demo_store, job_id, actor=admin).file_name


def test_a_package_for_an_officer_disabled_since_it_was_asked_fails_with_a_plain_sentence(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    signed_in(demo_store, "lan", Role.FIELD_OFFICER)
    job_id = queue_field_package(demo_store, project, actor=admin, owner="lan", key="p1")
    set_access(demo_store, "lan", role=Role.FIELD_OFFICER, scopes=[Scope(project.id, "Cát Văn")],
               active=False, actor=operator("test"))  # fmt: skip
    assert run_next(demo_store, actor=WORKER) is JobStatus.FAILED
    error = job_status(demo_store, job_id, actor=admin).error
    assert error is not None and "lan" in error and "Traceback" not in error


def test_a_package_cancelled_while_it_is_made_keeps_no_export(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    lan = signed_in(demo_store, "lan", Role.FIELD_OFFICER)
    job_id = queue_field_package(demo_store, project, actor=lan, key="p1")
    before = audited(demo_store)
    assert cancelled_while_running(demo_store, job_id, lan) is JobStatus.CANCELLED
    assert audited(demo_store) == before  # no export recorded, nothing to bring back against
