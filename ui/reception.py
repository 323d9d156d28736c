"""The reception sessions and the backlog list of the Citizen reception page: who was heard at each
session, a leader's schedule and whether it was kept, and the steering committee's list."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from consultations.core.access import Action, Actor, Role
from consultations.core.numbers import NumberRule, read_number
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.households.service import households_seen_by
from consultations.petitions.backlog import (
    BacklogCase,
    add_working_session,
    backlog_list,
    list_case,
    remove_case,
)
from consultations.petitions.model import SessionKind
from consultations.petitions.sessions import (
    CitizenHeard,
    ReceptionSession,
    add_heard,
    hold_session,
    reception_sessions,
    record_session,
    session_citizens,
    set_citizens,
)
from translations import _, format_date, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.numbers import number_field
from ui.widgets import plain, project_picker, table

HEARD = {"name": _("Full name"), "household": _("Household"), "raised": _("What they raised"),
         "answer": _("Answer given"), "referred_to": _("Referred to")}  # fmt: skip


def _citizens_rule() -> NumberRule:
    return NumberRule(_("Citizens received"), 0, 10_000, _("people"), whole=True)


def _citizens(text: str) -> int:
    """How many were received, as typed ("0" when left empty); a sentence if it is not a count."""
    return int(read_number(text or "0", _citizens_rule()))


def _label(session: ReceptionSession) -> str:
    day = session.held_on or session.planned_on
    return " · ".join(x for x in (format_date(day), session.leader, session.body) if x)


def _heard_table(heard: list[CitizenHeard]) -> None:
    rows = [{HEARD["name"]: _("(protected)") if c.identity_hidden else c.name,
             HEARD["household"]: c.household_code, HEARD["raised"]: c.raised,
             HEARD["answer"]: c.answer, HEARD["referred_to"]: c.referred_to} for c in heard]  # fmt: skip
    table(pd.DataFrame(rows, columns=list(HEARD.values())), hide_index=True, width="stretch")


def _heard_form(store: Store, actor: Actor, session: ReceptionSession, project: Project) -> None:
    """Add the citizens heard at a held session one at a time (a phone can do it)."""
    with shown_errors():
        seen = households_seen_by(store, project.id, actor=actor)
    households = {h.id: f"{h.code} · {h.head_name}" for h in seen}
    options: list[int | None] = [None, *households]
    heard = RecordForm("heard", session.id)
    fresh = heard.id  # a new one after each save: two identical citizens are two
    with st.form(fresh):
        st.markdown("**" + _("Add a citizen heard") + "**")
        name = st.text_input(HEARD["name"])
        household = st.selectbox(HEARD["household"], options,
                                 format_func=lambda h: "-" if h is None else households[h])  # fmt: skip
        raised = st.text_area(HEARD["raised"])
        answer = st.text_area(HEARD["answer"])
        referred = st.text_input(HEARD["referred_to"])
        if st.form_submit_button(_("Add"), type="primary", width="stretch"):
            citizen = CitizenHeard(raised=raised, name=name, household_id=household,
                                   answer=answer, referred_to=referred)  # fmt: skip
            done = attempt(lambda: add_heard(store, int(session.id or 0), citizen, actor=actor,
                           key=submission_key(fresh, vars(citizen))))  # fmt: skip
            if done is not None:
                heard.saved(_("Citizen heard added."))
    counting = RecordForm("count", session.id, version=session.version, record="session")
    version = counting.seen
    with st.form(counting.id):
        count = number_field(_citizens_rule(), key=counting.key("citizens"), value=session.citizens)
        if st.form_submit_button(_("Correct the number received"), width="stretch"):
            done = attempt(lambda: set_citizens(store, int(session.id or 0), _citizens(count), seen_version=version,
                           actor=actor, key=submission_key("count", session.id, version, count)))  # fmt: skip
            if done is not None:
                counting.saved(_("Number received corrected."))
    counting.stale_warning()


def _status(session: ReceptionSession, today: dt.date) -> str:
    if session.held_on is not None:
        return _("Held on {day}").format(day=format_date(session.held_on))
    if session.planned_on is not None and session.planned_on < today:
        return _("Not held")
    return _("Upcoming")


def sessions_section(store: Store, actor: Actor, body: str | None) -> None:
    writer = actor.may(Action.EDIT_RECORDS)
    project = project_picker(store) if writer else None
    if project is not None and not actor.may_in(Action.EDIT_RECORDS, project.id):
        st.info(_("Choose one of your projects to record a reception session."))
        project = None
    today = local_today()
    with shown_errors():
        sessions = reception_sessions(store, actor=actor, body=body)
    held = sorted(
        (s for s in sessions if s.held_on is not None), key=lambda s: (s.held_on, s.id or 0)
    )
    scheduled = sorted((s for s in sessions if s.planned_on is not None),
                       key=lambda s: (s.planned_on, s.id or 0), reverse=True)  # fmt: skip
    st.subheader(_("Sessions held"))
    table(pd.DataFrame([{_("Day held"): s.held_on, _("Body"): s.body, _("Leader"): s.leader,
                         _("Kind"): s.kind.label, _("Citizens received"): s.citizens,
                         _("What was raised and answered"): s.summary} for s in reversed(held)]),
          hide_index=True, width="stretch")  # fmt: skip
    if held:
        labels = {s.id: _label(s) for s in held}
        chosen = st.selectbox(_("Who was heard at"), list(labels), format_func=labels.__getitem__,
                              index=len(held) - 1)  # fmt: skip
        with shown_errors():
            _heard_table(session_citizens(store, int(chosen or 0), actor=actor))
        if project is not None:
            _heard_form(store, actor, next(s for s in held if s.id == chosen), project)
    st.subheader(_("Leaders' reception schedule"))
    if scheduled:
        kept = sum(1 for s in scheduled if s.kept)
        due = sum(1 for s in scheduled if s.held_on is not None or (s.planned_on or today) < today)
        st.caption(
            _("{kept} of the {due} sessions due so far were held.").format(kept=kept, due=due)
        )
    table(pd.DataFrame([{_("Scheduled"): s.planned_on, _("Leader"): s.leader, _("Body"): s.body,
                         _("Place"): s.place, _("Status"): _status(s, today)} for s in scheduled]),
          hide_index=True, width="stretch")  # fmt: skip
    if project is not None:
        # A field officer's session is one of their project's (its summary may name its people).
        tied = project.id if actor.role is Role.FIELD_OFFICER else None
        _session_forms(store, actor, body, scheduled, tied)


def _hold_form(store: Store, actor: Actor, scheduled: list[ReceptionSession]) -> None:
    # Every scheduled session stays choosable: one another tab recorded as held meanwhile is
    # refused with what changed, not dropped from the page with what was typed.
    waiting = [s for s in scheduled if s.held_on is None]
    if not waiting and not scheduled:
        st.info(_("No scheduled session is waiting to be recorded as held."))
        return
    soonest = min(
        waiting,
        key=lambda s: abs(((s.planned_on or local_today()) - local_today()).days),
        default=None,
    )
    labels = {s.id: _label(s) + ("" if s.held_on is None else f" ({_('held')})") for s in scheduled}
    chosen = st.selectbox(_("Scheduled session"), list(labels), format_func=labels.__getitem__,
                          index=list(labels).index(soonest.id) if soonest else 0, key="hold-session")  # fmt: skip
    session = next(s for s in scheduled if s.id == chosen)
    holding = RecordForm("hold", chosen, version=session.version, record="session")
    version = holding.seen
    with st.form(holding.id):
        held_on = st.date_input(
            _("Held on"), session.planned_on or local_today(), format="DD/MM/YYYY"
        )
        citizens = number_field(_citizens_rule(), key=holding.key("citizens"))
        summary = st.text_area(_("What was raised and answered"))
        if st.form_submit_button(_("Save: held"), type="primary", width="stretch"):
            done = attempt(lambda: hold_session(store, int(chosen or 0), held_on=held_on, citizens=_citizens(citizens),
                           summary=summary, seen_version=version, actor=actor,
                           key=submission_key("hold", chosen, version, held_on, citizens, summary)))  # fmt: skip
            if done is not None:
                holding.saved(_("Reception session saved."))
    holding.stale_warning()


def _session_forms(
    store: Store,
    actor: Actor,
    body: str | None,
    scheduled: list[ReceptionSession],
    project_id: int | None,
) -> None:
    mode = st.segmented_control(
        _("Record"), ["held", "hold", "schedule"], default="held", key="session-mode",
        format_func={"held": _("A session held"), "hold": _("A scheduled session, now held"),
                     "schedule": _("Put a session on the schedule")}.__getitem__,
    ) or "held"  # fmt: skip
    if mode == "hold":
        _hold_form(store, actor, scheduled)
        return
    if mode == "schedule":
        scheduling = RecordForm("schedule")
        fresh = scheduling.id
        with st.form(fresh):
            where = st.text_input(_("Receiving body"), value=body or "", key=f"{fresh}:body")
            leader = st.text_input(_("Leader receiving"), key=f"{fresh}:leader")
            planned = st.date_input(_("Scheduled for"), local_today(), format="DD/MM/YYYY")
            place = st.text_input(_("Place"), key=f"{fresh}:place")
            if st.form_submit_button(_("Put on the schedule"), width="stretch"):
                done = attempt(lambda: record_session(store, ReceptionSession(
                    body=where, kind=SessionKind.SCHEDULED, citizens=0, leader=leader or None,
                    planned_on=planned, place=place or None, project_id=project_id), actor=actor,
                    key=submission_key(fresh, where, leader, planned, place)))  # fmt: skip
                if done is not None:
                    scheduling.saved(_("Session put on the schedule."))
        return
    recording = RecordForm("session")
    fresh = recording.id
    with st.form(fresh):
        where = st.text_input(_("Receiving body"), value=body or "", key=f"{fresh}:body")
        kinds = [SessionKind.REGULAR, SessionKind.UNSCHEDULED, SessionKind.SCHEDULED]
        kind = st.selectbox(_("Kind"), kinds, format_func=lambda k: k.label)
        leader = st.text_input(_("Leader receiving"))
        held_on = st.date_input(_("Held on"), local_today(), format="DD/MM/YYYY")
        citizens = number_field(_citizens_rule(), key=recording.key("citizens"))
        summary = st.text_area(_("What was raised and answered"))
        st.caption(
            _("Once the session is saved, add who was heard under “Who was heard at” above.")
        )
        if st.form_submit_button(_("Save the session"), type="primary", width="stretch"):
            done = attempt(lambda: record_session(store, ReceptionSession(
                body=where, kind=SessionKind(str(kind)), citizens=_citizens(citizens), leader=leader or None,
                held_on=held_on, summary=summary or None, project_id=project_id), actor=actor,
                key=submission_key(fresh, where, kind, held_on, citizens, summary)))  # fmt: skip
            if done is not None:
                recording.saved(_("Reception session saved."))


def backlog_section(store: Store, actor: Actor, body: str | None) -> None:
    committee = actor.role in (Role.ADMIN, Role.CHAIR)
    as_of = st.date_input(_("The list as reviewed on"), local_today(), format="DD/MM/YYYY")
    with shown_errors():
        cases = backlog_list(store, actor=actor, body=body, as_of=as_of)
    on_list = [c for c in cases if c.removed_on is None]
    st.caption(_("{on} cases on the list, {off} taken off.").format(
        on=len(on_list), off=len(cases) - len(on_list)))  # fmt: skip
    for case in cases:
        state = (_("off the list on {day} ({decision})").format(day=format_date(case.removed_on),
                 decision=plain(case.removal_decision or "")) if case.removed_on else _("on the list"))  # fmt: skip
        with st.expander(f"{case.title} · {state}", expanded=case.removed_on is None):
            st.markdown(_("Listed on {day} by {decision}; lead: {lead}.").format(
                day=format_date(case.listed_on), decision=plain(case.listing_decision),
                lead=plain(case.lead)))  # fmt: skip
            for held, attendees, outcome in case.sessions:
                st.caption(f"{format_date(held)} · {plain(attendees)} · {plain(outcome)}")
            # A form the user had open stays, so that a removal made in another tab is said.
            if committee and (
                case.removed_on is None
                or RecordForm("remove", case.id, version=case.version, record="case").stale
            ):
                _case_forms(store, actor, case)
    if committee:
        listing = RecordForm("case")
        fresh = listing.id
        with st.form(fresh):
            st.subheader(_("Put a case on the list"))
            case_body = st.text_input(_("Body"), value=body or "", key=f"{fresh}:body")
            title = st.text_input(_("Case"))
            lead = st.text_input(_("Lead person and body"))
            decision = st.text_input(_("Decision putting it on the list"))
            listed_on = st.date_input(_("Listed on"), local_today(), format="DD/MM/YYYY")
            if st.form_submit_button(_("Put on the list"), width="stretch"):
                done = attempt(lambda: list_case(store, body=case_body, title=title, listed_on=listed_on,
                               decision=decision, lead=lead, actor=actor,
                               key=submission_key(fresh, case_body, title, decision, listed_on)))  # fmt: skip
                if done is not None:
                    listing.saved(_("Case put on the list."))


def _take_off(store: Store, actor: Actor, case: BacklogCase, decision: str, version: int) -> int:
    return remove_case(store, case.id, removed_on=local_today(), decision=decision,
                       seen_version=version, actor=actor,
                       key=submission_key("remove", case.id, version, decision))  # fmt: skip


def _case_forms(store: Store, actor: Actor, case: BacklogCase) -> None:
    working = RecordForm("working", case.id)
    fresh = working.id
    with st.form(fresh):
        held = st.date_input(_("Day of the working session"), local_today(), format="DD/MM/YYYY",
                             key=f"{fresh}:day")  # fmt: skip
        attendees = st.text_input(_("Who took part"), key=f"{fresh}:who")
        outcome = st.text_input(_("Outcome"), key=f"{fresh}:outcome")
        if st.form_submit_button(_("Save the working session")):
            done = attempt(lambda: add_working_session(store, case.id, held_on=held, attendees=attendees,
                           outcome=outcome, actor=actor,
                           key=submission_key(fresh, held, attendees, outcome)))  # fmt: skip
            if done is not None:
                working.saved(_("Working session saved."))
    removing = RecordForm("remove", case.id, version=case.version, record="case")
    version = removing.seen
    with st.form(removing.id):
        decision = st.text_input(_("Decision taking it off the list"), key=f"rm-{case.id}")
        if st.form_submit_button(_("Resolved: take off the list")):
            done = attempt(partial(_take_off, store, actor, case, decision, version))
            if done is not None:
                removing.saved(_("Taken off the list."))
    removing.stale_warning()
