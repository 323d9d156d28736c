"""Clearway: the Streamlit entry point. Page config, language, navigation; nothing else."""

import streamlit as st

from translations import _
from ui.widgets import language_switch

st.set_page_config(page_title="Clearway", page_icon=":material/map:", layout="wide")
language_switch()
navigation = st.navigation(
    [
        st.Page(
            "app_pages/overview.py", title=_("Overview"), icon=":material/dashboard:", default=True
        ),
        st.Page("app_pages/consent_map.py", title=_("Consent map"), icon=":material/map:"),
        st.Page("app_pages/households.py", title=_("Households"), icon=":material/groups:"),
        st.Page("app_pages/field_update.py", title=_("Field update"), icon=":material/smartphone:"),
        st.Page("app_pages/meetings.py", title=_("Meetings"), icon=":material/forum:"),
        st.Page("app_pages/concerns.py", title=_("Concerns"), icon=":material/report:"),
        st.Page("app_pages/commitments.py", title=_("Commitments"), icon=":material/handshake:"),
        st.Page("app_pages/documents.py", title=_("Documents"), icon=":material/folder_open:"),
        st.Page("app_pages/import_layer.py", title=_("Import"), icon=":material/upload_file:"),
    ]
)
navigation.run()
