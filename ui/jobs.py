"""The signed-in user's long work (imports) as the worker reports it, on whichever server the page
runs: progress while it runs (read again every second or two), cancel, then its result or the
sentence that stopped it. A reload, or a move to another server, shows the same."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.core.access import Actor
from consultations.core.store import Store
from consultations.jobs.model import Job, JobStatus
from consultations.jobs.service import cancel_job, my_jobs
from consultations.land.reports import change_lines
from consultations.land.service import ImpactChanges
from translations import _
from ui.errors import shown_errors
from ui.widgets import plain

#: Seconds between two looks at a running job.
EVERY_S = 1.5


def _show(store: Store, job: Job, actor: Actor) -> None:
    title = _("Import #{id} ({who}): {status}").format(
        id=job.id, who=plain(job.requested_by), status=job.status.label
    )
    if not job.status.finished:
        st.progress(job.progress, text=f"{title} · {plain(job.note or '')}")
        if not job.cancel_requested and st.button(_("Cancel this import"), key=f"cancel-{job.id}"):
            with shown_errors():
                cancel_job(store, job.id, actor=actor)
            st.rerun()
    elif job.status is JobStatus.DONE:
        st.success(_("Saved. The affected parcels were computed again."))
        st.caption(title)
        for line in change_lines(ImpactChanges(**(job.result or {}))):
            st.markdown("• " + plain(line))
    elif job.status is JobStatus.FAILED:
        st.error(f"{title}. {plain(job.error or '')}", icon="⚠️")
    else:
        st.info(f"{title}. {plain(job.error or '')}")


def _shown(store: Store, actor: Actor, ended: int | None) -> list[Job]:
    """Every import still waiting or running, and the latest one if it ended within the hour and
    is ``ended`` (the one this page asked for), or any when ``ended`` is 0 (a page with no upload
    of its own: a reload, another server)."""
    jobs = my_jobs(store, actor=actor, limit=5)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    return [j for i, j in enumerate(jobs) if not j.status.finished
            or (i == 0 and j.finished_at is not None and j.finished_at >= since
                and ended in (0, j.id))]  # fmt: skip


def _panel(store: Store, actor: Actor, ended: int | None, *, live: bool) -> None:
    jobs = _shown(store, actor, ended)
    for job in jobs:
        _show(store, job, actor)
    running = any(not j.status.finished for j in jobs)
    if running != live:  # started or ended since the page ran: the page runs again
        st.rerun()


@st.fragment(run_every=EVERY_S)
def _live_panel(store: Store, actor: Actor, ended: int | None) -> None:
    _panel(store, actor, ended, live=True)


@st.fragment
def _still_panel(store: Store, actor: Actor, ended: int | None) -> None:
    _panel(store, actor, ended, live=False)


def job_panel(store: Store, actor: Actor, ended: int | None = 0) -> None:
    """The user's latest imports: read again every moment while one is running."""
    jobs = _shown(store, actor, ended)
    if not jobs:
        return
    if any(not j.status.finished for j in jobs):
        _live_panel(store, actor, ended)
    else:
        _still_panel(store, actor, ended)
