"""Field update: on a phone, find a household, set its status, add a concern, attach a photo."""

from decimal import Decimal

import streamlit as st

from consultations.concerns.service import raise_concern
from consultations.consent.model import current_status
from consultations.consent.service import consent_history, record_consent
from consultations.core.access import Action
from consultations.core.numbers import MAX_VND, NumberRule, read_optional
from consultations.core.records import Channel, ConcernCategory, ConsentStatus
from consultations.households.service import search_households
from translations import _, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import attempt, form_id, reload_button, saved, seen_version, show_saved
from ui.numbers import number_field
from ui.session import current_actor
from ui.store import app_store
from ui.uploads import PHOTO_TYPES, checked_attachment
from ui.widgets import plain, project_picker


def _whole(number: Decimal | None) -> int | None:
    return None if number is None else int(number)


st.title(_("Field update"))
store = app_store()
actor = current_actor()
project = project_picker(store)
show_saved()
query = st.text_input(_("Find a household: name, code or sheet/parcel"), key="field-query")
if not query.strip():
    st.caption(_("Type a few letters; accents are not needed."))
    st.stop()
with shown_errors():
    hits = search_households(store, project.id, query, limit=8, actor=actor)
if not hits:
    st.warning(_("No household matches “{query}”.").format(query=plain(query)))
    st.stop()
labels = {
    h.household.id: plain(
        f"{h.household.code} · {h.household.head_name} · {h.household.village or ''}"
    )
    for h in hits
}
chosen_id = st.radio(
    _("Household"), list(labels), format_func=labels.__getitem__, key="field-household"
)
hit = next(h for h in hits if h.household.id == chosen_id)
household = hit.household
with shown_errors():
    status = current_status(consent_history(store, household.id, actor=actor))
st.info(
    _("Now: {status} · parcels {parcels}").format(
        status=status.label, parcels=plain(", ".join(hit.parcels) or "-")
    )
)

if not actor.may_in(
    Action.EDIT_RECORDS, project.id
):  # a chair reads here; only those who may save see forms
    st.info(
        _("Your role reads households here; recording consent and concerns is for field officers.")
    )
    st.stop()
seen = seen_version("consent", household.id, household.version)
with st.form(form_id("status", household.id)):
    st.subheader(_("Status"))
    new_status = st.radio(
        _("New status"), list(ConsentStatus)[1:], format_func=lambda s: s.label, horizontal=False
    )
    happened_on = st.date_input(_("Date"), local_today(), format="DD/MM/YYYY")
    note = st.text_input(_("Note"), key="field-note")
    late_reason = st.text_input(_("Why entered late (if more than a week ago)"))
    photo = st.file_uploader(_("Photo of the signed paper (JPG, PNG or PDF)"))
    if st.form_submit_button(_("Save status"), type="primary", width="stretch"):
        event = attempt(lambda: record_consent(
            store, household.id, ConsentStatus(new_status), happened_on, seen_version=seen,
            actor=actor, note=note or None, late_reason=late_reason or None,
            signed_document=checked_attachment(photo, photo.type, PHOTO_TYPES) if photo else None,
            key=submission_key("consent", household.id, seen, new_status, happened_on, note,
                               late_reason, photo),
        ))  # fmt: skip
        if event is not None:
            saved(_("Saved: {code} is now “{status}”.").format(code=household.code, status=event.status.label),
                  "status", household.id, record_id=household.id)  # fmt: skip
if seen != household.version:
    st.warning(_("Someone recorded a change to this household since you opened it."))
    reload_button("consent", household.id, household.version)

concern_form = form_id("concern", household.id)
asked_rule = NumberRule(
    _("Amount the household asks, if about the price (đ)"), 1000, MAX_VND, money=True
)
with st.form(concern_form):
    st.subheader(_("Add a concern"))
    category = st.selectbox(_("About"), list(ConcernCategory), format_func=lambda c: c.label)
    text = st.text_area(_("What the household said"))
    asked = number_field(asked_rule, key=f"{concern_form}:asked",
                         help=_("Leave it empty if it names no amount."))  # fmt: skip
    if st.form_submit_button(_("Save concern"), width="stretch"):
        concern = attempt(lambda: raise_concern(
            store, project.id, household_id=household.id, category=ConcernCategory(str(category)),
            channel=Channel.HOUSEHOLD_VISIT, text=text, received_on=local_today(), actor=actor,
            asked_vnd=_whole(read_optional(asked, asked_rule)), key=submission_key("concern", household.id, category, text, asked),
        ))  # fmt: skip
        if concern is not None:
            saved(
                _("Concern saved for {code}.").format(code=household.code), "concern", household.id
            )
