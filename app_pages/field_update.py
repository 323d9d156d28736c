"""Field update: on a phone, find a household, set its status, add a concern, attach a photo."""

from decimal import Decimal

import streamlit as st

from consultations.concerns.service import raise_concern
from consultations.consent.model import current_status
from consultations.consent.service import consent_history, record_consent
from consultations.core.numbers import MAX_VND, NumberRule, read_optional
from consultations.core.records import Channel, ConcernCategory, ConsentStatus
from consultations.households.service import search_households
from geo.formats import PHOTO_SUFFIXES
from translations import _, local_today
from ui.commands import submission_key
from ui.corrections import consent_correction
from ui.editing import may_record
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.numbers import number_field
from ui.uploads import checked_attachment
from ui.widgets import plain


def _whole(number: Decimal | None) -> int | None:
    return None if number is None else int(number)


store, actor, project = page_frame(_("Field update"))
query = st.text_input(_("Find a household: name, code or sheet/parcel"), key="field-query")
if not query.strip():
    st.caption(_("Type a few letters; accents are not needed."))
    st.stop()
with shown_errors():
    hits = search_households(store, project.id, query, limit=8, actor=actor)
if not hits:
    st.warning(_("No household matches “{query}”.").format(query=plain(query)))
    st.stop()
labels = {h.household.id: plain(f"{h.household.code} · {h.household.head_name} · "
                                f"{h.household.village or ''}") for h in hits}  # fmt: skip
chosen_id = st.radio(_("Household"), list(labels), format_func=labels.__getitem__,
                     key="field-household")  # fmt: skip
hit = next(h for h in hits if h.household.id == chosen_id)
household = hit.household
with shown_errors():
    status = current_status(consent_history(store, household.id, actor=actor))
st.info(_("Now: {status} · parcels {parcels}").format(
    status=status.label, parcels=plain(", ".join(hit.parcels) or "-")))  # fmt: skip

if not may_record(actor, project):  # a chair, or a closed project: read here, no form
    st.stop()
status_form = RecordForm("consent", household.id, version=household.version, record="household")
seen = status_form.seen
with st.form(status_form.id):
    st.subheader(_("Status"))
    choices = list(ConsentStatus)[1:]  # it opens on where the household stands now
    new_status = st.radio(
        _("New status"), choices, index=choices.index(status) if status in choices else 0,
        format_func=lambda s: s.label, horizontal=False, key=status_form.key("status"),
    )  # fmt: skip
    signed = status is ConsentStatus.AGREED
    withdrawn = signed and st.checkbox(
        _("The household withdraws its signed agreement"), key=status_form.key("withdrawn"),
        help=_("Needed to record any status other than “Agreed (signed)” for this household."),
    )  # fmt: skip
    happened_on = st.date_input(
        _("Date"), local_today(), format="DD/MM/YYYY", key=status_form.key("date")
    )
    note = st.text_input(_("Note"), key=status_form.key("note"))
    late_reason = st.text_input(
        _("Why entered late (if more than a week ago)"), key=status_form.key("late")
    )
    photo = st.file_uploader(
        _("Photo of the signed paper (JPG, PNG or PDF)"), key=status_form.key("photo")
    )
    saving = st.form_submit_button(_("Save status"), type="primary", width="stretch")
    if saving and signed and new_status is not ConsentStatus.AGREED and not withdrawn:
        st.error(_("{code} has signed its agreement: tick “The household withdraws its signed "
                   "agreement” to record “{status}”, or keep “Agreed (signed)”. Nothing was "
                   "saved.").format(code=household.code, status=ConsentStatus(new_status).label))  # fmt: skip
    elif saving:
        event = attempt(lambda: record_consent(
            store, household.id, ConsentStatus(new_status), happened_on, seen_version=seen,
            actor=actor, note=note or None, late_reason=late_reason or None,
            signed_document=checked_attachment(photo, photo.type, PHOTO_SUFFIXES) if photo else None,
            key=submission_key("consent", household.id, seen, new_status, happened_on, note,
                               late_reason, photo),
        ))  # fmt: skip
        if event is not None:
            status_form.saved(_("Saved: {code} is now “{status}”.").format(
                code=household.code, status=event.status.label))  # fmt: skip
status_form.stale_warning(_("Someone recorded a change to this household since you opened it."))
consent_correction(store, actor, household)  # the status just saved in error, while it may be

concern_form = RecordForm("concern", household.id)
asked_rule = NumberRule(
    _("Amount the household asks, if about the price (đ)"), 1000, MAX_VND, money=True
)
with st.form(concern_form.id):
    st.subheader(_("Add a concern"))
    category = st.selectbox(_("About"), list(ConcernCategory), format_func=lambda c: c.label,
                            key=concern_form.key("category"))  # fmt: skip
    text = st.text_area(_("What the household said"), key=concern_form.key("text"))
    asked = number_field(asked_rule, key=concern_form.key("asked"),
                         help=_("Leave it empty if it names no amount."))  # fmt: skip
    if st.form_submit_button(_("Save concern"), width="stretch"):
        concern = attempt(lambda: raise_concern(
            store, project.id, household_id=household.id, category=ConcernCategory(str(category)),
            channel=Channel.HOUSEHOLD_VISIT, text=text, received_on=local_today(), actor=actor,
            asked_vnd=_whole(read_optional(asked, asked_rule)), key=submission_key("concern", household.id, category, text, asked),
        ))  # fmt: skip
        if concern is not None:
            concern_form.saved(_("Concern saved for {code}.").format(code=household.code))
