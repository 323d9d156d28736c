"""Get the server ready in the background as soon as its first page is shown.

geopandas, shapely, pyproj, folium and the app's map and report modules take one to two seconds
to import, and each project's shapes, statuses and people take about a second more at 20 000
parcels; the Overview's boards of every project take about 0.2 s a project (26 s for 130). Without this the first person to open a map after a restart waits for all of it; with it,
the work is done while that person is still typing a password. Best effort: anything that fails
here fails again, with its message, on the page that needs it.
"""

from __future__ import annotations

import importlib
import logging
import threading

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx

from translations import local_today

#: Nothing that declares a Streamlit component (streamlit_folium): declared outside a script run,
#: a component is not served to the page.
MODULES = (
    "geopandas",
    "folium",
    "geo.maps",
    "consultations.reporting.service",
    "consultations.reporting.map_export",
)
log = logging.getLogger(__name__)


def _prepare() -> None:
    for name in MODULES:
        importlib.import_module(name)
    from consultations.core.access import operator
    from consultations.projects.service import list_projects
    from consultations.reporting.options import BACKLOG_DAYS
    from ui.cached import (
        cached_affected_shapes,
        cached_dashboards,
        cached_land,
        cached_outlines,
        cached_people,
    )
    from ui.store import shared_store

    # The same store the pages use, but not through app_store(): that reads the session's state,
    # which a thread outliving the first page's run may not touch (Streamlit stops it there).
    store = shared_store()
    # The Overview first: where administrators and viewers land, every project's board at once
    # (with many projects, the longest wait of a first page after a restart).
    cached_dashboards(store, local_today(), BACKLOG_DAYS, actor=operator("warm-up"))
    cached_outlines(store)
    for project in list_projects(store):  # the same cache entries the pages ask for today
        cached_affected_shapes(store, project)
        cached_land(store, project, local_today())
        cached_people(store, project, actor=operator("warm-up"))  # the entry chairs share


def _prepare_quietly() -> None:
    try:
        _prepare()
    except Exception:  # the page that needs it shows the error in plain words
        log.warning("Warming up failed; pages will do the work themselves.", exc_info=True)


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Start the work once per server process; later calls return the same thread."""
    thread = threading.Thread(target=_prepare_quietly, name="clearway-warm-up", daemon=True)
    add_script_run_ctx(thread)  # Streamlit's caches are used from it, as from a page
    thread.start()
    return thread
