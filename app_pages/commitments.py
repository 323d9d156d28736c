"""Commitments: what was promised at meetings, by whom and by when; overdue ones first."""

import datetime as dt

import streamlit as st

from consultations.commitments import (
    add_commitment,
    commitments_seen_by,
    set_commitment_status,
    with_overdue,
)
from consultations.records import CommitmentStatus
from translations import _
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.session import current_actor
from ui.store import app_store
from ui.widgets import date_columns, project_picker

st.title(_("Commitments"))
store = app_store()
project = project_picker(store)
today = dt.date.today()
with shown_errors():
    commitments = with_overdue(commitments_seen_by(store, project.id, actor=current_actor()), today)
if not commitments.empty:
    st.metric(_("Overdue"), int(commitments.overdue.sum()))
    st.dataframe(
        commitments.sort_values(["overdue", "due_on"], ascending=[False, True])[
            ["id", "text", "promised_by", "due_on", "status", "done_on", "days_late"]
        ].rename(columns={"text": _("Promise"), "promised_by": _("Promised by"), "due_on": _("Due"),
                          "status": _("Status"), "done_on": _("Done"), "days_late": _("Days late")}),
        hide_index=True, width="stretch", column_config=date_columns(_("Due"), _("Done")),
    )  # fmt: skip
    with st.form("status"):
        commitment_id = st.selectbox(_("Commitment number"), list(commitments.id))
        status = st.radio(_("Status"), list(CommitmentStatus), format_func=str, horizontal=True)
        done_on = st.date_input(_("Done on"), today, format="DD/MM/YYYY")
        if st.form_submit_button(_("Save")):
            row = commitments[commitments.id == commitment_id].iloc[0]
            with shown_errors():
                set_commitment_status(store, int(commitment_id), project.id, CommitmentStatus(str(status)),
                                      seen_version=int(row.version), actor=current_actor(), done_on=done_on,
                                      key=submission_key("commitment-status", commitment_id, row.version, status, done_on))  # fmt: skip
            st.rerun()
with st.expander(_("Add a commitment")), st.form("add"):
    text = st.text_input(_("Promise"))
    by = st.text_input(_("Promised by"))
    due = st.date_input(_("Due"), today + dt.timedelta(days=14), format="DD/MM/YYYY")
    if st.form_submit_button(_("Add")):
        with shown_errors():
            add_commitment(
                store,
                project.id,
                text=text,
                promised_by=by,
                due_on=due,
                actor=current_actor(),
                key=submission_key("commitment-add", project.id, text, by, due),
            )
        st.rerun()
