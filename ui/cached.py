"""Derived data kept across reruns, keyed on the change feed's counters (and never mutated by callers).

Every key holds the store and the counters of the streams the view reads (consultations/feed.py):
shapes move with ``land`` only, colours with ``statuses``, filters with ``people``. A sign-in or an
export moves no counter, so reading never throws a cache away. Views with personal data are cached
per kind of reader (role and communes), and made by the feature's door with that reader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from consultations.core.access import Action, Actor, Role, operator, require
from consultations.core.feed import FeedCounters, feed_counters, province_counters
from consultations.core.labels import parcel_labels_with_codes
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import PreparedLayer
from consultations.land.preview import UploadInspection, inspect_upload, preview_import
from consultations.land.service import ImpactChanges, import_effects
from consultations.projects.service import list_projects
from consultations.reporting.maps import (
    ParcelPeople,
    ProjectLand,
    land_features,
    parcel_people,
    with_statuses,
)
from consultations.reporting.province import project_outlines
from consultations.reporting.service import Dashboard, as_seen_by, project_dashboard
from consultations.reporting.state import ProjectState, project_state
from geo.compact import WGS84, encode_geometry
from geo.parcel_layer import parcel_shapes
from translations import current_language
from ui.map_files import shapes_digest


def _land_key(counters: FeedCounters) -> tuple[str, int, str]:
    return (counters.store, counters.land, counters.epoch)


@st.cache_resource(max_entries=8, show_spinner=False)
def _features(
    _store: Store, project: Project, key: tuple[str, int, str]
) -> tuple[ProjectLand, list[list[list[int]]]]:
    land = land_features(_store, project)
    return land, encode_geometry(land.parcels.to_crs(WGS84).geometry.values)


def cached_features(store: Store, project: Project) -> tuple[ProjectLand, list[list[list[int]]]]:
    """The project's geometry, and its parcels encoded for the map (row for row)."""
    return _features(store, project, _land_key(feed_counters(store, project.id)))


@st.cache_resource(max_entries=8, show_spinner=False)
def _affected_shapes(
    _store: Store, project: Project, key: tuple[str, int, str], language: str
) -> tuple[str, str]:
    land, encoded = _features(_store, project, key)
    affected = land.parcels[land.parcels.affected]
    shapes = parcel_shapes(
        affected.assign(label=parcel_labels_with_codes(affected)),
        "label",
        [encoded[i] for i in land.parcels.index.get_indexer(affected.index)],
    )
    return shapes, shapes_digest(shapes)


def cached_affected_shapes(store: Store, project: Project) -> tuple[str, str]:
    """The affected parcels' shapes with their sheet/parcel labels for the map (``parcel_shapes``),
    in the order of the affected rows of ``cached_features``, and a hash of them that names their
    file (ui/map_files.py), in the reader's language; made again only after an import."""
    key = _land_key(feed_counters(store, project.id))
    return _affected_shapes(store, project, key, current_language())  # labels say "code" in it


@st.cache_resource(max_entries=16, show_spinner=False)
def _labels(_store: Store, project: Project, key: tuple[str, int, str], language: str) -> pd.Series:
    land, _encoded = _features(_store, project, key)
    return parcel_labels_with_codes(land.parcels)


def cached_parcel_labels(store: Store, project: Project) -> pd.Series:
    """Each parcel's sheet/parcel label with its code (``parcel_labels_with_codes``), indexed as
    the land's parcels, in the reader's language; made again only after an import."""
    key = _land_key(feed_counters(store, project.id))
    return _labels(store, project, key, current_language())


@st.cache_resource(max_entries=16, show_spinner=False)
def _state(
    _store: Store, project: Project, as_of: dt.date | None, key: FeedCounters
) -> ProjectState:
    return project_state(_store, project, as_of)


def cached_state(store: Store, project: Project, as_of: dt.date | None) -> ProjectState:
    """Statuses and figures on ``as_of``, made again when land, people or consent change."""
    return _state(store, project, as_of, feed_counters(store, project.id))


@st.cache_resource(max_entries=16, show_spinner=False)
def _land(_store: Store, project: Project, as_of: dt.date | None, key: FeedCounters) -> ProjectLand:
    land, _encoded = _features(_store, project, _land_key(key))
    return with_statuses(_store, project, land, _state(_store, project, as_of, key).statuses)


def cached_land(store: Store, project: Project, as_of: dt.date | None) -> ProjectLand:
    """The project's land coloured by status on ``as_of``."""
    return _land(store, project, as_of, feed_counters(store, project.id))


@st.cache_resource(max_entries=16, show_spinner=False)
def _people(
    _store: Store,
    project: Project,
    key: tuple[str, int, int, str],
    view: tuple[object, ...],
    _actor: Actor,
) -> ParcelPeople:
    return parcel_people(_store, project, actor=_actor)


def cached_people(store: Store, project: Project, *, actor: Actor) -> ParcelPeople:
    """``parcel_people`` as ``actor`` may see it, made again when land or people change (not with
    a consent event). Everyone who reads every household (administrators, chairs) shares one
    entry; a field officer's entry is that of the communes assigned."""
    c = feed_counters(store, project.id)
    view = (
        actor.may_in(Action.READ_PERSONAL, project.id),
        actor.scopes if actor.role is Role.FIELD_OFFICER else (),
    )
    return _people(store, project, (c.store, c.land, c.people, c.epoch), view, actor)


def _who(actor: Actor) -> tuple[object, ...]:
    """Who reads, in a cache key: each person's permission check runs for them, never on a hit
    made by someone else."""
    return (actor.username, actor.role, actor.scopes)


@st.cache_resource(max_entries=1024, show_spinner=False)
def _whole_dashboard(
    _store: Store, project: Project, as_of: dt.date, backlog_days: int, key: FeedCounters
) -> Dashboard:
    """One project's dashboard with every household named, made again only when that project's
    data moves; every reader's own is cut from it (``as_seen_by``), so 130 projects' boards are
    made once for all readers, not once per role, and a consent event remakes only its project's."""
    return project_dashboard(_store, project, as_of, backlog_days, actor=operator("dashboards"))


def _province_key(store: Store) -> tuple[FeedCounters, ...]:
    return province_counters(store, [p.id for p in list_projects(store)])


def cached_dashboards(
    store: Store, as_of: dt.date, backlog_days: int, *, actor: Actor
) -> list[Dashboard]:
    """Every project's dashboard on ``as_of`` as ``actor`` may see it."""
    require(actor, Action.READ_FIGURES)
    projects = list_projects(store)
    keys = province_counters(store, [p.id for p in projects])
    return [
        as_seen_by(_whole_dashboard(store, p, as_of, backlog_days, key), actor=actor)
        for p, key in zip(projects, keys, strict=True)
    ]


@st.cache_resource(max_entries=8, show_spinner=False)
def _outlines(_store: Store, key: tuple[tuple[str, int, str], ...]) -> gpd.GeoDataFrame:
    return project_outlines(_store, list_projects(_store))


def cached_outlines(store: Store) -> gpd.GeoDataFrame:
    """The projects' outlines for the province map (WGS 84), made again only after an import."""
    return _outlines(store, tuple(_land_key(c) for c in _province_key(store)))


@st.cache_resource(max_entries=16, show_spinner=False)
def _inspection(
    _store: Store,
    project: Project,
    path: str,
    stamp: float,
    kind: LayerKind,
    layer: str | None,
    encoding: str | None,
    crs_epsg: int | None,
    view: tuple[object, ...],
    _actor: Actor,
) -> UploadInspection:
    return inspect_upload(_store, project, Path(path), kind, layer=layer, encoding=encoding,
                          crs_epsg=crs_epsg, actor=_actor)  # fmt: skip


def cached_inspection(
    store: Store,
    project: Project,
    path: Path,
    kind: LayerKind,
    layer: str | None,
    encoding: str | None,
    crs_epsg: int | None,
    *,
    actor: Actor,
) -> UploadInspection:
    """``inspect_upload``, once per upload and options (the upload's folder is new per upload)."""
    return _inspection(store, project, str(path), Path(path).stat().st_mtime, kind, layer,
                       encoding, crs_epsg, _who(actor), actor)  # fmt: skip


@st.cache_resource(max_entries=4, show_spinner=False)
def _preview(
    _store: Store,
    project: Project,
    path: str,
    stamp: float,
    kind: LayerKind,
    options: str,
    land: tuple[str, int, str],
    view: tuple[object, ...],
    _options: ImportOptions,
    _actor: Actor,
) -> PreparedLayer:
    return preview_import(_store, project, Path(path), kind, _options, actor=_actor)


def cached_preview(
    store: Store, project: Project, path: Path, kind: LayerKind, options: ImportOptions, *,
    actor: Actor,
) -> PreparedLayer:  # fmt: skip
    """``preview_import``, once per upload, options and state of the project's land."""
    land = _land_key(feed_counters(store, project.id))
    return _preview(store, project, str(path), Path(path).stat().st_mtime, kind, repr(options),
                    land, _who(actor), options, actor)  # fmt: skip


@st.cache_resource(max_entries=4, show_spinner=False)
def _effects(
    _store: Store,
    project: Project,
    path: str,
    stamp: float,
    kind: LayerKind,
    options: str,
    key: FeedCounters,
    view: tuple[object, ...],
    _options: ImportOptions,
    _actor: Actor,
) -> tuple[ImpactChanges, list[str]]:
    prepared = _preview(
        _store, project, path, stamp, kind, options, _land_key(key), view, _options, _actor
    )
    return import_effects(_store, project, prepared, actor=_actor)


def cached_effects(
    store: Store, project: Project, path: Path, kind: LayerKind, options: ImportOptions, *,
    actor: Actor,
) -> tuple[ImpactChanges, list[str]]:  # fmt: skip
    """``import_effects`` of the previewed layer, once per upload, options and state of the
    project (any change to it may change what the import would do)."""
    return _effects(store, project, str(path), Path(path).stat().st_mtime, kind, repr(options),
                    feed_counters(store, project.id), _who(actor), options, actor)  # fmt: skip
