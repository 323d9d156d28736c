"""“Correct the entry just made”: the recorder's form to correct their latest entry, prefilled
with it, shown while the window to correct it is open (``core.corrections``)."""

from __future__ import annotations

import streamlit as st

from consultations.consent.service import correct_last_consent, correctable_consent
from consultations.core.access import Actor
from consultations.core.corrections import Entry, correctable_until
from consultations.core.records import ConsentStatus, Household
from consultations.core.store import Store
from translations import _, format_time
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt


def correct_label() -> str:
    """What the recorder opens, on every page where an entry may be corrected."""
    return _("Correct the entry just made")


def consent_correction(store: Store, actor: Actor, household: Household) -> None:
    """The household's latest status ``actor`` recorded, to correct with a reason, until the
    window closes; afterwards nothing is shown (a new status, with its reason, is the way)."""
    with shown_errors():
        event = correctable_consent(store, household.id, actor=actor)
    if event is None or event.id is None or event.recorded_at is None:
        return
    until = correctable_until(Entry(event.id, event.recorded_by, event.recorded_at))
    fixing = RecordForm(
        "consent-correction", household.id, event.id, version=household.version, record="household"
    )
    seen = fixing.seen
    statuses = list(ConsentStatus)[1:]
    label = correct_label() + " · " + _("until {time}").format(time=format_time(until))
    with st.expander(label, icon="✏️"), st.form(fixing.id):
        st.caption(
            _("Your entry stays in the history, marked as corrected; the correction counts.")
        )
        status = st.radio(
            _("Correct status"), statuses, index=statuses.index(event.status),
            format_func=lambda s: s.label, key=fixing.key("status"),
        )  # fmt: skip
        happened_on = st.date_input(
            _("Date"), event.happened_on, format="DD/MM/YYYY", key=fixing.key("date")
        )
        note = st.text_input(_("Note"), event.note or "", key=fixing.key("note"))
        reason = st.text_input(_("Why it is corrected"), key=fixing.key("reason"))
        if st.form_submit_button(_("Save the correction"), width="stretch"):
            fixed = attempt(lambda: correct_last_consent(
                store, event.id or 0, ConsentStatus(status), happened_on, seen_version=seen,
                actor=actor, reason=reason, note=note or None, late_reason=event.late_reason,
                key=submission_key("consent-correction", event.id, seen, status, happened_on,
                                   note, reason),
            ))  # fmt: skip
            if fixed is not None:
                fixing.saved(_("Corrected: {code} is now “{status}”.").format(
                    code=household.code, status=fixed.status.label))  # fmt: skip
