"""The Overview's tabs for the chosen project: its map, progress, villages, the households
stuck, concerns and promises, and the vulnerable households."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from consultations.core.access import Action, Actor
from consultations.core.labels import parcel_labels
from consultations.core.records import ConcernCategory, ConsentStatus
from consultations.core.store import Store
from consultations.procedure.service import DeadlineState
from consultations.reporting.columns import labelled
from consultations.reporting.figures import AGREEMENT_THRESHOLD
from consultations.reporting.palette import status_categories
from consultations.reporting.service import Dashboard
from geo.maps import project_map, use_local_leaflet
from translations import _
from ui.cached import cached_features, cached_land
from ui.store import LEAFLET_URL
from ui.widgets import date_columns, parcel_legend, table


def dashboard_tabs(store: Store, board: Dashboard, as_of: dt.date, *, actor: Actor) -> None:
    tabs = st.tabs([_("Map"), _("Progress"), _("By village"), _("Stuck"), _("Concerns and promises"),
                    _("Vulnerable households")])  # fmt: skip
    with tabs[0]:
        map_tab(store, board, as_of)
    with tabs[1]:
        progress_tab(board)
    with tabs[2]:
        villages_tab(board)
    with tabs[3]:
        stuck_tab(board, actor=actor)
    with tabs[4]:
        concerns_tab(board)
    with tabs[5]:
        vulnerable_tab(board, actor=actor)


def map_tab(store: Store, board: Dashboard, as_of: dt.date) -> None:
    chosen = board.project
    land = cached_land(store, chosen, as_of)
    encoded = cached_features(store, chosen)[1]
    categories = status_categories()
    fmap = project_map(
        land.parcels.assign(parcel_label=parcel_labels(land.parcels)),
        category_column="status", categories=categories, label_column="parcel_label",
        corridors=land.corridors, foundations=land.towers, houses=land.houses, encoded_parcels=encoded,
    )  # fmt: skip
    use_local_leaflet(fmap, LEAFLET_URL)
    st_folium(
        fmap, height=520, use_container_width=True, returned_objects=[], key=f"map-{chosen.slug}"
    )
    parcel_legend(land.parcels.loc[land.parcels.affected, "status"], categories)
    if board.towers:
        waiting = [t.label for t in board.towers if not t.ready]
        st.caption(_("Towers still waiting: {towers}").format(towers=", ".join(waiting) or "-"))


def progress_tab(board: Dashboard) -> None:
    if board.progress.empty:
        st.info(_("No consent recorded yet."))
    else:
        series = board.progress.assign(day=pd.to_datetime(board.progress.day))
        target = AGREEMENT_THRESHOLD * board.figures.affected_households
        line = alt.Chart(series).mark_line(interpolate="step-after", point=True).encode(
            x=alt.X("day:T", title=_("Date"), axis=alt.Axis(format="%d/%m/%Y")),
            y=alt.Y("agreed:Q", title=_("Agreed (signed)")),
        )  # fmt: skip
        rule = (
            alt.Chart(pd.DataFrame({"y": [target]}))
            .mark_rule(strokeDash=[6, 3], color="#d55e00")
            .encode(y="y:Q")
        )
        meetings = alt.Chart(pd.DataFrame({"day": pd.to_datetime(board.meeting_days)})).mark_rule(
            color="#999999").encode(x="day:T")  # fmt: skip
        st.altair_chart(line + rule + meetings, width="stretch")
        st.caption(_("Grey lines: meetings held. Dashed line: the 75 % threshold."))
    funnel = board.funnel.rename(columns={"label": _("Stage"), "households": _("Households")})
    st.markdown("**" + _("Procedure stages reached") + "**")
    if board.funnel.households.sum():
        st.bar_chart(funnel, x=_("Stage"), y=_("Households"), horizontal=True, sort=False)
    else:
        st.info(_("No procedure step recorded yet (the Households page records them)."))


def villages_tab(board: Dashboard) -> None:
    table(
        labelled(board.by_village.assign(share=[f"{s:.0%}" for s in board.by_village.share]), "by_village"),
        hide_index=True, width="stretch",
    )  # fmt: skip


def names_hidden() -> str:
    return _("Your role shows these figures, not the households behind them.")


def stuck_tab(board: Dashboard, *, actor: Actor) -> None:
    if not actor.may_in(Action.READ_PERSONAL, board.project.id):
        st.info(names_hidden())
    st.caption(
        _("Households not agreed with no progress for {days} days or more.").format(
            days=board.backlog_days
        )
    )
    table(
        labelled(board.backlog.assign(status=[ConsentStatus(s).label for s in board.backlog.status]), "backlog"),
        hide_index=True, width="stretch", column_config=date_columns(_("Last progress")),
    )  # fmt: skip


def concerns_tab(board: Dashboard) -> None:
    st.markdown("**" + _("Open concerns by category") + "**")
    table(
        labelled(board.concerns.assign(category=[ConcernCategory(c).label for c in board.concerns.category]),
                 "concerns"),
        hide_index=True, width="stretch",
    )  # fmt: skip
    st.markdown("**" + _("Overdue commitments") + "**")
    overdue = board.overdue_commitments
    if len(overdue) < board.overdue_total:
        st.caption(_("{n} overdue in all; only those of the households you may read are listed.").format(
            n=board.overdue_total))  # fmt: skip
    table(
        labelled(overdue, "overdue_commitments"),
        hide_index=True, width="stretch", column_config=date_columns(_("Due")),
    )  # fmt: skip
    st.markdown("**" + _("Procedure deadlines near or late") + "**")
    table(
        labelled(board.deadlines.assign(state=[_("late") if s == DeadlineState.LATE else _("near") for s in board.deadlines.state]),
                 "deadlines"),
        hide_index=True, width="stretch", column_config=date_columns(_("Deadline")),
    )  # fmt: skip


def vulnerable_tab(board: Dashboard, *, actor: Actor) -> None:
    if not actor.may_in(Action.READ_PERSONAL, board.project.id):
        st.info(names_hidden())
    vulnerable = board.vulnerable
    table(
        labelled(vulnerable.assign(status=[ConsentStatus(s).label for s in vulnerable.status]), "vulnerable"),
        hide_index=True, width="stretch",
    )  # fmt: skip
