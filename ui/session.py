"""Who is signed in: the sign-in form, session expiry, and the pages each role may open.

The services check every action themselves (``consultations.access``); hiding pages a role may not
use only spares people a refusal.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from consultations.access import Action, Actor, Role
from consultations.accounts import sign_in
from translations import _
from ui.errors import shown_errors
from ui.store import app_store

#: Idle minutes after which a session must sign in again (CLEARWAY_SESSION_MINUTES).
SESSION_MINUTES = int(os.environ.get("CLEARWAY_SESSION_MINUTES", "480"))


def current_actor() -> Actor:
    """The signed-in user; pages run only after ``signed_in`` let them."""
    actor = st.session_state.get("actor")
    if not isinstance(actor, Actor):
        st.stop()
    return actor


def session_actor() -> Actor | None:
    """The signed-in actor, or None (never signed in, or idle longer than SESSION_MINUTES)."""
    actor = st.session_state.get("actor")
    last = st.session_state.get("last_seen", 0.0)
    if isinstance(actor, Actor) and time.time() - last > SESSION_MINUTES * 60:
        sign_out()
        st.session_state.expired = True
        return None
    if isinstance(actor, Actor):
        st.session_state.last_seen = time.time()
        return actor
    return None


def sign_in_form() -> None:
    """The sign-in form; on success the script reruns on the page that was asked for."""
    if st.session_state.pop("expired", False):
        st.warning(_("Your session expired; please sign in again."))
    st.title(_("Sign in"))
    with st.form("sign-in"):
        username = st.text_input(_("User name"))
        password = st.text_input(_("Password"), type="password")
        submitted = st.form_submit_button(_("Sign in"))
    if submitted:
        with shown_errors():
            st.session_state.actor = sign_in(app_store(), username, password)
            st.session_state.last_seen = time.time()
        st.rerun()


def sign_out() -> None:
    for key in ("actor", "last_seen"):
        st.session_state.pop(key, None)


def account_box(actor: Actor) -> None:
    st.sidebar.caption(
        _("Signed in as {name} ({role})").format(name=actor.username, role=actor.role.label)
    )
    if st.sidebar.button(_("Sign out")):
        sign_out()
        st.rerun()


PAGE_ACTIONS: dict[str, Action] = {
    "overview": Action.READ_FIGURES,
    "consent_map": Action.READ_FIGURES,
    "households": Action.READ_PERSONAL,
    "field_update": Action.EDIT_RECORDS,
    "meetings": Action.READ_PERSONAL,
    "concerns": Action.READ_PERSONAL,
    "commitments": Action.READ_PERSONAL,
    "documents": Action.READ_PERSONAL,
    "reports": Action.EXPORT_INTERNAL,
    "import_layer": Action.IMPORT,
    "audit": Action.MANAGE_USERS,
    "users": Action.MANAGE_USERS,
}


def role_pages(role: Role) -> set[str]:
    actor = Actor("-", role)
    return {page for page, action in PAGE_ACTIONS.items() if actor.may(action)}
