"""Petitions: the figures of a period (sessions, petitions, how they were settled)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from consultations.core.access import Actor
from consultations.core.store import Store
from consultations.petitions.figures import petition_figures
from translations import _, format_number, local_today
from ui.errors import shown_errors
from ui.widgets import table


def rate(value: float | None) -> str:
    return "-" if value is None else f"{format_number(value, 1)} %"


def figures_section(store: Store, body: str | None, *, actor: Actor) -> None:
    """The province's figures for a period, as it counts them, beside the year before."""
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
