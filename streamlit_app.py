"""Clearway: the Streamlit entry point. Page config, language, sign-in, navigation; nothing else."""

import streamlit as st

from translations import _
from ui.session import PAGE_ACTIONS, account_box, role_pages, session_actor, sign_in_form
from ui.warmup import warm_up
from ui.widgets import language_switch

st.set_page_config(page_title="Clearway", page_icon=":material/map:", layout="wide")
warm_up()
language_switch()
actor = session_actor()
pages = {
    "overview": (_("Overview"), ":material/dashboard:"),
    "consent_map": (_("Consent map"), ":material/map:"),
    "households": (_("Households"), ":material/groups:"),
    "field_update": (_("Field update"), ":material/smartphone:"),
    "meetings": (_("Meetings"), ":material/forum:"),
    "concerns": (_("Concerns"), ":material/report:"),
    "commitments": (_("Commitments"), ":material/handshake:"),
    "documents": (_("Documents"), ":material/folder_open:"),
    "reports": (_("Reports"), ":material/summarize:"),
    "import_layer": (_("Import"), ":material/upload_file:"),
    "users": (_("Users"), ":material/manage_accounts:"),
    "audit": (_("Audit log"), ":material/history:"),
}
# Signed out, every page is known (so the address asked for is kept) but none is shown or run.
allowed = role_pages(actor.role) if actor else set(PAGE_ACTIONS)
navigation = st.navigation(
    [
        st.Page(f"app_pages/{name}.py", title=title, icon=icon, default=name == "overview")
        for name, (title, icon) in pages.items()
        if name in allowed
    ],
    position="sidebar" if actor else "hidden",
)
if actor is None:
    sign_in_form()
    st.stop()
account_box(actor)
navigation.run()
