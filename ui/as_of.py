"""The day a map shows, chosen so it applies as soon as it changes.

A date box (``st.date_input``) sends a typed date only when the field loses focus, so the consent
map went on showing the former day until a click elsewhere. A slider sends its day when it is
released (or at each arrow key), over the project's own span: from its first record to today."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.core.records import Project
from consultations.core.store import Store
from translations import _, format_date, local_today
from ui.cached import cached_state


def as_of_slider(store: Store, project: Project, label: str | None = None) -> dt.date:
    """The day chosen, from the project's first record (its creation, cut-off date or first
    consent event, whichever is earliest) to today; today while the project has no past."""
    today = local_today()
    # Today's state: the one the page then shows (and the warm-up prepares), computed once.
    since = cached_state(store, project, today).since
    start = min(d for d in (since, project.cutoff_on, project.created_on, today) if d is not None)
    if start >= today:
        st.caption(
            _("As of {date}: the project has no earlier record.").format(date=format_date(today))
        )
        return today
    chosen: dt.date = st.slider(
        label or _("As of"), min_value=start, max_value=today, value=today, format="DD/MM/YYYY",
        key=f"as-of:{project.slug}", help=_("Drag, or use the arrow keys a day at a time: the map "
                                            "shows that day as soon as it is let go."),
    )  # fmt: skip
    return chosen
