"""The Import page's preview as one use case: look at an upload once, then prepare it once.

``inspect_upload`` reads the file once (twice only when it has no coordinate system: once to find
that out, once in the project's zone to list its columns) and says what the page needs to ask:
layers, text samples for the encoding preview, the missing-CRS question, columns and the mapping
remembered for them. ``preview_import`` reads, maps and checks it for saving. Both are read-only
and keyed on the file and the options, so the page caches them per rerun.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from consultations.core.access import Action, Actor, require
from consultations.core.database import Store
from consultations.core.records import Project
from consultations.land.kinds import ImportOptions, LayerKind, field_label
from consultations.land.layer_import import PreparedLayer, mapping_in, prepare_layer_in
from consultations.projects.service import list_projects
from geo.errors import MissingCRS, UnknownEncoding
from geo.layers import Layer, read_layer, text_samples
from geo.sources import open_source
from translations import _


def projects_to_import_into(store: Store, *, actor: Actor) -> list[Project]:
    """The projects a layer may be imported into: all of them, for those who may import."""
    require(actor, Action.IMPORT)
    return list_projects(store)


@dataclass(frozen=True)
class UploadInspection:
    layers: tuple[str, ...]
    samples: tuple[bytes, ...]  # raw non-ASCII strings, for the encoding preview
    missing_crs: str | None  # the question to ask when the file has no coordinate system
    columns: tuple[str, ...]
    suggested: dict[str, str]  # our field → the file's column, remembered or guessed
    encoding_question: str | None = None  # the text's encoding is neither declared nor clear


def inspect_upload(
    store: Store,
    project: Project,
    path: Path,
    kind: LayerKind,
    *,
    layer: str | None,
    encoding: str | None,
    crs_epsg: int | None,
    actor: Actor,
) -> UploadInspection:
    """What the Import page asks about an upload, from one reading of it."""
    require(actor, Action.IMPORT)
    source = open_source(path)
    chosen = layer if layer is not None or len(source.layers) <= 1 else source.layers[0]
    samples = tuple(text_samples(path, chosen))
    question = None
    try:
        read, missing = _read(path, chosen, crs_epsg, encoding, project)
    except UnknownEncoding as error:  # asked on the page; the columns are read meanwhile
        question = str(error)
        read, missing = _read(path, chosen, crs_epsg, "latin-1", project)
    columns = tuple(str(c) for c in read.frame.columns if c != read.frame.geometry.name)
    with store.read() as conn:
        suggested = mapping_in(conn, kind, list(columns))
    return UploadInspection(tuple(source.layers), samples, missing, columns, suggested, question)


def _read(
    path: Path, layer: str | None, crs_epsg: int | None, encoding: str | None, project: Project
) -> tuple[Layer, str | None]:
    """The layer, and the question to ask when it has no coordinate system (it is then read in
    the project's, to list its columns)."""
    try:
        return read_layer(path, layer=layer, crs_epsg=crs_epsg, encoding=encoding), None
    except MissingCRS as error:
        read = read_layer(path, layer=layer, crs_epsg=project.crs_epsg, encoding=encoding)
        return read, str(error)


def preview_import(
    store: Store, project: Project, path: Path, kind: LayerKind, options: ImportOptions, *,
    actor: Actor,
) -> PreparedLayer:  # fmt: skip
    """The layer read, mapped and checked for ``project``; nothing is written."""
    require(actor, Action.IMPORT)
    with store.read() as conn:
        return prepare_layer_in(conn, project, path, kind, options)


def _column_label(name: str) -> str:
    from consultations.core import labels

    extra = {
        "half_width_m": _("Half-width of the corridor (m)"),
        "kind": _("Kind"),
        "centreline": _("Centreline"),
        "attributes": _("The file's own columns"),
        "current_commune": _("Commune today"),
        "old_commune_code": _("Old commune's code"),
    }
    if name in extra:
        return extra[name]
    try:
        return field_label(name)
    except KeyError:
        return labels.field_label(name)


def _cell_text(value: object) -> object:
    kinds = {
        "power_corridor": _("Power line corridor"),
        "recovery_boundary": _("Recovery boundary"),
    }
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items() if v not in ("", "None", "nan"))
    if isinstance(value, str) and value in kinds:
        return kinds[value]
    return value


def preview_rows(features: gpd.GeoDataFrame, limit: int = 50) -> pd.DataFrame:
    """The first features of a prepared layer as people read them: headers in words, no shapes,
    no codes (``power_corridor``), the file's own columns written out."""
    shown = pd.DataFrame(features.head(limit))
    shapes = [
        c for c in shown.columns if shown[c].map(lambda v: isinstance(v, shapely.Geometry)).any()
    ]
    shown = shown.drop(columns=shapes)
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(_cell_text).astype(object)
    return shown.rename(columns={c: _column_label(str(c)) for c in shown.columns})
