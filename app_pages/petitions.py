"""Citizen reception and petitions: figures for a period, the register with its deadlines, the
reception sessions, and the steering committee's list of backlog cases.

Its sections live in ui/petitions/; this file is their table of contents."""

import streamlit as st

from consultations.core.access import Action, Role
from consultations.petitions.service import register_bodies
from translations import _
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.petitions.figures import figures_section
from ui.petitions.register import register_section
from ui.reception import backlog_section, sessions_section

store, actor = page_frame(_("Citizen reception and petitions"), project=False)
with shown_errors():
    bodies = register_bodies(store, actor=actor)
body = st.selectbox(
    _("Body"), [None, *bodies], format_func=lambda b: _("All bodies") if b is None else b
)
reader = actor.may(Action.READ_PERSONAL)
SECTIONS = {"figures": _("Figures"), "register": _("Register"), "sessions": _("Reception"),
            "backlog": _("Backlog list")}  # fmt: skip
# A choice that survives the page's reruns (tabs went back to the first after every save).
# The backlog list is the steering committee's (its chairs and administrators).
shown = [
    k
    for k in SECTIONS
    if k == "figures" or (reader and (k != "backlog" or actor.role in (Role.ADMIN, Role.CHAIR)))
]
section = st.segmented_control(
    _("Section"), shown, format_func=SECTIONS.__getitem__,
    default="figures", key="petitions-section", label_visibility="collapsed",
) or "figures"  # fmt: skip

if section == "figures":
    figures_section(store, body, actor=actor)
elif section == "register":
    register_section(store, body, actor=actor)
elif section == "sessions":
    sessions_section(store, actor, body)
else:
    backlog_section(store, actor, body)
