"""Households: search, then one household's file: details, parcels, timeline, concerns, deadlines.

Its sections live in ui/households/; this file is their table of contents."""

import pandas as pd
import streamlit as st

from consultations.documents.evidence import files_of_household
from consultations.reporting.timeline import household_file
from translations import _, local_today
from ui.contacts import messages_section
from ui.corrections import consent_correction
from ui.editing import may_record
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.households.adding import add_section
from ui.households.file import household_heading, print_section
from ui.households.listing import household_list
from ui.households.records import edit_section, step_section
from ui.widgets import date_columns, evidence_files, table

store, actor, project = page_frame(_("Households"))
hits, progress = household_list(store, project, actor=actor)
recorder = may_record(actor, project)
if recorder:
    add_section(store, project, actor=actor)
if not hits:
    st.stop()
options = {h.household.id: f"{h.household.code} · {h.household.head_name}" for h in hits}
chosen = st.selectbox(_("Open a household"), list(options), format_func=options.__getitem__)
today = local_today()
with shown_errors():
    record = household_file(store, int(chosen or next(iter(options))), today, actor=actor)
household = record.household
household_heading(record, progress)
print_section(store, household, actor=actor)

st.subheader(_("Timeline"))
table(
    record.timeline.rename(columns={"on": _("Date"), "kind": _("Kind"), "what": _("What"), "by": _("By")}),
    hide_index=True, width="stretch", column_config=date_columns(_("Date")),
)  # fmt: skip
if recorder:  # the status the user just recorded in error, beside the history that shows it
    consent_correction(store, actor, household)
with shown_errors():
    evidence = files_of_household(store, household.id, actor=actor)
if evidence:
    st.caption(_("Signed papers and receipts"))
    evidence_files(store, evidence, actor)

st.subheader(_("Procedure deadlines"))
if record.deadlines:
    table(
        pd.DataFrame([{_("Step"): d.to_step.label, _("Date"): d.date, _("Kind"): d.kind_label, _("State"): d.state.label}
                      for d in record.deadlines]),
        hide_index=True, column_config=date_columns(_("Date")),
    )  # fmt: skip
messages_section(store, household, actor, recorder=recorder)
if not recorder:  # a chair or a viewer reads the file; the sentence above says why no form
    st.stop()
step_section(store, household, today, actor=actor)
edit_section(store, household, actor=actor)
