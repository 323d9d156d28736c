"""Citizen reception and petitions: figures for a period, the register with its deadlines, the
reception sessions, and the steering committee's list of backlog cases."""

import pandas as pd
import streamlit as st

from consultations.concerns.service import concerns_seen_by
from consultations.core.access import Action, Role
from consultations.core.records import Channel, ConcernCategory
from consultations.households.service import households_seen_by
from consultations.petitions.figures import petition_figures
from consultations.petitions.model import Competence, FilerKind, PetitionKind, uncovered_years
from consultations.petitions.protection import assign_handler
from consultations.petitions.receipts import issue_petition_receipt
from consultations.petitions.service import (
    NewPetition,
    Petition,
    follow_up,
    petition_register,
    record_petition,
    register_bodies,
)
from translations import _, format_date, format_number, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.petition_handling import handling_section
from ui.receipts import remember_receipt, show_receipt
from ui.reception import backlog_section, sessions_section
from ui.widgets import keep_choice, project_picker, table

store, actor = page_frame(_("Citizen reception and petitions"), project=False)
with shown_errors():
    bodies = register_bodies(store, actor=actor)
body = st.selectbox(
    _("Body"), [None, *bodies], format_func=lambda b: _("All bodies") if b is None else b
)
reader = actor.may(Action.READ_PERSONAL)
writer = actor.may(Action.EDIT_RECORDS)
SECTIONS = {"figures": _("Figures"), "register": _("Register"), "sessions": _("Reception"),
            "backlog": _("Backlog list")}  # fmt: skip
# A choice that survives the page's reruns (tabs went back to the first after every save).
# The backlog list is the steering committee's (its chairs and administrators).
shown = [
    k
    for k in SECTIONS
    if k == "figures" or (reader and (k != "backlog" or actor.role in (Role.ADMIN, Role.CHAIR)))
]
section = st.segmented_control(
    _("Section"), shown, format_func=SECTIONS.__getitem__,
    default="figures", key="petitions-section", label_visibility="collapsed",
) or "figures"  # fmt: skip
FLAGS = {"late": _("late"), "near": _("near"), None: ""}


def rate(value: float | None) -> str:
    return "-" if value is None else f"{format_number(value, 1)} %"


def figures_section() -> None:
    today = local_today()
    period = st.date_input(_("Period"), (today.replace(month=1, day=1), today), format="DD/MM/YYYY")
    if not isinstance(period, tuple) or len(period) != 2:
        st.info(_("Choose the first and the last day of the period."))
        return
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
    # The province's breakdowns, beside the same period a year before.
    rows = [{_("Figure"): r.label, _("Value"): r.text(r.value),
             _("Same period last year"): r.text(r.last_year)} for r in figures.rows()]  # fmt: skip
    table(pd.DataFrame(rows), hide_index=True, width="stretch")
    tables = figures.tables()
    kinds, topics = st.columns(2)
    for column, name in ((kinds, _("By kind")), (topics, _("By subject"))):
        if not tables[name].empty:
            column.dataframe(tables[name], hide_index=True, width="stretch")
    st.download_button(
        _("Download the figures (XLSX)"), figures.xlsx(), icon=":material/download:",
        file_name=f"tiep-cong-dan-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip


def petition_form() -> None:
    st.subheader(_("Enter a petition"))
    # A petition about a household of a project is tied to it (its timeline, the consent map); one
    # about a concern already on record is the same matter, counted once.
    project = project_picker(store)
    if not actor.may_in(Action.EDIT_RECORDS, project.id):  # another project than theirs
        st.info(_("Choose one of your projects to enter a petition."))
        return
    with shown_errors():
        households = {h.id: h for h in households_seen_by(store, project.id, actor=actor)}
    show_receipt(project.slug)
    adding = RecordForm("petition")
    fresh = adding.id  # a new one after each save: the next petition starts empty
    household_id = st.selectbox(
        _("Household (if it is about one)"), [None, *households], key=f"{fresh}:household",
        format_func=lambda h: "-" if h is None else f"{households[h].code} · {households[h].head_name}",
    )  # fmt: skip
    concerns = {}
    if household_id is not None:
        with shown_errors():
            concerns = {c.id: c for c in concerns_seen_by(store, project.id, actor=actor)
                        if c.household_id == household_id}  # fmt: skip
    concern_id = st.selectbox(
        _("The same matter as a concern on record"), [None, *concerns],
        format_func=lambda c: _("No, a new matter") if c is None else
        f"{format_date(concerns[c].received_on)} · {ConcernCategory(concerns[c].category).label}: {concerns[c].text[:60]}",
        disabled=not concerns, key=f"{fresh}:concern",
    )  # fmt: skip
    topics = list(ConcernCategory)
    topic = ConcernCategory(concerns[concern_id].category) if concern_id in concerns else topics[0]
    with st.form(fresh):
        new_body = st.text_input(_("Receiving body"), value=body or "")
        reference = st.text_input(_("Number in the register"))
        received_on = st.date_input(_("Received on"), local_today(), format="DD/MM/YYYY")
        channel = st.selectbox(_("Received through"), [Channel.CITIZEN_RECEPTION, Channel.WRITTEN_PETITION],
                               format_func=lambda c: c.label)  # fmt: skip
        kind = st.selectbox(_("Kind"), list(PetitionKind), format_func=lambda k: k.label)
        # The same matter is about what its concern is about.
        category = st.selectbox(
            _("About"), topics, index=topics.index(topic), format_func=lambda c: c.label
        )
        filer = st.selectbox(_("Filed by"), list(FilerKind), format_func=lambda f: f.label)
        name = st.text_input(_("Name of the person filing"))
        content = st.text_area(_("What it says"))
        competence = st.selectbox(_("Competence"), list(Competence), format_func=lambda c: c.label)
        transferred_to = st.text_input(_("Transferred to (if so)"))
        if st.form_submit_button(_("Save the petition"), type="primary", width="stretch"):
            done = attempt(lambda: record_petition(store, NewPetition(
                body=new_body, reference=reference, received_on=received_on,
                channel=Channel(str(channel)), filer_kind=FilerKind(str(filer)), kind=PetitionKind(str(kind)),
                category=ConcernCategory(str(category)), content=content, filer_name=name or None,
                competence=Competence(str(competence)), transferred_to=transferred_to or None,
                transferred_on=received_on if transferred_to else None,
                project_id=project.id if household_id else None, household_id=household_id,
                concern_id=concern_id), actor=actor,
                key=submission_key(fresh, new_body, reference, received_on, kind, content)))  # fmt: skip
            if done is not None:
                remember_receipt(lambda: issue_petition_receipt(store, done, actor=actor))
                adding.saved(_("Petition {ref} saved.").format(ref=reference))


def follow_up_form(entries: list[Petition]) -> None:
    open_ones = {e.id: e for e in entries if e.decided_on is None}
    if not open_ones:
        return
    st.subheader(_("Follow up a petition"))
    keep_choice("follow-petition", open_ones)  # "This week" opens a petition here by setting it
    chosen = st.selectbox(_("Petition"), list(open_ones), key="follow-petition",
                          format_func=lambda i: f"{open_ones[i].reference} · {open_ones[i].kind.label}")  # fmt: skip
    entry = open_ones[chosen]
    form = RecordForm("follow", entry.id, version=entry.version, record="petition")
    version = form.seen
    with st.form(form.id):
        accepted = st.date_input(_("Accepted on"), entry.accepted_on, format="DD/MM/YYYY")
        decided = st.date_input(_("Decided on"), None, format="DD/MM/YYYY")
        decision = st.text_input(_("Decision (number or content)"))
        if st.form_submit_button(_("Save"), width="stretch"):
            changes = {
                "accepted_on": accepted,
                **({"decided_on": decided, "decision": decision} if decided else {}),
            }
            done = attempt(lambda: follow_up(store, entry.id, changes, seen_version=version,
                           actor=actor, key=submission_key("follow", entry.id, version, changes)))  # fmt: skip
            if done is not None:
                form.saved(_("Petition {ref} updated.").format(ref=entry.reference))
    form.stale_warning()


def handler_form(entries: list[Petition]) -> None:
    """Who handles a petition (and so reads a denouncer): named by its superiors only, the chair
    of its project or an administrator; the service refuses anyone else."""
    open_ones = {e.id: e for e in entries if e.decided_on is None}
    if not open_ones:
        return
    st.subheader(_("Assign who handles a petition"))
    chosen = st.selectbox(_("Petition"), list(open_ones), key="handler-petition",
                          format_func=lambda i: f"{open_ones[i].reference} · {open_ones[i].kind.label}")  # fmt: skip
    entry = open_ones[chosen]
    form = RecordForm("handler", entry.id, version=entry.version, record="petition")
    version = form.seen
    with st.form(form.id):
        name = st.text_input(_("Handling officer (user name)"), value=entry.handler or "",
                             key=form.key("handler"))  # fmt: skip
        if st.form_submit_button(_("Assign"), width="stretch"):
            done = attempt(lambda: assign_handler(store, entry.id, name, seen_version=version, actor=actor,
                           key=submission_key("handler", entry.id, version, name)))  # fmt: skip
            if done is not None:
                form.saved(_("Petition {ref}: handler assigned.").format(ref=entry.reference))
    form.stale_warning()


def next_deadline(e: Petition) -> str:
    day = e.accept_by if e.accepted_on is None else e.resolve_by
    if e.decided_on is not None or day is None:
        return ""
    return f"{format_date(day)} {FLAGS[e.flag]}".strip()


def register_section() -> None:
    with shown_errors():
        entries = petition_register(store, actor=actor, body=body)
    rows = [{_("Number"): e.reference, _("Received"): e.received_on, _("Kind"): e.kind.label,
             _("About"): e.category.label,
             _("Filed by"): e.filer_name or (_("(protected)") if e.identity_hidden else ""),
             _("Household"): e.household_code, _("Next deadline"): next_deadline(e),
             _("Decided"): e.decided_on} for e in entries]  # fmt: skip
    late = sum(1 for e in entries if e.flag == "late")
    if late:
        st.warning(_("{n} petitions are past a legal deadline.").format(n=late))
    # Holidays matter to every running deadline: working days skip them, and a calendar
    # deadline falling on one ends on the next working day.
    running = [day for e in entries if e.decided_on is None
               for day in (e.accept_by if e.accepted_on is None else e.resolve_by,) if day]  # fmt: skip
    missing = uncovered_years(running)
    if missing:
        st.info(_("The holiday table has no Lunar New Year days for {years}: deadlines counted in "
                  "working days there may fall a few days later.").format(
                      years=", ".join(str(y) for y in missing)))  # fmt: skip
    table(pd.DataFrame(rows), hide_index=True, width="stretch")
    if actor.role in (Role.ADMIN, Role.CHAIR):
        handler_form(entries)
    if writer:
        handling_section(store, actor, entries)
        follow_up_form(entries)
        petition_form()


if section == "figures":
    figures_section()
elif section == "register":
    register_section()
elif section == "sessions":
    sessions_section(store, actor, body)
else:
    backlog_section(store, actor, body)
