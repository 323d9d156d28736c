"""The shared map drawn by the worker: its HTML kept with the job, the officials' map and names
only for those who may read them; a cancel logs no export."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.accounts.service import set_access
from consultations.core.access import Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import NotFound, PermissionDenied
from consultations.jobs.model import JobKind, JobStatus
from consultations.jobs.service import job_file, job_status, my_jobs, queue_shared_map
from consultations.jobs.worker import run_next
from consultations.projects.service import find_project
from consultations.reporting.options import Audience
from tests.consultations.jobs.test_jobs import WORKER, audited, cancelled_while_running, signed_in

AS_OF = dt.date(2024, 4, 30)


def test_a_public_map_is_drawn_by_the_worker_and_kept_with_its_job(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    officer = signed_in(demo_store, "lan", Role.FIELD_OFFICER)
    job_id = queue_shared_map(demo_store, project, Audience.PUBLIC, as_of=AS_OF, actor=officer,
                              key="b1")  # fmt: skip
    before = audited(demo_store)
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    assert audited(demo_store) == before + 1  # the export is logged by the worker
    assert job_status(demo_store, job_id, actor=officer).kind is JobKind.SHARED_MAP
    made = job_file(demo_store, job_id, actor=officer)
    assert made.file_name == "cat-van-220kv-20240430-public.html" and made.mime == "text/html"
    assert project.name in made.content.decode("utf-8")
    other = find_project(demo_store, "hung-nguyen-vsip")  # each project's page shows its own
    assert my_jobs(demo_store, actor=officer, project_id=other.id) == []
    assert [j.id for j in my_jobs(demo_store, actor=officer, project_id=project.id)] == [job_id]


def test_the_officials_map_is_neither_queued_nor_offered_without_the_right(
    demo_store: Store,
) -> None:
    officer = signed_in(demo_store, "lan", Role.FIELD_OFFICER)
    project = find_project(demo_store, "cat-van-220kv")
    with pytest.raises(PermissionDenied):  # names are personal data
        queue_shared_map(demo_store, project, Audience.PUBLIC, show_names=True, actor=officer,
                         key="b0")  # fmt: skip
    admin = signed_in(demo_store, "qt-vien")
    job_id = queue_shared_map(demo_store, project, Audience.INTERNAL, actor=admin, key="b1")
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    assert job_file(demo_store, job_id, actor=admin).content
    with pytest.raises(PermissionDenied):
        job_file(demo_store, job_id, actor=officer)
    named = queue_shared_map(demo_store, project, Audience.PUBLIC, as_of=AS_OF, show_names=True,
                             actor=admin, key="b2")  # fmt: skip
    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    # the same day's map with names is never mistaken for the one without, by its file's name
    assert (
        job_file(demo_store, named, actor=admin).file_name
        == "cat-van-220kv-20240430-public-ten.html"
    )


def test_a_map_cancelled_while_it_is_drawn_logs_no_export(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    admin = signed_in(demo_store, "qt-vien")
    job_id = queue_shared_map(demo_store, project, Audience.PUBLIC, actor=admin, key="b1")
    before = audited(demo_store)
    assert cancelled_while_running(demo_store, job_id, admin) is JobStatus.CANCELLED
    assert audited(demo_store) == before


def test_a_map_asked_by_an_account_disabled_since_fails_with_a_plain_sentence(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    officer = signed_in(demo_store, "lan", Role.FIELD_OFFICER)
    job_id = queue_shared_map(demo_store, project, Audience.PUBLIC, actor=officer, key="b1")
    set_access(demo_store, "lan", role=Role.FIELD_OFFICER, scopes=[Scope(project.id, "Cát Văn")],
               active=False, actor=operator("test"))  # fmt: skip
    assert run_next(demo_store, actor=WORKER) is JobStatus.FAILED
    error = job_status(demo_store, job_id, actor=officer).error
    assert error is not None and "Traceback" not in error
    with pytest.raises(NotFound):
        job_file(demo_store, job_id, actor=officer)
