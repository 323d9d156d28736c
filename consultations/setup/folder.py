"""Create a project from a folder of land-office files described by a ``project.toml``.

Each layer goes through the same import code as a user's upload (``layer_import``, ``impacts``), and
everything happens in one transaction: a bad file leaves the database as it was. The demo projects in
``data/parcels/`` load through here.
"""

from __future__ import annotations

import datetime as dt
import glob
import tomllib
from collections import defaultdict
from pathlib import Path, PurePath
from typing import Any

from consultations.core.access import Action, Actor, require
from consultations.core.audit import write_audit
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.households.registers import read_household_register
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import prepare_layer_in
from consultations.land.service import (
    affected_parcel_ids_in,
    parcels_in,
    recompute_impacts_in,
    save_layer_in,
)
from consultations.projects.service import insert_project_in
from consultations.setup import loading
from consultations.setup.history_register import read_history_register
from translations import _

LAYER_ORDER = (
    LayerKind.CENTRELINE,
    LayerKind.BOUNDARY,
    LayerKind.TOWERS,
    LayerKind.PARCELS,
    LayerKind.HOUSES,
)


def _spec(folder: Path) -> dict[str, Any]:
    with _inside(folder, "project.toml", "project.toml").open("rb") as f:
        return tomllib.load(f)


def _inside(folder: Path, name: str, entry: str) -> Path:
    """``folder / name``, refused (naming ``entry``) unless it and its companion files (a
    shapefile's .dbf, .shx, .prj…) stay inside ``folder`` once ``..``, an absolute path or a
    symbolic link is followed: a project folder sent by someone else reads nothing else."""
    root = folder.resolve()
    path = folder / name
    companions = path.parent.glob(glob.escape(path.stem) + ".*") if path.parent.is_dir() else []
    if any(not p.resolve().is_relative_to(root) for p in (path, *companions)):
        raise InvalidRecord(
            _("project.toml, {entry}: the file “{name}” lies outside the project's folder; "
              "put the file in the folder and name it there (for example “{example}”).").format(
                entry=entry, name=name, example=PurePath(name).name)
        )  # fmt: skip
    return path


def _file(folder: Path, spec: dict[str, Any], section: str) -> Path:
    """The file that the ``[section]`` of project.toml names, inside ``folder``."""
    return _inside(folder, str(spec[section]["file"]), f"[{section}] file")


def _new_project(spec: dict[str, Any]) -> NewProject:
    fields = {k: v for k, v in spec.items() if not isinstance(v, dict)}
    fields["kind"] = ProjectKind(fields["kind"])
    fields["units"] = tuple(tuple(u) for u in fields.get("units", ()))
    if isinstance(fields.get("cutoff_on"), str):
        fields["cutoff_on"] = dt.date.fromisoformat(fields["cutoff_on"])
    return NewProject(**fields)


def _options(section: dict[str, Any], project: Project) -> ImportOptions:
    # A file without a CRS of its own is taken to be in the project's CRS, as the folder declares.
    return ImportOptions(
        layer=section.get("layer"),
        crs_epsg=section.get("crs_epsg", project.crs_epsg),
        encoding=section.get("encoding"),
        mapping=section.get("fields"),
        width_m=section.get("width_m"),
        # an old commune split in 2025, as the file writes it → today's commune of its parcels
        communes=tuple(section.get("communes", {}).items()),
    )


def parcel_ids_by_key_in(conn: Any, project: Project) -> dict[loading.ParcelKey, list[int]]:
    by_key: dict[loading.ParcelKey, list[int]] = defaultdict(list)
    for row in parcels_in(conn, project.id, project.crs_epsg).itertuples():
        by_key[(row.old_commune, row.sheet_no, row.parcel_no)].append(int(row.id))
        if row.old_commune is not None:
            by_key[(None, row.sheet_no, row.parcel_no)].append(int(row.id))
    return by_key


def load_project_folder(store: Store, folder: Path, *, actor: Actor) -> Project:
    """Read, check and save one project folder atomically; returns the new project."""
    require(actor, Action.IMPORT)
    name = str(actor)
    folder = Path(folder)
    spec = _spec(folder)
    new = _new_project(spec)
    layers = {kind: _file(folder, spec, str(kind)) for kind in LAYER_ORDER if str(kind) in spec}
    households = read_household_register(_file(folder, spec, "households"))
    codes = {h["code"] for h in households.households}
    history = (
        read_history_register(_file(folder, spec, "history"), codes) if "history" in spec else None
    )
    with store.begin() as conn:
        project = insert_project_in(conn, new, actor=actor)
        for kind, path in layers.items():
            options = _options(spec[str(kind)], project)
            save_layer_in(conn, project, prepare_layer_in(conn, project, path, kind, options), name)
        changes = recompute_impacts_in(conn, project, name)
        household_ids = loading.save_households_in(
            conn,
            project.id,
            households,
            parcel_ids_by_key_in(conn, project),
            affected_parcel_ids_in(conn, project.id),
        )
        if history is not None:
            loading.save_history_in(conn, project.id, history, household_ids, name)
        write_audit(
            conn,
            actor=name,
            action="import",
            entity="project",
            entity_id=project.id,
            project_id=project.id,
            after={"folder": folder.name, "households": len(household_ids),
                   "affected_parcels": changes.affected_parcels},
        )  # fmt: skip
    return project
