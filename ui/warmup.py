"""Import the heavy libraries once, in the background, as soon as the server's first page is shown.

geopandas, shapely, pyproj, folium and the app's map and report modules take one to two seconds
to import. Without this the first person to open a map after a restart waits for them; with it,
they load while that person is still typing a password.
"""

from __future__ import annotations

import importlib
import threading

import streamlit as st

#: Nothing that touches Streamlit: a component declared outside a script run (streamlit_folium)
#: is not served to the page.
MODULES = (
    "geopandas",
    "folium",
    "geo.maps",
    "workflows.dashboard",
    "workflows.map_export",
)


def _import_all() -> None:
    for name in MODULES:
        importlib.import_module(name)


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Start the imports once per server process; later calls return the same thread."""
    thread = threading.Thread(target=_import_all, name="clearway-warm-up", daemon=True)
    thread.start()
    return thread
