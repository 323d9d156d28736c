"""The jobs table's SQL: queue, claim (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), progress, end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select, update

from consultations.core import schema as s
from consultations.core.database import Connection
from consultations.jobs.model import Job, JobKind, JobStatus

_PUBLIC = [c for c in s.jobs.c if c.name not in ("input", "output", "idempotency_key", "worker")]


def _utc(moment: Any) -> Any:
    """SQLite gives back the UTC time it was given without its zone."""
    return moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment


def _job(row: Any) -> Job:
    return Job(
        id=row["id"], kind=JobKind(row["kind"]), project_id=row["project_id"],
        user_id=row["user_id"], requested_by=row["requested_by"], params=row["params"],
        status=JobStatus(row["status"]), progress=row["progress"], note=row["note"],
        cancel_requested=row["cancel_requested"], result=row["result"], error=row["error"],
        created_at=_utc(row["created_at"]), finished_at=_utc(row["finished_at"]),
    )  # fmt: skip


def insert_job(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(s.jobs).values(**values).returning(s.jobs.c.id)).scalar_one())


def job_by_key(conn: Connection, key: str) -> int | None:
    return conn.scalar(select(s.jobs.c.id).where(s.jobs.c.idempotency_key == key))


def job_row(conn: Connection, job_id: int) -> Job | None:
    row = conn.execute(select(*_PUBLIC).where(s.jobs.c.id == job_id)).mappings().one_or_none()
    return _job(row) if row is not None else None


def job_output(conn: Connection, job_id: int) -> bytes | None:
    """The file a finished job made, if any."""
    return conn.scalar(select(s.jobs.c.output).where(s.jobs.c.id == job_id))


def jobs_of_user(
    conn: Connection, user_id: int | None, kinds: tuple[JobKind, ...], project_id: int | None,
    limit: int,
) -> list[Job]:  # fmt: skip
    j = s.jobs
    query = select(*_PUBLIC).where(j.c.kind.in_(kinds)).order_by(j.c.id.desc()).limit(limit)
    if project_id is not None:
        query = query.where(j.c.project_id == project_id)
    query = query.where(j.c.user_id.is_(None) if user_id is None else j.c.user_id == user_id)
    return [_job(r) for r in conn.execute(query).mappings()]


def claim_next(conn: Connection, worker: str, now: dt.datetime) -> tuple[Job, bytes | None] | None:
    """The oldest queued job, now running for ``worker``. On PostgreSQL another worker's claim
    is skipped, not waited for; SQLite's write transaction lets one worker claim at a time."""
    j = s.jobs
    query = (
        select(j.c.id).where(j.c.status == JobStatus.QUEUED).order_by(j.c.id).limit(1)
        .with_for_update(skip_locked=True)
    )  # fmt: skip
    job_id = conn.scalar(query)
    if job_id is None:
        return None
    conn.execute(update(j).where(j.c.id == job_id).values(
        status=JobStatus.RUNNING, worker=worker, started_at=now, heartbeat_at=now))  # fmt: skip
    job = job_row(conn, job_id)
    assert job is not None
    return job, conn.scalar(select(j.c.input).where(j.c.id == job_id))


def set_progress(conn: Connection, job_id: int, share: float, note: str, now: dt.datetime) -> bool:
    """Record progress; whether someone has asked for the job to stop."""
    j = s.jobs
    conn.execute(update(j).where(j.c.id == job_id, j.c.status == JobStatus.RUNNING)
                 .values(progress=share, note=note, heartbeat_at=now))  # fmt: skip
    return bool(conn.scalar(select(j.c.cancel_requested).where(j.c.id == job_id)))


def end_job(conn: Connection, job_id: int, values: dict[str, Any]) -> None:
    """The job's end: its status and result or error; its input is no longer kept."""
    conn.execute(update(s.jobs).where(s.jobs.c.id == job_id).values(input=None, **values))


def request_cancel(conn: Connection, job_id: int, now: dt.datetime) -> None:
    """A queued job ends at once; a running one is asked to stop at its next progress report."""
    j = s.jobs
    conn.execute(update(j).where(j.c.id == job_id, j.c.status == JobStatus.QUEUED).values(
        status=JobStatus.CANCELLED, finished_at=now, input=None, cancel_requested=True))  # fmt: skip
    conn.execute(update(j).where(j.c.id == job_id, j.c.status == JobStatus.RUNNING)
                 .values(cancel_requested=True))  # fmt: skip


def stale_running(conn: Connection, silent_since: dt.datetime) -> list[int]:
    """Running jobs whose worker has reported nothing since ``silent_since`` (it was stopped)."""
    j = s.jobs
    query = select(j.c.id).where(j.c.status == JobStatus.RUNNING, j.c.heartbeat_at < silent_since)
    return list(conn.scalars(query))
