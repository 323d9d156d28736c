"""Households: adding one by hand, or many from a register (XLSX or CSV)."""

from __future__ import annotations

import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.households.register_template import register_template
from consultations.households.service import add_household
from consultations.setup.service import prepare_households, save_households
from geo.formats import TABLE_SUFFIXES
from translations import _
from ui.commands import submission_key
from ui.forms import RecordForm, attempt
from ui.household_form import household_fields
from ui.uploads import discard, save_uploads


def add_section(store: Store, project: Project, *, actor: Actor) -> None:
    add_form = RecordForm("add-household", project.id)
    with st.expander(_("Add a household")), st.form(add_form.id):
        code = st.text_input(_("Household code"), key=add_form.key("code"))
        new = household_fields(add_form)
        parcels = st.text_input(
            _("Its parcels (sheet/parcel, separated by commas)"), key=add_form.key("parcels"),
            placeholder=_("e.g. 12/45, 12/46"),
        )  # fmt: skip
        if st.form_submit_button(_("Add the household")):
            labels = tuple(p for p in parcels.split(",") if p.strip())
            added_id = attempt(lambda: add_household(
                store, project.id, code, new, parcels=labels, actor=actor,
                key=submission_key("household-add", project.id, code, new, labels),
            ))  # fmt: skip
            if added_id is not None:
                st.session_state["_added_household"] = code.strip()  # searched for, so opened
                add_form.saved(_("Added household {code}.").format(code=code.strip()))
    with st.expander(_("Add households from a register")):
        st.download_button(
            _("Download an empty register to fill in (XLSX)"), register_template(),
            file_name="so_ho_gia_dinh.xlsx", key="register-template",
        )  # fmt: skip
        register = st.file_uploader(
            _(
                "Register: XLSX with sheets “Hộ” and “Thửa”, or one CSV row per household and parcel"
            ),
        )
        if register is not None and st.button(_("Add these households")):
            upload = register

            def add_households() -> int:
                path = save_uploads([upload], TABLE_SUFFIXES)
                try:
                    prepared = prepare_households(store, project, path, actor=actor)
                finally:
                    discard(path)  # read once (added or refused): the upload's folder goes
                return save_households(store, prepared, actor=actor,
                                       key=submission_key("households-import", project.id, upload))  # fmt: skip

            added = attempt(add_households)
            if added is not None:
                st.success(
                    _("{n} households added to {project}.").format(n=added, project=project.name)
                )
