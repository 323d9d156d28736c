"""The Overview's last part: the chosen project's map as one HTML file to share at a meeting."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.core.access import Action, Actor
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.jobs.model import JobKind
from consultations.jobs.service import queue_shared_map
from consultations.reporting.options import Audience
from translations import _
from ui.commands import submission_key
from ui.forms import attempt
from ui.jobs import file_done, job_panel


def shared_map_section(store: Store, chosen: Project, as_of: dt.date, *, actor: Actor) -> None:
    with st.expander(_("Map to share at a meeting (one HTML file, works offline)")):
        audience = st.radio(
            _("Audience"), list(Audience) if actor.may_in(Action.EXPORT_INTERNAL, chosen.id) else [Audience.PUBLIC], horizontal=True,
            format_func=lambda a: _("Residents (public)") if a is Audience.PUBLIC else _("Officials (internal)"),
        )  # fmt: skip
        show_names = actor.may_in(Action.EXPORT_INTERNAL, chosen.id) and st.checkbox(
            _("Show land users' names"), False
        )
        if st.button(_("Prepare the map")):  # the worker draws it (cli.py worker)
            attempt(lambda: queue_shared_map(
                store, chosen, Audience(str(audience)), as_of=as_of, show_names=show_names,
                actor=actor, key=submission_key("shared-map", chosen.id, audience, as_of, show_names,
                                                f"{dt.datetime.now():%Y%m%d%H%M}"),  # a minute later: anew
            ))  # fmt: skip
        job_panel(store, actor, kinds=(JobKind.SHARED_MAP,), project_id=chosen.id,
                  done=lambda s, job, a: file_done(s, job, a, _("Download the map")))  # fmt: skip
