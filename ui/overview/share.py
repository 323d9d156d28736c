"""The Overview's last part: the chosen project's map as one HTML file to share at a meeting."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.core.access import Action, Actor
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.reporting.map_export import map_html
from consultations.reporting.options import Audience
from consultations.reporting.palette import STATUS_COLOURS
from translations import _
from ui.errors import shown_errors


def shared_map_section(store: Store, chosen: Project, as_of: dt.date, *, actor: Actor) -> None:
    with st.expander(_("Map to share at a meeting (one HTML file, works offline)")):
        audience = st.radio(
            _("Audience"), list(Audience) if actor.may_in(Action.EXPORT_INTERNAL, chosen.id) else [Audience.PUBLIC], horizontal=True,
            format_func=lambda a: _("Residents (public)") if a is Audience.PUBLIC else _("Officials (internal)"),
        )  # fmt: skip
        show_names = actor.may_in(Action.EXPORT_INTERNAL, chosen.id) and st.checkbox(
            _("Show land users' names"), False
        )
        if st.button(_("Prepare the map")):
            with shown_errors():
                html_map = map_html(store, chosen, Audience(str(audience)), STATUS_COLOURS, as_of=as_of,
                                    show_names=show_names, actor=actor)  # fmt: skip
            st.download_button(
                _("Download the map"), html_map, file_name=f"{chosen.slug}-{as_of:%Y%m%d}-{audience}.html",
                mime="text/html",
            )  # fmt: skip
