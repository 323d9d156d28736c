"""The worker: ``cli.py worker`` claims queued jobs one at a time and does them, outside every app
server. Progress is written to the job's row, so any server shows it; a cancel asked for on any
server stops the work at its next step and rolls it back; the result, or a plain sentence of what
stopped it, stays with the job."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from typing import Any

from consultations.accounts.sessions import acting_user
from consultations.core.access import Actor, operator
from consultations.core.audit import utcnow
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied, StoreBusy
from consultations.core.messages import USER_ERRORS, message_for
from consultations.jobs.model import Job, JobCancelled, JobStatus, MadeFile
from consultations.jobs.store import claim_next, end_job, job_row, set_progress, stale_running
from consultations.jobs.work import WORK
from translations import _

log = logging.getLogger(__name__)
#: A running job whose worker has said nothing for this long was stopped with its worker.
SILENT_FOR = dt.timedelta(minutes=15)


def _report(store: Store, job_id: int, share: float, note: str) -> bool:
    """Progress written; whether the job was cancelled. While the job's own work holds SQLite's
    write lock the report is skipped and only the cancel flag is read."""
    try:
        with store.begin_if_free() as conn:
            return set_progress(conn, job_id, share, note, utcnow())
    except StoreBusy:
        with store.read() as conn:
            job = job_row(conn, job_id)
        return job is not None and job.cancel_requested


def _end(store: Store, job_id: int, status: JobStatus, **values: Any) -> None:
    values.update(status=status, finished_at=utcnow())
    if status is JobStatus.DONE:
        values["progress"] = 1.0
    with store.begin() as conn:
        end_job(conn, job_id, values)


def _requester(store: Store, job: Job, worker: Actor) -> Actor:
    if job.user_id is None:
        return operator(job.requested_by)
    actor = acting_user(store, job.user_id, actor=worker)
    if actor is None:
        raise PermissionDenied(_("The account that asked for this work is disabled."))
    return actor


def run_job(store: Store, job: Job, payload: bytes | None, *, actor: Actor) -> JobStatus:
    """Do one claimed job to its end; its status then."""

    def progress(share: float, note: str) -> None:
        if _report(store, job.id, share, note):
            raise JobCancelled

    try:
        result = WORK[job.kind](store, job, payload or b"", _requester(store, job, actor), progress)
    except JobCancelled:
        _end(store, job.id, JobStatus.CANCELLED, error=_("Cancelled: nothing of it was saved."))
        return JobStatus.CANCELLED
    except USER_ERRORS as error:
        _end(store, job.id, JobStatus.FAILED, error=message_for(error))
        return JobStatus.FAILED
    except Exception:  # a bug: the user reads a sentence, the log keeps the traceback
        log.exception("job %s failed", job.id)
        _end(store, job.id, JobStatus.FAILED, error=_(
            "The work stopped because of a fault in Clearway; nothing of it was saved. Tell the "
            "administrator (the server's log names the fault)."))  # fmt: skip
        return JobStatus.FAILED
    if isinstance(result, MadeFile):  # the bytes apart, where only job_file reads them
        made = {"file_name": result.file_name, "mime": result.mime, "size": len(result.content)}
        _end(store, job.id, JobStatus.DONE, result={**result.facts, **made}, output=result.content)
    else:
        _end(store, job.id, JobStatus.DONE, result=result)
    return JobStatus.DONE


def run_next(store: Store, *, actor: Actor) -> JobStatus | None:
    """Claim the oldest queued job and do it; None when none is waiting. Jobs left running by a
    worker that stopped are failed first, with a sentence."""
    name = f"{socket.gethostname()}:{os.getpid()}"
    with store.begin() as conn:
        for job_id in stale_running(conn, utcnow() - SILENT_FOR):
            end_job(conn, job_id, {"status": JobStatus.FAILED, "finished_at": utcnow(),
                                   "error": _("The worker stopped during this work; nothing "
                                              "of it was saved. Ask for it again.")})  # fmt: skip
        claimed = claim_next(conn, name, utcnow())
    if claimed is None:
        return None
    return run_job(store, *claimed, actor=actor)


def run_worker(store: Store, *, actor: Actor, poll_s: float = 1.0, once: bool = False) -> int:
    """Do queued jobs until stopped (``once``: until none is waiting); how many were done."""
    done = 0
    while True:
        if run_next(store, actor=actor) is not None:
            done += 1
            continue
        if once:
            return done
        time.sleep(poll_s)
