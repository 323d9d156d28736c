"""Derived data kept across reruns, keyed by what it depends on (and never mutated by callers)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.projects import ProjectLand, project_land
from consultations.records import Project
from consultations.storage.database import Store


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_land(
    _store: Store, project: Project, as_of: dt.date | None, version: int
) -> ProjectLand:
    """The project's land and statuses; ``version`` (the audit log's last id) changes with any edit."""
    return project_land(_store, project, as_of)
