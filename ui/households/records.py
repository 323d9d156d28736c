"""Households: recording a procedure step for one household, and correcting its details."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import Household
from consultations.core.store import Store
from consultations.households.service import edit_household
from consultations.procedure.service import Step, record_step
from translations import _, format_date
from ui.commands import submission_key
from ui.forms import RecordForm, attempt
from ui.household_form import changed_fields, household_fields


def step_section(store: Store, household: Household, today: dt.date, *, actor: Actor) -> None:
    LAND_TYPES = {
        "agricultural": _("Agricultural land"),
        "non_agricultural": _("Non-agricultural land"),
    }
    step_form = RecordForm("step", household.id)
    with st.expander(_("Record a procedure step")), st.form(step_form.id):
        step = st.selectbox(_("Step"), list(Step), format_func=lambda s: s.label,
                            key=step_form.key("step"))  # fmt: skip
        on = st.date_input(_("Date"), today, format="DD/MM/YYYY", key=step_form.key("on"))
        land_type = st.radio(_("Land (for a notice)"), list(LAND_TYPES), format_func=LAND_TYPES.__getitem__,
                             horizontal=True, key=step_form.key("land"))  # fmt: skip
        outcome = st.text_input(_("Outcome (signed, refused, for, against, …)"),
                                key=step_form.key("outcome"))  # fmt: skip
        late = st.text_input(
            _("Why entered late (if more than a week ago)"), key=step_form.key("late")
        )
        if st.form_submit_button(_("Save step")):
            step_id = attempt(lambda: record_step(
                store, household.id, Step(str(step)), on, actor=actor, land_type=land_type,
                outcome=outcome or None, late_reason=late or None,
                key=submission_key("step", household.id, step, on, land_type, outcome, late),
            ))  # fmt: skip
            if step_id is not None:
                step_form.saved(_("Saved: {step} on {date} for {code}.").format(
                    step=Step(str(step)).label, date=format_date(on), code=household.code))  # fmt: skip


def edit_section(store: Store, household: Household, *, actor: Actor) -> None:
    edit_form = RecordForm("edit", household.id, version=household.version, record="household")
    seen = edit_form.seen
    with st.expander(_("Edit details")), st.form(edit_form.id):
        typed = household_fields(edit_form, household)
        if st.form_submit_button(_("Save details")):
            changes = changed_fields(household, typed)
            if not changes:
                st.info(_("Nothing was changed, so nothing was saved."))
            else:
                version = attempt(lambda: edit_household(
                    store, household.id, seen, changes, actor=actor,
                    key=submission_key("household-edit", household.id, seen, changes),
                ))  # fmt: skip
                if version is not None:
                    edit_form.saved(_("Saved the details of {code}.").format(code=household.code))
    edit_form.stale_warning(_("Someone recorded a change to this household since you opened it."))
