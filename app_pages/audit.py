"""Audit log (administrators): who changed or exported what, and when; filter and download."""

import datetime as dt

import pandas as pd
import streamlit as st

from consultations.audit.service import audit_trail
from consultations.core.labels import action_label, describe, entity_label
from consultations.core.spreadsheets import csv_bytes
from consultations.households.service import search_households
from consultations.projects.service import list_projects
from translations import _, format_datetime, local_today
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.widgets import table

store, actor = page_frame(_("Audit log"), project=False, saves=False)
projects = {p.id: p.name for p in list_projects(store)}
columns = st.columns(4)
user = columns[0].text_input(_("User name"))
project_id = columns[1].selectbox(
    _("Project"), [None, *projects], format_func=lambda p: "-" if p is None else projects[p]
)
since = columns[2].date_input(_("From"), local_today() - dt.timedelta(days=30), format="DD/MM/YYYY")
until = columns[3].date_input(_("To"), local_today(), format="DD/MM/YYYY")
household_id = None
if project_id is not None:
    query = st.text_input(_("Household (code or name)"))
    if query:
        hits = search_households(store, int(project_id), query, actor=actor)
        options = {h.household.id: f"{h.household.code} · {h.household.head_name}" for h in hits}
        household_id = (
            st.selectbox(_("Household"), list(options), format_func=options.__getitem__)
            if options
            else None
        )
with shown_errors():
    trail = audit_trail(store, actor=actor, user=user or None, project_id=project_id, household_id=household_id,
                        since=since, until=until)  # fmt: skip
st.caption(_("{n} entries, newest first.").format(n=len(trail)))
shown = pd.DataFrame({
    _("When"): [format_datetime(e.at) for e in trail], _("Who"): [e.actor for e in trail],
    _("Action"): [action_label(e.action) for e in trail],
    _("Record"): [entity_label(e.entity) for e in trail],
    _("Number"): [e.entity_id for e in trail],
    _("Project"): [projects.get(e.project_id, "") if e.project_id else "" for e in trail],
    _("Before"): [describe(e.before) for e in trail], _("After"): [describe(e.after) for e in trail],
})  # fmt: skip
table(shown, hide_index=True, width="stretch")
st.download_button(_("Download (CSV)"), csv_bytes(shown),
                   file_name="nhat-ky.csv", mime="text/csv")  # fmt: skip
