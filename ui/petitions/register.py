"""Petitions: the register with its legal deadlines, following a petition up, and naming who
handles it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from consultations.core.access import Action, Actor, Role
from consultations.core.store import Store
from consultations.petitions.model import uncovered_years
from consultations.petitions.protection import assign_handler
from consultations.petitions.service import Petition, follow_up, petition_register
from translations import _, format_date
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.petition_handling import handling_section
from ui.petitions.entering import petition_form
from ui.widgets import keep_choice, table


def follow_up_form(store: Store, entries: list[Petition], *, actor: Actor) -> None:
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


def handler_form(store: Store, entries: list[Petition], *, actor: Actor) -> None:
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
    flags = {"late": _("late"), "near": _("near"), None: ""}
    return f"{format_date(day)} {flags[e.flag]}".strip()


def register_section(store: Store, body: str | None, *, actor: Actor) -> None:
    """The register with its deadlines; the forms that follow a petition up, for those who may."""
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
        handler_form(store, entries, actor=actor)
    if actor.may(Action.EDIT_RECORDS):
        handling_section(store, actor, entries)
        follow_up_form(store, entries, actor=actor)
        petition_form(store, body, actor=actor)
