"""Petitions: entering one into the register, with its receipt."""

from __future__ import annotations

import streamlit as st

from consultations.concerns.service import concerns_seen_by
from consultations.core.access import Action, Actor
from consultations.core.records import Channel, ConcernCategory
from consultations.core.store import Store
from consultations.households.service import households_seen_by
from consultations.petitions.model import Competence, FilerKind, PetitionKind
from consultations.petitions.receipts import issue_petition_receipt
from consultations.petitions.service import NewPetition, record_petition
from translations import _, format_date, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.receipts import remember_receipt, show_receipt
from ui.widgets import project_picker


def petition_form(store: Store, body: str | None, *, actor: Actor) -> None:
    """A new petition, tied to a household and a concern on record when it is about one."""
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
