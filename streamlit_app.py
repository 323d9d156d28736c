"""Clearway: the Streamlit entry point. Page config, language, navigation; nothing else."""

import streamlit as st

from translations import _
from ui.widgets import language_switch

st.set_page_config(page_title="Clearway", page_icon="🗺️", layout="wide")
language_switch()
navigation = st.navigation(
    [st.Page("app_pages/overview.py", title=_("Overview"), icon="📊", default=True)]
)
navigation.run()
