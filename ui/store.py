"""The one store of the running app, opened (and migrated) once per process and database URL."""

from __future__ import annotations

import streamlit as st

from consultations.core.replica import Written, follow
from consultations.core.store import Store, database_url, open_store

# Served from static/leaflet by Streamlit's static file serving (.streamlit/config.toml).
LEAFLET_URL = "/app/static/leaflet"


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    store = open_store(url)
    store.migrate()  # harmless when current; a new PostgreSQL database gets its schema here
    return store


def shared_store() -> Store:
    """The process's store for work outside any browser session (the warm-up thread)."""
    return _store_for(database_url())


def app_store() -> Store:
    """The store, with this browser session's own writes followed: with a read replica
    (READ_DATABASE_URL) a read after one's own save waits for the replica to have it, or reads the
    primary (consultations/core/replica.py)."""
    follow(st.session_state.setdefault("_clearway_written", Written()))
    return shared_store()
