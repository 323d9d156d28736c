"""The Compensation page's inventory: a field officer's lines for a household of their communes (on a
phone), their corrections, and the facts the support rules read."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from consultations.compensation.calculation import number
from consultations.compensation.inventory import (
    household_parcels,
    inventory,
    record_line,
    set_facts,
)
from consultations.compensation.model import (
    HouseholdFacts,
    InventoryLine,
    LineKind,
    TableKind,
    farmland_rule,
    members_rule,
    quantity_rule,
)
from consultations.compensation.prices import current_items
from consultations.core.access import Action, Actor
from consultations.core.numbers import read_number, read_optional
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.households.service import households_seen_by
from translations import _
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.numbers import number_field
from ui.widgets import table


def inventory_section(store: Store, actor: Actor, project: Project) -> None:
    with shown_errors():
        seen = households_seen_by(store, project.id, actor=actor)
    if not seen:
        st.info(_("No household of your communes in this project."))
        return
    names = {h.id: f"{h.code} · {h.head_name}" for h in seen}
    household = int(
        st.selectbox(
            _("Household"), list(names), format_func=names.__getitem__, key="inv-household"
        )
        or 0
    )
    with shown_errors():
        lines, facts = inventory(store, project.id, actor=actor, household_id=household)
        parcels = {
            p.parcel_id: p for p in household_parcels(store, project.id, household, actor=actor)
        }
        by_table = {
            t: current_items(store, t, actor=actor) for t in TableKind
        }  # land serves two kinds
        items = {kind: by_table[kind.table] for kind in LineKind}
    table(pd.DataFrame([{_("Kind"): x.kind.label, _("Item"): items[x.kind].get(x.item_code, x.item_code),
                         _("Parcel"): parcels[x.parcel_id].label if x.parcel_id in parcels else "",
                         _("Quantity"): number(x.quantity), _("Description"): x.description,
                         _("Minutes"): x.minutes or _("refused to sign")} for x in lines]),
          hide_index=True, width="stretch")  # fmt: skip
    if not actor.may_in(Action.EDIT_RECORDS, project.id):
        return
    st.subheader(_("Add an inventory line"))
    kind = LineKind(
        str(st.selectbox(_("Kind"), list(LineKind), format_func=lambda k: k.label, key="inv-kind"))
    )
    if not items[kind]:
        st.info(_("No {kind} price table yet: an administrator imports it on the Price tables section.").format(
            kind=kind.table.label.lower()))  # fmt: skip
        return
    area = {p.parcel_id: f"{p.label} · {number(Decimal(str(round(p.permanent_m2, 1))))} / "
                         f"{number(Decimal(str(round(p.restricted_m2, 1))))} m²" for p in parcels.values()}  # fmt: skip
    land = kind in (LineKind.LAND, LineKind.CORRIDOR)
    adding = RecordForm("inventory", household)
    fresh = adding.id
    with st.form(fresh):
        code = st.selectbox(
            _("Price table item"), list(items[kind]), format_func=items[kind].__getitem__
        )
        parcel = st.selectbox(_("Parcel (recovered / restricted m²)"), list(area),
                              format_func=area.__getitem__) if land else None  # fmt: skip
        quantity = number_field(quantity_rule(), key=f"{fresh}:quantity",
                                help=_("For land, leave empty to take the area the overlay found."))  # fmt: skip
        description = st.text_input(_("Description"))
        minutes = st.text_input(_("Inventory minutes (number, date)"))
        refused = st.checkbox(_("The household refused to sign the minutes"))
        if st.form_submit_button(_("Add the line"), type="primary", width="stretch"):
            done = attempt(lambda: record_line(store, project.id, InventoryLine(
                household, kind, str(code), read_optional(quantity, quantity_rule()) or Decimal(0), parcel,
                description or None, minutes or None, refused), actor=actor, key=submission_key(
                fresh, kind, code, parcel, quantity, description, minutes, refused)))  # fmt: skip
            if done is not None:
                adding.saved(_("Inventory line added."))
    if lines:
        _correction_form(store, actor, project, household, lines)
    _facts_form(store, actor, project, household, facts.get(household))


def _correction_form(
    store: Store, actor: Actor, project: Project, household: int, lines: list[InventoryLine]
) -> None:
    """A wrong line is corrected by a new one that replaces it: what the minutes said stays on record."""
    labels = {x.id: f"{x.kind.label} · {x.item_code} · {number(x.quantity)}" for x in lines}
    correcting = RecordForm("correct", household)
    fresh = correcting.id
    with st.expander(_("Correct a line")), st.form(fresh):
        chosen = st.selectbox(_("Line"), list(labels), format_func=labels.__getitem__)
        quantity = number_field(quantity_rule(_("Right quantity")), key=f"{fresh}:quantity")
        minutes = st.text_input(_("Minutes of the correction (number, date)"))
        if st.form_submit_button(_("Save the correction"), width="stretch"):
            old = next(x for x in lines if x.id == chosen)
            done = attempt(lambda: record_line(store, project.id, InventoryLine(
                household, old.kind, old.item_code, read_number(quantity, quantity_rule(_("Right quantity"))), old.parcel_id,
                old.description, minutes or None, False, replaces_id=old.id), actor=actor,
                key=submission_key(fresh, chosen, quantity, minutes)))  # fmt: skip
            if done is not None:
                correcting.saved(_("Line corrected."))


def _facts_form(
    store: Store, actor: Actor, project: Project, household: int, mine: HouseholdFacts | None
) -> None:
    form = RecordForm("facts", household, version=mine.version if mine else 0)
    version = form.seen
    fresh = form.id
    with st.form(fresh):
        st.markdown("**" + _("What the support rules need") + "**")
        farmland = number_field(
            farmland_rule(), key=f"{fresh}:farmland", value=mine.farmland_m2 if mine else None
        )
        members = number_field(
            members_rule(), key=f"{fresh}:members", value=mine.farming_members if mine else 0
        )
        moving = st.checkbox(_("The household must move"), value=mine.relocating if mine else False)
        if st.form_submit_button(_("Save"), width="stretch"):
            done = attempt(lambda: set_facts(store, project.id, HouseholdFacts(
                household, read_optional(farmland, farmland_rule()) or Decimal(0), int(read_number(members, members_rule())),
                moving, version),
                actor=actor, key=submission_key("facts", household, version, farmland, members, moving)))  # fmt: skip
            if done is not None:
                form.saved(_("Saved."))
    form.stale_warning()
