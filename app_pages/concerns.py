"""Concerns: the queue of open concerns by age and category, and their answers."""

import streamlit as st

from consultations.concerns.receipts import issue_concern_receipt
from consultations.concerns.service import (
    RESOLVE_WITHIN_DAYS,
    ConcernStep,
    concerns_seen_by,
    update_concern,
)
from consultations.core.access import Action
from consultations.core.records import ConcernCategory
from consultations.core.typed import frame_of
from translations import _, format_date, local_today
from ui.commands import submission_key
from ui.corrections import concern_correction
from ui.editing import may_record
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.receipts import receipt_button
from ui.widgets import date_columns, keep_choice, pick_many, table

store, actor, project = page_frame(_("Concerns"))
today = local_today()
with shown_errors():
    concerns = concerns_seen_by(store, project.id, actor=actor, today=today)
if not concerns:
    st.info(_("No concern recorded yet."))
    st.stop()
only_open = st.toggle(_("Open concerns only"), True)
categories = pick_many(_("Category"), list(ConcernCategory), format_func=lambda c: c.label)
shown = sorted(
    (c for c in concerns if (c.open or not only_open) and (not categories or c.category in categories)),
    key=lambda c: -c.age_days,
)  # fmt: skip
cols = st.columns(3)
cols[0].metric(_("Open"), sum(c.open for c in concerns))
cols[1].metric(
    _("Older than {days} days").format(days=RESOLVE_WITHIN_DAYS), sum(c.overdue for c in concerns)
)
cols[2].metric(_("Not yet acknowledged in time"), sum(c.ack_overdue for c in concerns))
listed = frame_of(
    shown, ["household_code", "head_name", "category", "text", "received_on", "age_days", "answer"]
)
table(
    listed.assign(category=listed.category.map(lambda c: ConcernCategory(c).label)).rename(
        columns={"household_code": _("Household"), "head_name": _("Head of household"),
                 "category": _("Category"), "text": _("Concern"), "received_on": _("Received"),
                 "age_days": _("Age (days)"), "answer": _("Answer")}),
    hide_index=True, width="stretch", column_config=date_columns(_("Received")),
)  # fmt: skip
if not shown:
    st.stop()
rows = {c.id: c for c in shown}
keep_choice("concern-chosen", rows)  # "This week" opens a concern here by setting it
concern_id = st.selectbox(
    _("Concern"), list(rows), key="concern-chosen",
    format_func=lambda i: " · ".join(str(x) for x in (
        rows[i].household_code or _("whole project"), format_date(rows[i].received_on),
        rows[i].category.label, rows[i].text[:60]) if x),
)  # fmt: skip
row = rows[int(concern_id)]
form = RecordForm("respond", row.id, version=row.version, record="concern")
seen = form.seen
with st.form(form.id):
    # The next step is offered first: acknowledged, then answered, then resolved.
    steps = list(ConcernStep)
    following = (
        ConcernStep.ACKNOWLEDGED if row.acknowledged_on is None
        else ConcernStep.ANSWERED if row.answered_on is None else ConcernStep.RESOLVED
    )  # fmt: skip
    step = st.radio(_("What happened"), steps, format_func=lambda s: s.label, horizontal=True,
                    index=steps.index(following), key=form.key("step"))  # fmt: skip
    on = st.date_input(_("Date"), today, format="DD/MM/YYYY", key=form.key("on"))
    answer = st.text_area(_("Answer (when answering)"), row.answer or "", key=form.key("answer"))
    if st.form_submit_button(_("Save")):
        changed = attempt(lambda: update_concern(
            store, row.id, project.id, ConcernStep(str(step)), on, seen_version=seen, actor=actor,
            answer=answer or None,
            key=submission_key("concern-step", row.id, seen, step, on, answer),
        ))  # fmt: skip
        if changed is not None:
            form.saved(_("Saved: the concern is marked “{step}”.").format(
                step=ConcernStep(str(step)).label))  # fmt: skip
form.stale_warning()
if may_record(actor, project, say=False):  # the step just marked in error
    concern_correction(store, actor, project, row)
if actor.may_in(Action.EDIT_RECORDS, project.id):
    receipt_button(project.slug, row.id,
                   lambda: issue_concern_receipt(store, row.id, project.id, actor=actor))  # fmt: skip
