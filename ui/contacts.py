"""A household's consent to be contacted by each channel, and the messages sent to it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import Household
from consultations.core.store import Store
from consultations.outbox.model import ContactChannel, Template
from consultations.outbox.service import (
    contact_consents,
    household_messages,
    record_contact_consent,
)
from translations import _, format_datetime, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.widgets import table


def template_label(template: Template) -> str:
    return {
        Template.ACKNOWLEDGED: _("Concern or petition received"), Template.INVITATION: _("Invitation"),
        Template.DEADLINE: _("Deadline reached"), Template.PAYMENT_READY: _("Payment ready"),
        Template.DIGEST: _("Daily digest"),
    }[template]  # fmt: skip


def messages_section(store: Store, household: Household, actor: Actor, *, recorder: bool) -> None:
    """Consent by channel, each message's state, and (for who records) the consent form."""
    st.subheader(_("Contact and messages"))
    with shown_errors():
        consents = contact_consents(store, household.id, actor=actor)
        messages = household_messages(store, household.id, actor=actor)
    agreed = [f"{c.channel.label}: {c.address}" for c in consents if c.given]
    st.write(_("Agreed to be contacted by: {channels}").format(channels=", ".join(agreed) or "-"))
    if messages:
        table(pd.DataFrame([{
            _("Created"): format_datetime(m.created_at), _("Channel"): m.channel.label,
            _("Message"): template_label(m.template), _("State"): m.state.label,
            _("Tries"): m.attempts,
        } for m in messages]), hide_index=True, width="stretch")  # fmt: skip
    if not recorder:
        return
    form = RecordForm("contact", household.id)
    with st.expander(_("Record consent to be contacted")), st.form(form.id):
        channel = st.selectbox(_("Channel"), list(ContactChannel), format_func=lambda c: c.label,
                               key=form.key("channel"))  # fmt: skip
        address = st.text_input(_("E-mail address or phone number"), key=form.key("address"))
        given = st.radio(_("Consent"), [True, False], horizontal=True, key=form.key("given"),
                         format_func=lambda g: _("Agrees") if g else _("Withdraws"))  # fmt: skip
        if st.form_submit_button(_("Save consent")):
            done = attempt(lambda: record_contact_consent(
                store, ContactChannel(str(channel)), household_id=household.id, address=address,
                given=bool(given), on=local_today(), actor=actor,
                key=submission_key("contact", household.id, channel, address, given)))  # fmt: skip
            if done is not None:
                form.saved(_("Saved the consent to be contacted."))
