"""Who is signed in: the sign-in form, session expiry, and the pages each role may open.

The services check every action themselves (``consultations.access``); hiding pages a role may not
use only spares people a refusal.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from consultations.access import Action, Actor, Role
from consultations.accounts import sign_in, sign_in_sso
from consultations.errors import SignInFailed
from translations import _
from ui.errors import shown_errors
from ui.store import app_store
from workflows.messages import message_for

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
    if st.user.get("is_logged_in") and "sso_refused" not in st.session_state:
        try:  # signed in by the identity provider: Clearway says what they may do
            actor = sign_in_sso(app_store(), str(st.user.get("email") or ""))
        except SignInFailed as refused:
            st.session_state.sso_refused = message_for(refused)
            return None
        st.session_state.actor, st.session_state.last_seen = actor, time.time()
        return actor
    return None


def sso_configured() -> bool:
    """Whether Streamlit's OIDC login is set up ([auth] in .streamlit/secrets.toml)."""
    return st.user.get("is_logged_in") is not None


def _sso_box() -> None:
    refused = st.session_state.get("sso_refused")
    if refused and st.user.get("is_logged_in"):
        st.error(refused, icon="⚠️")
        if st.button(_("Sign out of the single sign-on")):
            st.session_state.pop("sso_refused", None)
            st.logout()
    elif st.button(_("Sign in with the province's single sign-on"), type="primary"):
        st.session_state.pop("sso_refused", None)
        provider = os.environ.get("CLEARWAY_SSO_PROVIDER")  # when [auth] names several
        if provider:
            st.login(provider)
        else:
            st.login()


def sign_in_form() -> None:
    """The sign-in form; on success the script reruns on the page that was asked for."""
    if st.session_state.pop("expired", False):
        st.warning(_("Your session expired; please sign in again."))
    st.title(_("Sign in"))
    if sso_configured():
        _sso_box()
        st.caption(_("Or with a Clearway user name and password:"))
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
    if st.user.get("is_logged_in"):
        st.logout()  # out of the single sign-on too, or the next run would sign in again


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
