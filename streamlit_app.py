"""Clearway: the Streamlit entry point. Page config, language, sign-in, navigation; nothing else."""

from urllib.parse import urlparse

import streamlit as st

from ui.pages import PAGE_ACTIONS, PAGES, PUBLIC_PAGE, home_page, role_pages
from ui.session import account_box, session_actor, sign_in_form
from ui.warmup import warm_up
from ui.widgets import language_switch

st.set_page_config(page_title="Clearway", page_icon=":material/map:", layout="wide")
warm_up()
language_switch()
if urlparse(st.context.url or "").path.rstrip("/").endswith(f"/{PUBLIC_PAGE.name}"):
    # A project's public page (the QR code on notices leads here): no sign-in, nothing else.
    # The default page of a navigation answers at "/" only, so the public page is a second one
    # (the default is never run here: only "/public" leads to this branch).
    public = st.Page(f"app_pages/{PUBLIC_PAGE.name}.py", title=PUBLIC_PAGE.title(),
                     icon=PUBLIC_PAGE.icon, url_path=PUBLIC_PAGE.name)  # fmt: skip
    root = st.Page(f"app_pages/{PAGES[0].name}.py", default=True)
    st.navigation([root, public], position="hidden").run()
    st.stop()
actor = session_actor()
# Signed out, every page is known (so the address asked for is kept) but none is shown or run.
allowed = role_pages(actor.role) if actor else set(PAGE_ACTIONS)
home = home_page(actor.role) if actor else "overview"
navigation = st.navigation(
    [
        st.Page(
            f"app_pages/{page.name}.py",
            title=page.title(),
            icon=page.icon,
            default=page.name == home,
        )
        for page in PAGES
        if page.name in allowed
    ],
    position="sidebar" if actor else "hidden",
    expanded=True,  # every page in view: the next steps the pages name are never hidden
)
if actor is None:
    # Remember whether the person asked for the app itself (no page): after signing in, they
    # land on their role's home page rather than on the Overview.
    st.session_state.asked_for_home = urlparse(st.context.url or "").path.rstrip("/") == ""
    sign_in_form()
    st.stop()
if st.session_state.pop("asked_for_home", False) and home != "overview":
    st.switch_page(f"app_pages/{home}.py")
account_box(actor)
navigation.run()
