"""“Correct the entry just made”: the recorder's form to correct their latest entry, prefilled
with it, shown while the window to correct it is open (``core.corrections``)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.compensation.corrections import correct_last_payment, correctable_payment
from consultations.compensation.model import Account, Method, PaymentKind, ledger_rule
from consultations.compensation.money import vnd
from consultations.concerns.model import Concern
from consultations.concerns.service import (
    ConcernStep,
    correct_last_concern_step,
    correctable_step,
)
from consultations.consent.service import correct_last_consent, correctable_consent
from consultations.core.access import Actor
from consultations.core.corrections import Entry, correctable_until
from consultations.core.numbers import read_number
from consultations.core.records import ConsentStatus, Household, MeetingKind, Project
from consultations.core.store import Store
from consultations.meetings.corrections import correct_last_meeting, correctable_meeting
from consultations.meetings.service import MeetingSummary
from translations import LOCAL_TZ, _, format_datetime, format_time, local_time, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.numbers import number_field


def correct_label() -> str:
    """What the recorder opens, on every page where an entry may be corrected."""
    return _("Correct the entry just made")


def _opened(form: RecordForm, label: str) -> bool:
    """A switch that opens the correction form: closed, none of its fields is on the page (their
    labels would repeat the record form's); a save closes it (a new generation of the form)."""
    return st.toggle(label, key=f"open:{form.id}")


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
    if not _opened(fixing, label):
        return
    with st.form(fixing.id):
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


def payment_correction(store: Store, actor: Actor, project: Project, account: Account) -> None:
    """The household's latest ledger entry ``actor`` recorded, to correct with a reason, until the
    window closes: it replaces that entry, under every check a payment passes."""
    with shown_errors():
        found = correctable_payment(store, project.id, account.household_id, actor=actor)
    if found is None:
        return
    entry, newest = found
    until = correctable_until(
        Entry(entry.id, entry.recorded_by, entry.recorded_at or dt.datetime.now(dt.UTC))
    )
    # the ledger as first shown: an entry recorded meanwhile refuses the correction
    fixing = RecordForm(
        "payment-correction", account.household_id, entry.id, version=newest, record="ledger"
    )
    label = correct_label() + " · " + _("until {time}").format(time=format_time(until))
    kinds = list(PaymentKind)
    if not _opened(fixing, label):
        return
    with st.form(fixing.id):
        st.caption(
            _("Your entry stays in the history, marked as corrected; the correction counts.")
        )
        kind = st.selectbox(_("Kind"), kinds, index=kinds.index(entry.kind),
                            format_func=lambda k: k.label, key=fixing.key("kind"))  # fmt: skip
        paid_on = st.date_input(
            _("Day paid"), entry.paid_on, format="DD/MM/YYYY", key=fixing.key("day")
        )
        amount = number_field(ledger_rule(), key=fixing.key("amount"), value=entry.amount_vnd)
        methods = list(Method)
        method = st.selectbox(_("Method"), methods, index=methods.index(entry.method),
                              format_func=lambda m: m.label, key=fixing.key("method"))  # fmt: skip
        receipt = st.text_input(
            _("Receipt or voucher number"), entry.receipt or "", key=fixing.key("receipt")
        )
        reason = st.text_input(_("Why it is corrected"), key=fixing.key("reason"))
        if st.form_submit_button(_("Save the correction"), width="stretch"):
            done = attempt(lambda: correct_last_payment(
                store, project.id, entry.id, kind=PaymentKind(str(kind)), paid_on=paid_on,
                amount_vnd=int(read_number(amount, ledger_rule())), method=Method(str(method)),
                receipt=receipt, reason=reason, seen_version=fixing.seen, actor=actor,
                key=submission_key("payment-correction", entry.id, fixing.seen, kind, paid_on, amount,
                                   method, receipt, reason),
            ))  # fmt: skip
            if done is not None:
                fixing.saved(_("Corrected: the payment is now {amount}.").format(
                    amount=vnd(int(read_number(amount, ledger_rule())))))  # fmt: skip
    fixing.stale_warning()  # another entry since: take the newest ledger, keep what was typed


def concern_correction(store: Store, actor: Actor, project: Project, concern: Concern) -> None:
    """The step ``actor`` just marked on this concern, to correct (another day or answer, or not
    taken after all) with a reason, until the window closes."""
    with shown_errors():
        step = correctable_step(store, concern.id, project.id, actor=actor)
    if step is None:
        return
    fixing = RecordForm("concern-correction", concern.id, version=concern.version, record="concern")
    seen = fixing.seen
    if not _opened(fixing, correct_label() + " · " + step.label):
        return
    with st.form(fixing.id):
        st.caption(_("The change stays in the audit log beside its correction."))
        undone = st.checkbox(_("This step was not taken"), key=fixing.key("undone"))
        marked = getattr(concern, f"{step}_on") or local_today()
        on = st.date_input(_("Date"), marked, format="DD/MM/YYYY", key=fixing.key("on"))
        answer = None
        if step is ConcernStep.ANSWERED:
            answer = st.text_area(_("Answer"), concern.answer or "", key=fixing.key("answer"))
        reason = st.text_input(_("Why it is corrected"), key=fixing.key("reason"))
        if st.form_submit_button(_("Save the correction"), width="stretch"):
            done = attempt(lambda: correct_last_concern_step(
                store, concern.id, project.id, step, None if undone else on, seen_version=seen,
                actor=actor, reason=reason, answer=answer or None,
                key=submission_key("concern-correction", concern.id, seen, undone, on, answer, reason),
            ))  # fmt: skip
            if done is not None:
                fixing.saved(_("Corrected: “{step}” of this concern.").format(step=step.label))


def meeting_correction(
    store: Store, actor: Actor, project: Project, meeting: MeetingSummary
) -> None:
    """The meeting ``actor`` just logged, to correct (kind, day and time, place, summary) with a
    reason, until the window closes."""
    with shown_errors():
        version = correctable_meeting(store, meeting.id, project.id, actor=actor)
    if version is None:
        return
    fixing = RecordForm("meeting-correction", meeting.id, version=version, record="meeting")
    seen = fixing.seen
    kinds = list(MeetingKind)
    held = local_time(meeting.held_at)
    if not _opened(fixing, correct_label()):
        return
    with st.form(fixing.id):
        st.caption(_("The change stays in the audit log beside its correction."))
        kind = st.selectbox(_("Kind"), kinds, index=kinds.index(meeting.kind),
                            format_func=lambda k: k.label, key=fixing.key("kind"))  # fmt: skip
        day = st.date_input(_("Date"), held.date(), format="DD/MM/YYYY", key=fixing.key("day"))
        time = st.time_input(_("Time"), held.time().replace(tzinfo=None), key=fixing.key("time"))
        place = st.text_input(_("Place"), meeting.place, key=fixing.key("place"))
        summary = st.text_area(_("Summary"), meeting.summary, key=fixing.key("summary"))
        reason = st.text_input(_("Why it is corrected"), key=fixing.key("reason"))
        if st.form_submit_button(_("Save the correction"), width="stretch"):
            done = attempt(lambda: correct_last_meeting(
                store, meeting.id, project.id, kind=MeetingKind(str(kind)),
                held_at=dt.datetime.combine(day, time, LOCAL_TZ), place=place,
                summary=summary or None, seen_version=seen, actor=actor, reason=reason,
                key=submission_key("meeting-correction", meeting.id, seen, kind, day, time, place,
                                   summary, reason),
            ))  # fmt: skip
            if done is not None:
                fixing.saved(_("Corrected: the meeting is now “{kind}”, {when}.").format(
                    kind=MeetingKind(str(kind)).label,
                    when=format_datetime(dt.datetime.combine(day, time, LOCAL_TZ))))  # fmt: skip
    fixing.stale_warning()
