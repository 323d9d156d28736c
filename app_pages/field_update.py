"""Field update: on a phone, find a household, set its status, add a concern, attach a photo."""

import datetime as dt

import streamlit as st

from consultations.concerns import raise_concern
from consultations.consent import current_status
from consultations.consent_log import consent_history, record_consent
from consultations.households import search_households
from consultations.records import Channel, ConcernCategory, ConsentStatus
from translations import _
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.session import current_actor
from ui.store import app_store
from ui.uploads import checked_attachment
from ui.widgets import project_picker

st.title(_("Field update"))
store = app_store()
project = project_picker(store)
query = st.text_input(_("Find a household: name, code or sheet/parcel"), key="field-query")
if not query.strip():
    st.caption(_("Type a few letters; accents are not needed."))
    st.stop()
with shown_errors():
    hits = search_households(store, project.id, query, limit=8, actor=current_actor())
if not hits:
    st.warning(_("No household matches “{query}”.").format(query=query))
    st.stop()
labels = {
    h.household.id: f"{h.household.code} · {h.household.head_name} · {h.household.village or ''}"
    for h in hits
}
chosen_id = st.radio(
    _("Household"), list(labels), format_func=labels.__getitem__, key="field-household"
)
hit = next(h for h in hits if h.household.id == chosen_id)
household = hit.household
with shown_errors():
    status = current_status(consent_history(store, household.id, actor=current_actor()))
st.info(
    _("Now: {status} · parcels {parcels}").format(
        status=status.label, parcels=", ".join(hit.parcels) or "-"
    )
)

with st.form("status-form", clear_on_submit=True):
    st.subheader(_("Status"))
    new_status = st.radio(
        _("New status"), list(ConsentStatus)[1:], format_func=lambda s: s.label, horizontal=False
    )
    happened_on = st.date_input(_("Date"), dt.date.today(), format="DD/MM/YYYY")
    note = st.text_input(_("Note"), key="field-note")
    late_reason = st.text_input(_("Why entered late (if more than a week ago)"))
    photo = st.file_uploader(_("Photo of the signed paper"), type=["jpg", "jpeg", "png", "pdf"])
    if st.form_submit_button(_("Save status"), type="primary", use_container_width=True):
        with shown_errors():
            record_consent(
                store, household.id, ConsentStatus(new_status), happened_on,
                seen_version=household.version, actor=current_actor(), note=note or None,
                late_reason=late_reason or None,
                signed_document=checked_attachment(photo, photo.type) if photo else None,
                key=submission_key("consent", household.id, household.version, new_status, happened_on,
                                   note, late_reason, photo),
            )  # fmt: skip
        st.success(
            _("Saved: {code} is now “{status}”.").format(
                code=household.code, status=ConsentStatus(new_status).label
            )
        )

with st.form("concern-form", clear_on_submit=True):
    st.subheader(_("Add a concern"))
    category = st.selectbox(_("About"), list(ConcernCategory), format_func=lambda c: c.label)
    text = st.text_area(_("What the household said"))
    if st.form_submit_button(_("Save concern"), use_container_width=True):
        with shown_errors():
            raise_concern(
                store, project.id, household_id=household.id, category=ConcernCategory(str(category)),
                channel=Channel.HOUSEHOLD_VISIT, text=text, received_on=dt.date.today(), actor=current_actor(),
                key=submission_key("concern", household.id, category, text),
            )  # fmt: skip
        st.success(_("Concern saved for {code}.").format(code=household.code))
