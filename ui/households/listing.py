"""Households: the search box, the filters and the list of what they find."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import ConsentStatus, Project
from consultations.core.store import Store
from consultations.fieldwork.service import flagged_households
from consultations.households.service import HouseholdHit, households_seen_by, search_households
from consultations.reporting.household_progress import (
    STATUS_ORDER,
    HouseholdProgress,
    household_progress,
)
from translations import _
from ui.errors import shown_errors
from ui.widgets import date_columns, pick_many, plain, table


def household_list(
    store: Store, project: Project, *, actor: Actor
) -> tuple[list[HouseholdHit], dict[int, HouseholdProgress]]:
    """The households found and filtered, in the order chosen, and each one's progress."""
    # Before the search box exists, as Streamlit requires: a household just added is searched for.
    if "_added_household" in st.session_state:
        st.session_state["household_query"] = st.session_state.pop("_added_household")
    query = st.text_input(
        _("Search: name (accents optional), household code, or sheet/parcel like 12/45"),
        key="household_query",  # other pages open a household here by setting it (the consent map)
    )
    with shown_errors():
        hits = search_households(store, project.id, query, limit=2000, actor=actor)
        flagged = flagged_households(store, project, actor=actor)
        progress = household_progress(store, project, actor=actor)
    if flagged:
        codes = sorted(
            h.code for h in households_seen_by(store, project.id, actor=actor) if h.id in flagged
        )
        st.warning(
            _("Recorded offline with two statuses for one day, not yet reviewed: {codes}. See Field "
              "package → Conflicts to review.").format(codes=plain(", ".join(codes)))
        )  # fmt: skip
    statuses = pick_many(_("Status"), list(ConsentStatus), format_func=lambda s: s.label,
                         key="household-statuses")  # fmt: skip
    idle = st.selectbox(
        _("No progress for"), [None, 30, 60, 90, 180], key="household-idle",
        format_func=lambda n: _("any time") if n is None else _("{n} days or more").format(n=n),
        help=_("Households not yet agreed, counted from the later of the project's start and their "
               "last progress, as the Overview's backlog counts them."),
    )  # fmt: skip
    order = st.radio(_("Sort by"), ["code", "status", "village"], horizontal=True, key="household-sort",
                     format_func={"code": _("Code"), "status": _("Status"), "village": _("Village")}.__getitem__)  # fmt: skip
    hits = [h for h in hits if h.household.id in progress
            and (not statuses or progress[h.household.id].status in statuses)
            and (idle is None or progress[h.household.id].stuck(idle))]  # fmt: skip

    def sort_key(hit: HouseholdHit) -> tuple[object, ...]:
        household = hit.household
        if order == "status":  # the usual path of a consultation, then the code
            return (STATUS_ORDER[progress[household.id].status], household.code)
        return (
            (household.village or "", household.code) if order == "village" else (household.code,)
        )

    hits.sort(key=sort_key)
    st.caption(_("{n} households").format(n=len(hits)))
    listing = pd.DataFrame(
        [{_("Code"): h.household.code, _("Head of household"): h.household.head_name,
          _("Village"): h.household.village, _("Status"): progress[h.household.id].status.label,
          _("Last progress"): progress[h.household.id].last_progress,
          _("Days without progress"): progress[h.household.id].idle_days,
          _("Parcels"): ", ".join(h.parcels), _("Affected"): h.household.affected} for h in hits]
    )  # fmt: skip
    if hits:
        table(
            listing,
            hide_index=True,
            width="stretch",
            column_config=date_columns(_("Last progress")),
        )
    else:
        st.info(_("No household matches the search and the filters."))
    return hits, progress
