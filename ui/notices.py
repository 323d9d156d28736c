"""Messages officers send to households (e-mail, SMS, Zalo), each by the channels it consented to:
an invitation to a meeting or a reception day, a notice that payment is ready. The outbox sends
them (``cli.py deliver-outbox``); neither carries anything personal or an amount."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.compensation.model import Account
from consultations.core.access import Actor
from consultations.core.records import Household, Project
from consultations.core.store import Store
from consultations.outbox.model import ContactChannel
from consultations.outbox.notices import announce_payment, invite
from consultations.outbox.service import record_contact_consent
from translations import LOCAL_TZ, _, local_today
from ui.commands import submission_key
from ui.forms import RecordForm, attempt
from ui.widgets import pick_many


def invitation_section(
    store: Store, actor: Actor, project: Project, households: dict[int, Household]
) -> None:
    """A form: what, when, where and to whom; the households without consent to any channel
    are told apart in the confirmation, never messaged."""
    form = RecordForm("invitation", project.id)
    with st.expander(_("Invite households by message")), st.form(form.id):
        st.caption(_("Sent only by the channels each household agreed to be contacted by (on its "
                     "file: “Contacts and messages”); the message names what, when and where, "
                     "nothing personal."))  # fmt: skip
        what = st.text_input(_("What they are invited to"), _("a consultation meeting"),
                             key=form.key("what"))  # fmt: skip
        day = st.date_input(_("Date"), local_today() + dt.timedelta(days=7), format="DD/MM/YYYY",
                            key=form.key("day"))  # fmt: skip
        time = st.time_input(_("Time"), dt.time(8, 0), key=form.key("time"))
        place = st.text_input(_("Place"), key=form.key("place"))
        affected = [i for i, h in households.items() if h.affected]
        chosen = pick_many(_("Households invited"), list(households), default=affected,
                           format_func=lambda i: f"{households[i].code} · {households[i].head_name}",
                           key=form.key("households"))  # fmt: skip
        if st.form_submit_button(_("Send the invitation"), type="primary"):
            at = dt.datetime.combine(day, time, LOCAL_TZ)
            written = attempt(lambda: invite(
                store, project.id, what=what, at=at, place=place, project_name=project.name,
                household_ids=list(chosen), actor=actor,
                key=submission_key("invitation", project.id, what, at, place, sorted(chosen)),
            ))  # fmt: skip
            if written is not None:
                form.saved(_("{n} messages are waiting to be sent to the {h} households invited "
                             "(only by the channels each agreed to).").format(n=written, h=len(chosen)))  # fmt: skip


def payment_notice_section(
    store: Store, actor: Actor, project: Project, owed: list[Account]
) -> None:
    """A form: from which day and where households still owed money may collect it (never how
    much), to the households chosen (those approved and not fully paid, by default)."""
    form = RecordForm("payment-notice", project.id)
    names = {a.household_id: f"{a.household_code} · {a.head_name or ''}" for a in owed}
    due = [a.household_id for a in owed if a.approved_on is not None and a.outstanding_vnd > 0]
    with st.expander(_("Tell households their payment is ready")), st.form(form.id):
        st.caption(_("Sent only by the channels each household agreed to be contacted by; the "
                     "message says from when and where, never how much."))  # fmt: skip
        day = st.date_input(_("From"), local_today(), format="DD/MM/YYYY", key=form.key("day"))
        place = st.text_input(_("Place"), key=form.key("place"))
        chosen = pick_many(_("Households told"), list(names), default=due,
                           format_func=names.__getitem__, key=form.key("households"))  # fmt: skip
        if st.form_submit_button(_("Send the notice"), type="primary"):
            written = attempt(lambda: announce_payment(
                store, project.id, from_date=day, place=place, project_name=project.name,
                household_ids=list(chosen), actor=actor,
                key=submission_key("payment-notice", project.id, day, place, sorted(chosen)),
            ))  # fmt: skip
            if written is not None:
                form.saved(_("{n} messages are waiting to be sent to the {h} households told "
                             "(only by the channels each agreed to).").format(n=written, h=len(chosen)))  # fmt: skip


def digest_contact_form(store: Store, actor: Actor, username: str) -> None:
    """Where an official gets the daily digest of what falls due in their scope (by e-mail or
    Zalo), recorded as their consent to be contacted there; withdrawn the same way."""
    form = RecordForm("digest-contact", username)
    with st.form(form.id):
        st.markdown(_("**Daily digest** of what falls due in {name}'s scope").format(name=username))
        channel = st.selectbox(_("Send it by"), [ContactChannel.EMAIL, ContactChannel.ZALO],
                               format_func=lambda c: c.label, key=form.key("channel"))  # fmt: skip
        address = st.text_input(_("E-mail address or phone number"), key=form.key("address"))
        stop = st.checkbox(_("Stop sending it by this channel"), key=form.key("stop"))
        if st.form_submit_button(_("Save where the digest goes")):
            saved = attempt(lambda: record_contact_consent(
                store, ContactChannel(str(channel)), username=username, address=address or None,
                given=not stop, on=local_today(), actor=actor,
                key=submission_key("digest-contact", username, channel, address, stop),
            ))  # fmt: skip
            if saved is not None:
                form.saved(_("Saved: {name} gets the daily digest by {channel}.").format(
                    name=username, channel=ContactChannel(str(channel)).label) if not stop
                    else _("Saved: no more daily digest by {channel}.").format(
                    channel=ContactChannel(str(channel)).label))  # fmt: skip
