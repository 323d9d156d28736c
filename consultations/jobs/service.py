"""The jobs' doors: ask for long work (the worker does it), follow it from any server, cancel it.

The queue is the ``jobs`` table, so every app server shows the same progress and a reload finds
it again; the worker (``cli.py worker``, ``worker.py``) claims a job, reports its progress and
keeps its result or a plain sentence of what stopped it. A job is only the request: the work
itself goes through its feature's own door, in the requester's name, with their rights as they
stand when it runs (audit row and change event as ever). A file a job makes (a report, a map, an
export, a field package) stays with the job, and ``job_file`` gives it only to its requester (or
an administrator) who still holds, in its project, the right it was made under.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import pickle
import zipfile
from pathlib import Path
from typing import Any

from consultations.accounts.staffing import actor_named
from consultations.core.access import Action, Actor, require
from consultations.core.audit import utcnow
from consultations.core.database import Store
from consultations.core.errors import NotFound, PermissionDenied
from consultations.core.records import Project
from consultations.fieldwork.service import PreparedPackage, may_export_package
from consultations.jobs.model import Job, JobFile, JobKind, JobStatus
from consultations.jobs.store import (
    insert_job,
    job_by_key,
    job_output,
    job_row,
    jobs_of_user,
    request_cancel,
)
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.reporting.map_export import map_right
from consultations.reporting.options import BACKLOG_DAYS, Audience
from translations import _


def _zipped(upload: Path) -> bytes:
    """The uploaded layer and its own side files (a shapefile's ``.shx``, ``.dbf``, ``.prj``,
    ``.cpg``, ``.shp.xml``…: the same name before the first dot), zipped to travel in the database.
    Nothing else in its folder goes: not a database or another upload that happens to sit there."""
    stem = upload.name.split(".", 1)[0].casefold()
    own = [path for path in sorted(upload.parent.iterdir())
           if path.is_file() and path.name.split(".", 1)[0].casefold() == stem]  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in own:
            archive.write(path, path.name)
    return buffer.getvalue()


def queue_import(
    store: Store,
    project: Project,
    upload: Path,
    kind: LayerKind,
    options: ImportOptions,
    *,
    actor: Actor,
    key: str,
    confirmed: bool = False,
) -> int:
    """Queue the import of the uploaded layer ``upload`` (it and its side files travel in the
    database, so any worker on any machine can read it); the job's id. The same ``key`` again (a second click)
    returns the first job."""
    require(actor, Action.IMPORT, project_id=project.id)
    params = {"kind": str(kind), "file": upload.name, "options": dataclasses.asdict(options),
              "confirmed": confirmed, "key": key}  # fmt: skip
    return _queue(store, JobKind.IMPORT_LAYER, project.id, params, _zipped(upload),
                  actor=actor, key=key)  # fmt: skip


def queue_field_return(
    store: Store, prepared: PreparedPackage, *, actor: Actor, key: str,
    photos_missing_confirmed: bool = False,
) -> int:  # fmt: skip
    """Queue saving the field package ``prepared`` for its preview (read and planned once); the
    job's id. The worker saves exactly that plan, or refuses it if the records moved since; who may
    bring it back is checked again, with every row, when it does (``save_field_package``)."""
    require(actor, Action.READ_PERSONAL, project_id=prepared.project.id)
    params = {"photos_missing_confirmed": photos_missing_confirmed, "key": key}
    # Plain frozen records, written by this server into its own database and read back only by
    # its worker as that type (jobs.work): the preview's plan, not the file read again.
    return _queue(store, JobKind.FIELD_RETURN, prepared.project.id, params, pickle.dumps(prepared),
                  actor=actor, key=key)  # fmt: skip


def queue_monthly_report(
    store: Store, project: Project, month: str, fmt: str, *, actor: Actor, key: str,
    backlog_days: int = BACKLOG_DAYS,
) -> int:  # fmt: skip
    """Queue the monthly report of ``month`` ("2026-12") as ``fmt`` (xlsx, html); the job's id.
    It holds personal data: only those who may make it may download it (``job_file``)."""
    require(actor, Action.EXPORT_INTERNAL, project_id=project.id)
    params = {"month": month, "format": fmt, "backlog_days": backlog_days,
              "read": Action.EXPORT_INTERNAL}  # fmt: skip
    return _queue(store, JobKind.MONTHLY_REPORT, project.id, params, None, actor=actor, key=key)


def queue_field_package(
    store: Store, project: Project, *, actor: Actor, key: str, owner: str | None = None
) -> int:
    """Queue the field package of ``owner`` (an officer's username; None: the actor's own) for
    QField; the job's id. It names households: only those who may make it may download it."""
    may_export_package(actor, project, actor_named(store, owner, actor=actor) if owner else None)
    params = {"owner": owner, "read": Action.EDIT_RECORDS}
    return _queue(store, JobKind.FIELD_PACKAGE, project.id, params, None, actor=actor, key=key)


def queue_shared_map(
    store: Store, project: Project, audience: Audience, *, actor: Actor, key: str,
    as_of: dt.date | None = None, show_names: bool = False,
) -> int:  # fmt: skip
    """Queue the project's map to share (one HTML file) for ``audience``; the job's id. With
    names, or for officials, only those who may make it may download it."""
    right = map_right(audience, show_names)
    require(actor, right, project_id=project.id)
    params = {"audience": audience, "as_of": as_of.isoformat() if as_of else None,
              "show_names": show_names, "read": right}  # fmt: skip
    return _queue(store, JobKind.SHARED_MAP, project.id, params, None, actor=actor, key=key)


def queue_project_data(store: Store, project: Project, fmt: str, *, actor: Actor, key: str) -> int:
    """Queue the project's data for QGIS (gpkg) or Excel (xlsx, csv); the job's id. The registers
    carry ID numbers and phones: only those who may make it may download it."""
    require(actor, Action.EXPORT_INTERNAL, project_id=project.id)
    params = {"format": fmt, "read": Action.EXPORT_INTERNAL}
    return _queue(store, JobKind.PROJECT_DATA, project.id, params, None, actor=actor, key=key)


def _queue(
    store: Store, kind: JobKind, project_id: int | None, params: dict[str, Any],
    payload: bytes | None, *, actor: Actor, key: str,
) -> int:  # fmt: skip
    with store.begin() as conn:
        existing = job_by_key(conn, key)
        if existing is not None:
            return existing
        return insert_job(conn, {
            "kind": kind, "project_id": project_id, "user_id": actor.user_id,
            "requested_by": str(actor), "idempotency_key": key, "params": params,
            "input": payload, "status": JobStatus.QUEUED, "progress": 0.0,
            "cancel_requested": False, "created_at": utcnow(),
        })  # fmt: skip


def _own(job: Job | None, actor: Actor) -> Job:
    if job is None:
        raise NotFound(_("This job is not in the database."))
    if job.user_id != actor.user_id and not actor.may(Action.MANAGE_USERS):
        raise PermissionDenied(_("This job was asked for by another user."))
    return job


def job_status(store: Store, job_id: int, *, actor: Actor) -> Job:
    """The job as the worker last reported it (any server, any reload)."""
    with store.read() as conn:
        return _own(job_row(conn, job_id), actor)


def job_file(store: Store, job_id: int, *, actor: Actor) -> JobFile:
    """The file a finished job made, for its requester (or an administrator), who must still
    hold the right it was made under (``params["read"]``) in its project."""
    with store.read() as conn:
        job = _own(job_row(conn, job_id), actor)
        content = job_output(conn, job_id) if job.status is JobStatus.DONE else None
    if content is None or job.result is None:
        raise NotFound(_("This work has made no file (yet)."))
    require(actor, Action(job.params["read"]), project_id=job.project_id)
    return JobFile(job.result["file_name"], job.result["mime"], content)


def my_jobs(
    store: Store, *, actor: Actor, kinds: tuple[JobKind, ...] = tuple(JobKind),
    project_id: int | None = None, limit: int = 5,
) -> list[Job]:  # fmt: skip
    """The actor's latest jobs of ``kinds`` (of one project, if given), newest first."""
    with store.read() as conn:
        return jobs_of_user(conn, actor.user_id, kinds, project_id, limit)


def cancel_job(store: Store, job_id: int, *, actor: Actor) -> None:
    """Stop a job: one still waiting never runs; a running one stops at its next step and its
    work is rolled back (nothing of it is kept)."""
    with store.begin() as conn:
        _own(job_row(conn, job_id), actor)
        request_cancel(conn, job_id, utcnow())
