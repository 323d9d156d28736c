"""Commitments: what was promised at meetings, by whom and by when; overdue ones first."""

import datetime as dt

import streamlit as st

from consultations.commitments.service import (
    add_commitment,
    commitments_seen_by,
    set_commitment_status,
)
from consultations.core.records import CommitmentStatus
from consultations.core.typed import frame_of
from translations import _, format_date, local_today
from ui.commands import submission_key
from ui.editing import may_record
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.widgets import date_columns, keep_choice, table

store, actor, project = page_frame(_("Commitments"))
today = local_today()
with shown_errors():
    commitments = commitments_seen_by(store, project.id, actor=actor, today=today)
if commitments:
    st.metric(_("Overdue"), sum(c.overdue for c in commitments))
    ordered = sorted(commitments, key=lambda c: (not c.overdue, c.due_on or dt.date.max))
    listed = frame_of(ordered, ["text", "promised_by", "due_on", "status", "done_on", "days_late"])
    table(
        listed.assign(status=listed.status.map(lambda s: CommitmentStatus(s).label)).rename(
            columns={"text": _("Promise"), "promised_by": _("Promised by"), "due_on": _("Due"),
                     "status": _("Status"), "done_on": _("Done"), "days_late": _("Days late")}),
        hide_index=True, width="stretch", column_config=date_columns(_("Due"), _("Done")),
    )  # fmt: skip
if not may_record(actor, project):  # a chair reads the list; the sentence says why no form
    st.stop()
if commitments:
    rows = {c.id: c for c in ordered}
    keep_choice("commitment-chosen", rows)  # "This week" opens a commitment here by setting it
    commitment_id = st.selectbox(
        _("Commitment"), list(rows), key="commitment-chosen",
        format_func=lambda i: _("{text} · due {date}").format(
            text=rows[i].text, date=format_date(rows[i].due_on)
        ),
    )  # fmt: skip
    row = rows[int(commitment_id)]
    current = row.status
    form = RecordForm("commitment", row.id, version=row.version)
    seen = form.seen
    with st.form(form.id):  # the form shows this commitment as it is now
        statuses = list(CommitmentStatus)
        status = st.radio(_("Status"), statuses, index=statuses.index(current),
                          format_func=lambda s: s.label, horizontal=True, key=form.key("status"))  # fmt: skip
        done_default = row.done_on or today
        done_on = st.date_input(_("Done on"), done_default, format="DD/MM/YYYY",
                                key=form.key("done"))  # fmt: skip
        unchanged = status == current and (
            current is not CommitmentStatus.DONE or done_on == done_default
        )
        submitted = st.form_submit_button(_("Save"))
        if submitted and unchanged:
            st.info(_("Nothing was changed, so nothing was saved."))
        elif submitted:
            changed = attempt(lambda: set_commitment_status(
                store, row.id, project.id, CommitmentStatus(str(status)), seen_version=seen,
                actor=actor, done_on=done_on,
                key=submission_key("commitment-status", row.id, seen, status, done_on),
            ))  # fmt: skip
            if changed is not None:
                form.saved(_("Saved: “{text}” is now {status}.").format(
                    text=row.text, status=CommitmentStatus(str(status)).label))  # fmt: skip
    form.stale_warning()
adding = RecordForm("add-commitment", project.id)
with st.expander(_("Add a commitment")), st.form(adding.id):
    text = st.text_input(_("Promise"))
    by = st.text_input(_("Promised by"))
    due = st.date_input(_("Due"), today + dt.timedelta(days=14), format="DD/MM/YYYY")
    if st.form_submit_button(_("Add")):
        added = attempt(lambda: add_commitment(
            store, project.id, text=text, promised_by=by, due_on=due, actor=actor,
            key=submission_key("commitment-add", project.id, text, by, due),
        ))  # fmt: skip
        if added is not None:
            adding.saved(_("Commitment recorded: “{text}”.").format(text=text.strip()))
