"""Households: one household's file, its heading (status, village, members, parcels) and the
document to print."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import ConsentStatus, Household
from consultations.core.store import Store
from consultations.households.service import vulnerability_label
from consultations.reporting.household_file import export_household_file
from consultations.reporting.household_progress import HouseholdProgress
from consultations.reporting.timeline import HouseholdFile
from translations import _
from ui.errors import shown_errors
from ui.household_form import personal_details
from ui.widgets import plain

#: A status badge's colour: green agreed, red refused, orange concerns, grey otherwise.
BADGE: dict[ConsentStatus, Literal["green", "red", "orange", "blue", "gray"]] = {
    ConsentStatus.AGREED: "green", ConsentStatus.REFUSED: "red", ConsentStatus.CONCERNS: "orange",
    ConsentStatus.INFORMED: "blue", ConsentStatus.NOT_CONTACTED: "gray",
}  # fmt: skip


def household_heading(record: HouseholdFile, progress: dict[int, HouseholdProgress]) -> None:
    """Its code and head, status, whether still affected, where it lives and who it is."""
    household = record.household
    st.header(plain(f"{household.code} · {household.head_name}"))
    if household.id in progress:
        st.badge(progress[household.id].status.label, color=BADGE[progress[household.id].status])
    if not household.affected:
        st.warning(_("No longer affected by the project; its history is kept."))
    st.write(
        _("Village: {village} · members: {members} · parcels: {parcels}").format(
            village=plain(household.village or "-"),
            members=household.members or "-",
            parcels=plain(", ".join(record.parcels) or "-"),
        )
    )
    st.write(personal_details(household))
    if household.vulnerability:
        st.write(
            _("Vulnerability: {list}").format(
                list=", ".join(vulnerability_label(v) for v in household.vulnerability)
            )
        )


def print_section(store: Store, household: Household, *, actor: Actor) -> None:
    """The A4 household file (HTML and DOCX), made on request (making it is logged)."""
    st.subheader(_("Household file to print"))
    st.caption(_("One A4 document for a visit or the steering committee: status, parcels, timeline, "
                 "commitments and money. Making it is logged."))  # fmt: skip
    printed = f"household-file-{household.id}"
    if st.button(_("Prepare the household file"), key=f"make-{printed}"):
        with shown_errors():  # logged once per format, when it is made
            st.session_state[printed] = {fmt: export_household_file(store, household.id, fmt, actor=actor)
                                         for fmt in ("html", "docx")}  # fmt: skip
    if printed in st.session_state:
        left, right = st.columns(2)
        left.download_button(_("Household file (printable HTML)"), st.session_state[printed]["html"],
                             file_name=f"ho-so-{household.code}.html", mime="text/html",
                             key=f"get-{printed}-html", width="stretch")  # fmt: skip
        right.download_button(_("Household file (DOCX)"), st.session_state[printed]["docx"],
                              file_name=f"ho-so-{household.code}.docx", key=f"get-{printed}-docx",
                              mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                              width="stretch")  # fmt: skip
