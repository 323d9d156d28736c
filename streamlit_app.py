"""Clearway: the Streamlit entry point. Page config, language, sign-in, navigation; nothing else."""

from urllib.parse import urlparse

import streamlit as st

from consultations.core.access import Role
from translations import _
from ui.session import PAGE_ACTIONS, account_box, role_pages, session_actor, sign_in_form
from ui.warmup import warm_up
from ui.widgets import language_switch

st.set_page_config(page_title="Clearway", page_icon=":material/map:", layout="wide")
warm_up()
language_switch()
actor = session_actor()
pages = {
    "week": (_("This week"), ":material/event_upcoming:"),
    "overview": (_("Overview"), ":material/dashboard:"),
    "consent_map": (_("Consent map"), ":material/map:"),
    "households": (_("Households"), ":material/groups:"),
    "field_update": (_("Field update"), ":material/smartphone:"),
    "field_package": (_("Field package (offline)"), ":material/cloud_off:"),
    "meetings": (_("Meetings"), ":material/forum:"),
    "concerns": (_("Concerns"), ":material/report:"),
    "commitments": (_("Commitments"), ":material/handshake:"),
    "documents": (_("Documents"), ":material/folder_open:"),
    "petitions": (_("Citizen reception and petitions"), ":material/record_voice_over:"),
    "compensation": (_("Compensation and payments"), ":material/payments:"),
    "reports": (_("Reports"), ":material/summarize:"),
    "new_project": (_("New project"), ":material/add_location_alt:"),
    "project_setup": (_("Project set-up"), ":material/tune:"),
    "import_layer": (_("Import"), ":material/upload_file:"),
    "users": (_("Users"), ":material/manage_accounts:"),
    "audit": (_("Audit log"), ":material/history:"),
}
# Signed out, every page is known (so the address asked for is kept) but none is shown or run.
allowed = role_pages(actor.role) if actor else set(PAGE_ACTIONS)
# Field officers and chairs land on what falls due this week; everyone else on the Overview.
home = "week" if actor and actor.role in (Role.FIELD_OFFICER, Role.CHAIR) else "overview"
navigation = st.navigation(
    [
        st.Page(f"app_pages/{name}.py", title=title, icon=icon, default=name == home)
        for name, (title, icon) in pages.items()
        if name in allowed
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
