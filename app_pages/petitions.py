"""Citizen reception and petitions: figures for a period, the register with its deadlines, the
reception sessions, and the steering committee's list of backlog cases."""

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from consultations.core.access import Action, Role
from consultations.core.records import Channel, ConcernCategory
from consultations.households.service import households_seen_by
from consultations.petitions.figures import petition_figures
from consultations.petitions.model import Competence, FilerKind, PetitionKind, SessionKind
from consultations.petitions.reception import (
    BacklogCase,
    ReceptionSession,
    backlog_list,
    list_case,
    reception_sessions,
    record_session,
    remove_case,
)
from consultations.petitions.service import (
    NewPetition,
    Petition,
    follow_up,
    petition_register,
    record_petition,
    register_bodies,
)
from translations import _, format_date, format_number
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import attempt, form_id, saved, show_saved
from ui.session import current_actor
from ui.store import app_store
from ui.widgets import plain, project_picker, table

st.title(_("Citizen reception and petitions"))
store = app_store()
actor = current_actor()
show_saved()
with shown_errors():
    bodies = register_bodies(store, actor=actor)
body = st.selectbox(
    _("Body"), [None, *bodies], format_func=lambda b: _("All bodies") if b is None else b
)
reader = actor.may(Action.READ_PERSONAL)
writer = actor.may(Action.EDIT_RECORDS)
committee = actor.role in (Role.ADMIN, Role.CHAIR)
names = [_("Figures")] + (
    [_("Register"), _("Reception sessions"), _("Backlog list")] if reader else []
)
tabs = st.tabs(names)
FLAGS = {"late": _("late"), "near": _("near"), None: ""}


def rate(value: float | None) -> str:
    return "-" if value is None else f"{format_number(value, 1)} %"


with tabs[0]:
    today = dt.date.today()
    period = st.date_input(_("Period"), (today.replace(month=1, day=1), today), format="DD/MM/YYYY")
    if not isinstance(period, tuple) or len(period) != 2:
        st.info(_("Choose the first and the last day of the period."))
        st.stop()
    start, end = period
    with shown_errors():
        figures = petition_figures(store, actor=actor, start=start, end=end, body=body)
    first, second, third = st.columns(3)
    first.metric(_("Reception sessions held"), figures.sessions)
    first.metric(_("Citizens received"), figures.citizens_received)
    second.metric(_("Petitions received"), figures.received)
    second.metric(_("Eligible for handling"), figures.eligible)
    third.metric(_("To settle / settled"), f"{figures.to_settle} / {figures.settled}")
    third.metric(_("Resolution rate"), rate(figures.resolution_rate))
    st.caption(
        _("Settled on time: {on_time}. Scheduled sessions kept: {kept} of {scheduled}. Backlog "
          "cases on the list: {listed}, resolved: {resolved}.").format(
            on_time=rate(figures.on_time_rate), kept=figures.sessions_kept,
            scheduled=figures.sessions_scheduled, listed=figures.backlog_listed,
            resolved=figures.backlog_resolved)
    )  # fmt: skip
    kinds, topics = st.columns(2)
    for column, heading, counts, label in (
        (kinds, _("Kind"), figures.by_kind, lambda k: PetitionKind(k).label),
        (topics, _("About"), figures.by_category, lambda c: ConcernCategory(c).label),
    ):
        if counts:
            column.dataframe(
                pd.DataFrame({heading: [label(k) for k in counts],
                              _("Petitions received"): list(counts.values())}),
                hide_index=True, width="stretch",
            )  # fmt: skip


def petition_form() -> None:
    st.subheader(_("Enter a petition"))
    # A petition about a household of a project is tied to it (its timeline, the consent map).
    project = project_picker(store)
    with shown_errors():
        households = {h.id: h for h in households_seen_by(store, project.id, actor=actor)}
    household_id = st.selectbox(
        _("Household (if it is about one)"), [None, *households],
        format_func=lambda h: "-" if h is None else f"{households[h].code} · {households[h].head_name}",
    )  # fmt: skip
    with st.form(form_id("petition")):
        new_body = st.text_input(_("Receiving body"), value=body or "")
        reference = st.text_input(_("Number in the register"))
        received_on = st.date_input(_("Received on"), dt.date.today(), format="DD/MM/YYYY")
        kind = st.selectbox(_("Kind"), list(PetitionKind), format_func=lambda k: k.label)
        category = st.selectbox(_("About"), list(ConcernCategory), format_func=lambda c: c.label)
        filer = st.selectbox(_("Filed by"), list(FilerKind), format_func=lambda f: f.label)
        name = st.text_input(_("Name of the person filing"))
        content = st.text_area(_("What it says"))
        competence = st.selectbox(_("Competence"), list(Competence), format_func=lambda c: c.label)
        transferred_to = st.text_input(_("Transferred to (if so)"))
        if st.form_submit_button(_("Save the petition"), type="primary", width="stretch"):
            done = attempt(lambda: record_petition(store, NewPetition(
                body=new_body, reference=reference, received_on=received_on,
                channel=Channel.CITIZEN_RECEPTION, filer_kind=FilerKind(str(filer)), kind=PetitionKind(str(kind)),
                category=ConcernCategory(str(category)), content=content, filer_name=name or None,
                competence=Competence(str(competence)), transferred_to=transferred_to or None,
                transferred_on=received_on if transferred_to else None,
                project_id=project.id if household_id else None, household_id=household_id), actor=actor,
                key=submission_key("petition", new_body, reference, received_on, kind, content)))  # fmt: skip
            if done is not None:
                saved(_("Petition {ref} saved.").format(ref=reference), "petition")


def follow_up_form(entries: list[Petition]) -> None:
    open_ones = {e.id: e for e in entries if e.decided_on is None}
    if not open_ones:
        return
    chosen = st.selectbox(_("Follow up a petition"), list(open_ones),
                          format_func=lambda i: f"{open_ones[i].reference} · {open_ones[i].kind.label}")  # fmt: skip
    entry = open_ones[chosen]
    with st.form(form_id("follow", entry.id, entry.version)):
        accepted = st.date_input(_("Accepted on"), entry.accepted_on, format="DD/MM/YYYY")
        decided = st.date_input(_("Decided on"), None, format="DD/MM/YYYY")
        decision = st.text_input(_("Decision (number or content)"))
        if st.form_submit_button(_("Save"), width="stretch"):
            changes = {
                "accepted_on": accepted,
                **({"decided_on": decided, "decision": decision} if decided else {}),
            }
            done = attempt(lambda: follow_up(store, entry.id, changes, seen_version=entry.version,
                           actor=actor, key=submission_key("follow", entry.id, entry.version, changes)))  # fmt: skip
            if done is not None:
                saved(
                    _("Petition {ref} updated.").format(ref=entry.reference),
                    "follow",
                    entry.id,
                    entry.version,
                )


def take_off(case: BacklogCase, decision: str) -> int:
    return remove_case(store, case.id, removed_on=dt.date.today(), decision=decision,
                       seen_version=case.version, actor=actor,
                       key=submission_key("remove", case.id, case.version, decision))  # fmt: skip


if reader:
    with tabs[1]:
        with shown_errors():
            entries = petition_register(store, actor=actor, body=body)
        rows = [{_("Number"): e.reference, _("Received"): e.received_on, _("Kind"): e.kind.label,
                 _("About"): e.category.label, _("Filed by"): e.filer_name or (_("(protected)") if e.identity_hidden else ""),
                 _("Household"): e.household_code, _("Competence"): e.competence.label,
                 _("Accept by"): e.accept_by, _("Decide by"): e.resolve_by, _("Decided"): e.decided_on,
                 _("Deadline"): FLAGS[e.flag]} for e in entries]  # fmt: skip
        late = sum(1 for e in entries if e.flag == "late")
        if late:
            st.warning(_("{n} petitions are past a legal deadline.").format(n=late))
        table(pd.DataFrame(rows), hide_index=True, width="stretch")
        if writer:
            follow_up_form(entries)
            petition_form()

    with tabs[2]:
        with shown_errors():
            sessions = reception_sessions(store, actor=actor, body=body)
        table(pd.DataFrame([{_("Body"): s.body, _("Kind"): s.kind.label, _("Scheduled"): s.planned_on,
                             _("Held"): s.held_on, _("Leader"): s.leader, _("Citizens"): s.citizens,
                             _("What was raised and answered"): s.summary} for s in sessions]),
              hide_index=True, width="stretch")  # fmt: skip
        if writer:
            with st.form(form_id("session")):
                st.subheader(_("Record a reception session"))
                session_body = st.text_input(
                    _("Receiving body"), value=body or "", key="session-body"
                )
                kind = st.selectbox(_("Kind"), list(SessionKind), format_func=lambda k: k.label)
                leader = st.text_input(_("Leader receiving"))
                held_on = st.date_input(_("Held on"), dt.date.today(), format="DD/MM/YYYY")
                citizens = st.number_input(_("Citizens received"), min_value=0, step=1)
                summary = st.text_area(_("What was raised and answered"))
                if st.form_submit_button(_("Save the session"), width="stretch"):
                    done = attempt(lambda: record_session(store, ReceptionSession(
                        body=session_body, kind=SessionKind(str(kind)), citizens=int(citizens), leader=leader or None,
                        held_on=held_on, summary=summary or None), actor=actor,
                        key=submission_key("session", session_body, kind, held_on, citizens, summary)))  # fmt: skip
                    if done is not None:
                        saved(_("Reception session saved."), "session")

    with tabs[3]:
        with shown_errors():
            cases = backlog_list(store, actor=actor, body=body)
        for case in cases:
            state = (_("off the list on {day} ({decision})").format(day=format_date(case.removed_on),
                     decision=plain(case.removal_decision or "")) if case.removed_on else _("on the list"))  # fmt: skip
            st.markdown(f"**{plain(case.title)}** · {plain(case.lead)} · {state}")
            for held, attendees, outcome in case.sessions:
                st.caption(f"{format_date(held)} · {plain(attendees)} · {plain(outcome)}")
            if committee and case.removed_on is None:
                with st.form(form_id("remove", case.id, case.version)):
                    decision = st.text_input(
                        _("Decision taking it off the list"), key=f"rm-{case.id}"
                    )
                    if st.form_submit_button(_("Resolved: take off the list")):
                        done = attempt(partial(take_off, case, decision))
                        if done is not None:
                            saved(_("Taken off the list."), "remove", case.id, case.version)
        if committee:
            with st.form(form_id("case")):
                st.subheader(_("Put a case on the list"))
                case_body = st.text_input(_("Body"), value=body or "", key="case-body")
                title = st.text_input(_("Case"))
                lead = st.text_input(_("Lead person and body"))
                decision = st.text_input(_("Decision putting it on the list"))
                if st.form_submit_button(_("Put on the list"), width="stretch"):
                    done = attempt(lambda: list_case(store, body=case_body, title=title, listed_on=dt.date.today(),
                                   decision=decision, lead=lead, actor=actor,
                                   key=submission_key("case", case_body, title, decision)))  # fmt: skip
                    if done is not None:
                        saved(_("Case put on the list."), "case")
