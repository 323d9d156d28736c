"""The one store of the running app, opened (and migrated) once per process and database URL."""

from __future__ import annotations

import streamlit as st

from consultations.core.store import Store, database_url, open_store

# Served from static/leaflet by Streamlit's static file serving (.streamlit/config.toml).
LEAFLET_URL = "/app/static/leaflet"


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    store = open_store(url)
    store.migrate()  # harmless when current; a new PostgreSQL database gets its schema here
    return store


def app_store() -> Store:
    return _store_for(database_url())
