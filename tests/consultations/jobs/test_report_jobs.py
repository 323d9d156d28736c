"""The monthly report built by the worker: its file kept in the database for any server to offer,
only to those who may read it; a cancel or a bad request leaves no file and no export logged."""

from __future__ import annotations

import pytest

from consultations.core.access import Role
from consultations.core.database import Store
from consultations.core.errors import NotFound, PermissionDenied
from consultations.jobs.model import JobKind, JobStatus
from consultations.jobs.service import (
    job_file,
    job_status,
    queue_monthly_report,
    queue_project_data,
)
from consultations.jobs.worker import run_next
from consultations.projects.service import find_project
from tests.consultations.jobs.test_jobs import WORKER, audited, cancelled_while_running, signed_in


@pytest.mark.parametrize(("fmt", "starts"), [("xlsx", b"PK"), ("html", b"<!")])
def test_a_queued_report_is_built_by_the_worker_and_its_file_kept(
    demo_store: Store, fmt: str, starts: bytes
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    job_id = queue_monthly_report(demo_store, project, "2024-04", fmt, actor=admin, key="m1")
    assert queue_monthly_report(demo_store, project, "2024-04", fmt, actor=admin,
                                key="m1") == job_id  # fmt: skip
    before = audited(demo_store)
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    assert audited(demo_store) == before + 1  # the export is logged, once, by the worker
    job = job_status(demo_store, job_id, actor=admin)
    assert job.kind is JobKind.MONTHLY_REPORT and job.progress == 1.0
    made = job_file(demo_store, job_id, actor=admin)
    assert made.file_name == f"bao-cao-cat-van-220kv-2024-04.{fmt}"
    assert made.content.lstrip().upper().startswith(starts.upper())
    assert job.result is not None and job.result["size"] == len(made.content)


def test_a_reports_file_is_not_offered_to_someone_who_may_not_read_it(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    officer = signed_in(demo_store, "can-bo", Role.FIELD_OFFICER)
    with pytest.raises(PermissionDenied):  # a field officer makes no internal export
        queue_monthly_report(demo_store, project, "2024-04", "xlsx", actor=officer, key="m0")
    job_id = queue_monthly_report(demo_store, project, "2024-04", "xlsx", actor=admin, key="m1")
    with pytest.raises(NotFound):  # not made yet
        job_file(demo_store, job_id, actor=admin)
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    with pytest.raises(PermissionDenied):
        job_file(demo_store, job_id, actor=officer)


def test_a_report_of_an_unknown_format_fails_with_a_plain_sentence(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    job_id = queue_monthly_report(demo_store, project, "2024-04", "pdf", actor=admin, key="m1")
    assert run_next(demo_store, actor=WORKER) is JobStatus.FAILED
    job = job_status(demo_store, job_id, actor=admin)
    assert job.error is not None and "pdf" in job.error and "Traceback" not in job.error
    with pytest.raises(NotFound):
        job_file(demo_store, job_id, actor=admin)


def test_a_cancelled_report_leaves_no_file_and_no_export_logged(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    job_id = queue_monthly_report(demo_store, project, "2024-04", "xlsx", actor=admin, key="m1")
    before = audited(demo_store)
    assert cancelled_while_running(demo_store, job_id, admin) is JobStatus.CANCELLED
    assert audited(demo_store) == before
    with pytest.raises(NotFound):
        job_file(demo_store, job_id, actor=admin)


#: How each file of the project's data begins.
MAGIC = {"gpkg": b"SQLite format 3", "xlsx": b"PK"}


@pytest.mark.parametrize("fmt", list(MAGIC))
def test_the_projects_data_is_written_by_the_worker_for_those_who_may_read_it(
    demo_store: Store, fmt: str
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    officer = signed_in(demo_store, "can-bo", Role.FIELD_OFFICER)
    with pytest.raises(PermissionDenied):  # the registers carry ID numbers and phones
        queue_project_data(demo_store, project, fmt, actor=officer, key="d0")
    job_id = queue_project_data(demo_store, project, fmt, actor=admin, key="d1")
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    job = job_status(demo_store, job_id, actor=admin)
    assert job.kind is JobKind.PROJECT_DATA and job.result is not None and job.result["rows"] > 0
    made = job_file(demo_store, job_id, actor=admin)
    assert made.file_name == f"cat-van-220kv.{fmt}" and made.content.startswith(MAGIC[fmt])
    assert len(made.content) == job.result["size"] > 0


def test_project_data_in_an_unknown_format_fails_plainly_and_a_cancel_logs_nothing(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    failing = queue_project_data(demo_store, project, "shp", actor=admin, key="d1")
    assert run_next(demo_store, actor=WORKER) is JobStatus.FAILED
    error = job_status(demo_store, failing, actor=admin).error
    assert error is not None and "shp" in error and "Traceback" not in error
    cancelled = queue_project_data(demo_store, project, "xlsx", actor=admin, key="d2")
    before = audited(demo_store)
    assert cancelled_while_running(demo_store, cancelled, admin) is JobStatus.CANCELLED
    assert audited(demo_store) == before
