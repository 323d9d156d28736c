"""The signed-in user's long work (imports, saving a returned field package, reports and exports)
as the worker reports it, on whichever server the page runs: progress while it runs (read again
every second or two), cancel, then its result or the sentence that stopped it. A reload, or a move
to another server, shows the same. Each page shows the kinds of work it asks for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from consultations.core.access import Actor
from consultations.core.store import Store
from consultations.jobs.model import Job, JobKind, JobStatus
from consultations.jobs.service import cancel_job, job_file, my_jobs
from consultations.land.reports import change_lines
from consultations.land.service import ImpactChanges
from translations import _
from ui.errors import shown_errors
from ui.widgets import plain

#: Seconds between two looks at a running job.
EVERY_S = 1.5


@dataclass(frozen=True)
class Which:
    """The jobs a panel shows: of these kinds, of one project (None: of any)."""

    kinds: tuple[JobKind, ...]
    project_id: int | None


#: How a page shows a job that ended well: its result.
Done = Callable[[Store, Job, Actor], None]


def import_done(_store: Store, job: Job, _actor: Actor) -> None:
    """An import's result: what it changed."""
    st.success(_("Saved. The affected parcels were computed again."))
    for line in change_lines(ImpactChanges(**(job.result or {}))):
        st.markdown("• " + plain(line))


def file_done(
    store: Store, job: Job, actor: Actor, label: str | None = None, said: str | None = None
) -> None:
    """A report's or an export's result: its file, for whoever may still read it; ``said`` what
    it holds (else its name), ``label`` the button's (else "Download")."""
    with shown_errors():
        made = job_file(store, job.id, actor=actor)
        st.success(said or _("Ready: {name}").format(name=plain(made.file_name)))
        st.download_button(label or _("Download"), made.content, file_name=made.file_name,
                           mime=made.mime, key=f"download-job-{job.id}", width="stretch")  # fmt: skip


def _show(store: Store, job: Job, actor: Actor, done: Done) -> None:
    title = _("{what} #{id} ({who}): {status}").format(
        what=job.kind.label, id=job.id, who=plain(job.requested_by), status=job.status.label
    )
    if not job.status.finished:
        st.progress(job.progress, text=f"{title} · {plain(job.note or '')}")
        if not job.cancel_requested and st.button(_("Cancel this work"), key=f"cancel-{job.id}"):
            with shown_errors():
                cancel_job(store, job.id, actor=actor)
            st.rerun()
    elif job.status is JobStatus.DONE:
        st.caption(title)
        done(store, job, actor)
    elif job.status is JobStatus.FAILED:
        st.error(f"{title}. {plain(job.error or '')}", icon="⚠️")
    else:
        st.info(f"{title}. {plain(job.error or '')}")


def _shown(store: Store, actor: Actor, which: Which, ended: int | None) -> list[Job]:
    """Every job of ``which`` still waiting or running, and the latest one if it ended within the
    hour and is ``ended`` (the one this page asked for), or any when ``ended`` is 0 (a page with
    no request of its own: a reload, another server)."""
    jobs = my_jobs(store, actor=actor, kinds=which.kinds, project_id=which.project_id, limit=5)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    return [j for i, j in enumerate(jobs) if not j.status.finished
            or (i == 0 and j.finished_at is not None and j.finished_at >= since
                and ended in (0, j.id))]  # fmt: skip


def _panel(
    store: Store, actor: Actor, which: Which, ended: int | None, done: Done,
    *, live: bool,
) -> None:  # fmt: skip
    jobs = _shown(store, actor, which, ended)
    for job in jobs:
        _show(store, job, actor, done)
    running = any(not j.status.finished for j in jobs)
    if running != live:  # started or ended since the page ran: the page runs again
        st.rerun()


@st.fragment(run_every=EVERY_S)
def _live_panel(store: Store, actor: Actor, which: Which, ended: int | None, done: Done) -> None:
    _panel(store, actor, which, ended, done, live=True)


@st.fragment
def _still_panel(store: Store, actor: Actor, which: Which, ended: int | None, done: Done) -> None:
    _panel(store, actor, which, ended, done, live=False)


def job_panel(
    store: Store, actor: Actor, ended: int | None = 0,
    kinds: tuple[JobKind, ...] = (JobKind.IMPORT_LAYER,), done: Done = import_done,
    project_id: int | None = None,
) -> None:  # fmt: skip
    """The user's latest work of ``kinds`` (of ``project_id``'s project, if given): read again
    every moment while one is running."""
    which = Which(kinds, project_id)
    jobs = _shown(store, actor, which, ended)
    if not jobs:
        return
    if any(not j.status.finished for j in jobs):
        _live_panel(store, actor, which, ended, done)
    else:
        _still_panel(store, actor, which, ended, done)
