"""Who is signed in: the sign-in form, session expiry, and the pages each role may open.

The services check every action themselves (``consultations.core.access``); hiding pages a role may not
use only spares people a refusal.
"""

from __future__ import annotations

import os

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from consultations.accounts.service import sign_in, sign_in_sso
from consultations.accounts.sessions import SESSION_HOURS, end_session, open_session, resume_session
from consultations.core.access import Actor
from consultations.core.errors import SignInFailed
from consultations.core.messages import message_for
from translations import _
from ui.errors import shown_errors
from ui.store import app_store

#: The cookie that carries the session's token across reloads (see consultations/sessions.py).
COOKIE = "clearway_session"


def current_actor() -> Actor:
    """The signed-in user; pages run only after ``signed_in`` let them."""
    actor = st.session_state.get("actor")
    if not isinstance(actor, Actor):
        st.stop()
    return actor


def _start(actor: Actor, *, remember: bool) -> Actor:
    """Open a session for ``actor``; ``remember``: also in the browser, so a reload keeps it."""
    token = open_session(app_store(), actor=actor)
    st.session_state.session_token = token
    if remember:
        st.session_state.remembered = token
        st.session_state.pop("signed_out_cookie", None)
    st.session_state.actor = actor
    return actor


def session_token() -> str | None:
    """This browser session's token: what a change of one's own password keeps signed in."""
    token = st.session_state.get("session_token")
    return token if isinstance(token, str) else None


def session_actor() -> Actor | None:
    """The signed-in actor as the account stands now (re-read on every run), or None: never signed
    in, signed out, idle longer than the session minutes by the server's clock (a reload does not
    reset it), past the session's absolute lifetime, or ended by a change of the account."""
    _write_cookie()
    cookie = _cookie()
    if cookie and cookie == st.session_state.get("signed_out_cookie"):
        cookie = None  # the browser sent it before this session signed out
    token = st.session_state.get("session_token") or cookie
    actor = resume_session(app_store(), token)
    if actor is not None and "session_token" not in st.session_state:
        # A new page for a session begun earlier: a reload, another tab, or another server after
        # this one stopped. What the session held only in memory (a form being typed) is gone.
        st.toast(_("Signed in again (a page opened or reloaded). Everything saved is kept; if a "
                   "page was reloaded while you were typing, what was not saved must be typed "
                   "again."))  # fmt: skip
    if actor is not None:
        st.session_state.session_token = token
        st.session_state.actor = actor
        return actor
    if token:  # ended, idle, expired, or the account changed: nothing of it stays
        sign_out()
        st.session_state.expired = True
    if st.user.get("is_logged_in") and "sso_refused" not in st.session_state:
        try:  # signed in by the identity provider: Clearway says what they may do
            actor = sign_in_sso(app_store(), str(st.user.get("email") or ""))
        except SignInFailed as refused:
            st.session_state.sso_refused = message_for(refused)
            return None
        return _start(actor, remember=False)  # the provider's own cookie survives a reload
    return None


def _cookie() -> str | None:
    """The session token the browser sent when this session began, if any."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None


def _write_cookie() -> None:
    """Put (or take away) the session's token in the browser: Streamlit reads cookies but has no
    call to set one, so a line of JavaScript does it, scoped to this site and to same-site
    requests."""
    # Written on every run until the browser is known to hold it (its cookies are read once, when
    # the session begins), so a run cut short by the next click cannot leave it unwritten.
    remembered = st.session_state.get("remembered")
    if remembered and _cookie() != remembered:
        token = remembered
    elif not remembered and st.session_state.get("signed_out_cookie"):
        token = ""
    else:
        return
    age = SESSION_HOURS * 3600 if token else 0
    st.html(
        f"<script>document.cookie = '{COOKIE}={token}; path=/; max-age={age}; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


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
            _start(sign_in(app_store(), username, password, client=client_address()), remember=True)
        st.rerun()


def client_address() -> str:
    """Who is signing in, for slowing down repeated failures: the browser's address (the proxy's,
    behind one: configure it to pass the client through), else this browser session."""
    ctx = get_script_run_ctx()
    return st.context.ip_address or f"session:{ctx.session_id if ctx else '-'}"


def sign_out() -> None:
    token = st.session_state.get("session_token") or _cookie()
    end_session(app_store(), token)
    for key in ("actor", "session_token", "remembered"):
        st.session_state.pop(key, None)
    if _cookie():
        st.session_state.signed_out_cookie = _cookie()  # forget it in the browser too
    if st.user.get("is_logged_in"):
        st.logout()  # out of the single sign-on too, or the next run would sign in again


def account_box(actor: Actor) -> None:
    st.sidebar.caption(
        _("Signed in as {name} ({role})").format(name=actor.username, role=actor.role.label)
    )
    if st.sidebar.button(_("Sign out")):
        sign_out()
        st.rerun()
