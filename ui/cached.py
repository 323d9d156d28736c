"""Derived data kept across reruns, keyed by what it depends on (and never mutated by callers).

Geometry changes only with an import, statuses with every edit: they are cached apart, so a status
change recomputes statuses and figures, not the parcels' shapes or their encoding for the map.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import streamlit as st

from consultations.projects import (
    ProjectLand,
    ProjectState,
    land_features,
    land_version,
    list_projects,
    parcel_labels,
    parcel_people,
    people_version,
    project_state,
    with_statuses,
)
from consultations.records import Project
from consultations.storage.database import Store
from geo.compact import WGS84, encode_geometry
from geo.maps import parcel_shapes
from workflows.dashboard import Dashboard, project_dashboard
from workflows.province import project_outlines


@st.cache_resource(max_entries=8, show_spinner=False)
def _features(
    _store: Store, project: Project, version: tuple[int, ...]
) -> tuple[ProjectLand, list]:
    land = land_features(_store, project)
    return land, encode_geometry(land.parcels.to_crs(WGS84).geometry.values)


def cached_features(store: Store, project: Project) -> tuple[ProjectLand, list]:
    """The project's geometry, and its parcels encoded for the map (row for row)."""
    return _features(store, project, land_version(store, project))


@st.cache_resource(max_entries=8, show_spinner=False)
def _affected_shapes(_store: Store, project: Project, version: tuple[int, ...]) -> str:
    land, encoded = _features(_store, project, version)
    affected = land.parcels[land.parcels.affected]
    return parcel_shapes(
        affected.assign(label=parcel_labels(affected)),
        "label",
        [encoded[i] for i in land.parcels.index.get_indexer(affected.index)],
    )


def cached_affected_shapes(store: Store, project: Project) -> str:
    """The affected parcels' shapes with their sheet/parcel labels for the map (``parcel_shapes``),
    in the order of the affected rows of ``cached_features``; made again only after an import."""
    return _affected_shapes(store, project, land_version(store, project))


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_state(
    _store: Store, project: Project, as_of: dt.date | None, version: int
) -> ProjectState:
    """Statuses and figures; ``version`` (the audit log's last id) changes with any edit."""
    return project_state(_store, project, as_of)


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_land(
    _store: Store, project: Project, as_of: dt.date | None, version: int
) -> ProjectLand:
    """The project's land coloured by status on ``as_of``; ``version`` as for ``cached_state``."""
    land, _encoded = cached_features(_store, project)
    return with_statuses(
        _store, project, land, cached_state(_store, project, as_of, version).statuses
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def _people(_store: Store, project: Project, version: int) -> pd.DataFrame:
    return parcel_people(_store, project)


def cached_people(store: Store, project: Project) -> pd.DataFrame:
    """``parcel_people``, made again when people or concerns change (not with every consent)."""
    return _people(store, project, people_version(store))


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_dashboards(
    _store: Store, as_of: dt.date, backlog_days: int, version: int
) -> list[Dashboard]:
    """Every project's dashboard on ``as_of``; ``version`` as for ``cached_state``."""
    return [project_dashboard(_store, p, as_of, backlog_days) for p in list_projects(_store)]


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_outlines(
    _store: Store, as_of: dt.date, backlog_days: int, version: int
) -> gpd.GeoDataFrame:
    """The projects' outlines for the province map, with their agreement share on ``as_of``."""
    return project_outlines(_store, cached_dashboards(_store, as_of, backlog_days, version))
