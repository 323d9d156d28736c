"""The Overview's first part: every project of the province in one table and on one map, and
which project's dashboard opens below."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from consultations.core.access import Actor
from consultations.core.store import Store
from consultations.reporting.service import Dashboard
from consultations.setup.progress import setup_progress
from geo.maps import outlines_map, use_local_leaflet
from translations import _
from ui.cached import cached_outlines
from ui.errors import shown_errors
from ui.store import LEAFLET_URL
from ui.widgets import table


def province_section(store: Store, boards: list[Dashboard], *, actor: Actor) -> None:
    """Every project: its figures in a row each, and its outline coloured by agreement."""
    st.subheader(_("All projects"))
    with shown_errors():
        ready = {
            b.project.slug: setup_progress(store, b.project, actor=actor).ready for b in boards
        }
    rows = [
        {
            _("Project"): b.project.name
            + (" · " + _("closed") if b.project.closed else "")
            + ("" if ready[b.project.slug] else " · " + _("being set up")),
            _("Kind"): b.project.kind.label,
            _("Affected households"): b.figures.affected_households,
            _("Agreed (signed)"): b.figures.agreed,
            _("Agreement share"): f"{b.figures.agreement_share:.0%}",
            _("Above 75 %"): "✔" if b.figures.above_threshold else "✘",
            _("Towers ready to build"): f"{b.towers_ready}/{len(b.towers)}" if b.towers else "-",
            _("Open concerns"): b.grievances.open,
            _("Overdue commitments"): b.overdue_total,
            _("Households stuck (backlog)"): len(b.backlog),
        }
        for b in boards
    ]
    table(rows, hide_index=True, width="stretch")
    outlines = cached_outlines(store)
    shares = {b.project.slug: b.figures for b in boards}
    fmap = outlines_map(
        outlines.assign(
            colour=["#009e73" if shares[s].above_threshold else "#e69f00" for s in outlines.slug],
            label=[
                f"{n}: {shares[s].agreement_share:.0%}"
                for n, s in zip(outlines.name, outlines.slug, strict=True)
            ],
        ),
        "colour",
        ["label"],
    )
    use_local_leaflet(fmap, LEAFLET_URL)
    st_folium(fmap, height=320, use_container_width=True, returned_objects=[], key="province-map")


def opening_board(boards: list[Dashboard], actor: Actor) -> int:
    """Which project's figures open: the one the user last worked on, else their own (a chair or
    an officer given projects), else the first."""
    remembered = st.session_state.get("project_slug")
    slugs = [b.project.slug for b in boards]
    if remembered in slugs:
        return slugs.index(remembered)
    return next((i for i, b in enumerate(boards) if b.project.id in actor.project_ids), 0)


def chosen_board(boards: list[Dashboard], actor: Actor) -> Dashboard:
    """The project whose dashboard is shown, chosen in a box (``opening_board`` first)."""
    names = {b.project.name: b for b in boards}
    board = names[st.selectbox(_("Project"), list(names), index=opening_board(boards, actor))]
    return board
