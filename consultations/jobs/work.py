"""What the worker does for each kind of job: the feature's own door, called in the requester's
name with the job's parameters, and what is kept of its result (JSON; a file's bytes apart)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import pickle
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from consultations.accounts.staffing import actor_named
from consultations.core.access import Actor
from consultations.core.database import Store
from consultations.core.records import Project
from consultations.fieldwork.service import (
    PreparedPackage,
    export_field_package,
    save_field_package,
)
from consultations.jobs.model import Job, JobKind, MadeFile
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.land.service import import_layer
from consultations.projects.service import list_projects
from consultations.reporting.map_export import map_html
from consultations.reporting.monthly_report import REPORT_TYPES, report_bytes
from consultations.reporting.options import Audience
from consultations.reporting.palette import STATUS_COLOURS
from consultations.reporting.project_export import export_project
from translations import _, local_today

Progress = Callable[[float, str], None]


def _import_layer(store: Store, job: Job, payload: bytes, actor: Actor, progress: Progress) -> Any:
    params = job.params
    project = next(p for p in list_projects(store) if p.id == job.project_id)
    with tempfile.TemporaryDirectory(prefix="clearway-job-") as folder:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:  # made by queue_import: plain names
            archive.extractall(folder)
        path = Path(folder) / Path(params["file"]).name
        stored = params["options"]  # JSON: the old communes' choices came back as lists
        options = ImportOptions(
            **{**stored, "communes": tuple(map(tuple, stored.get("communes", ())))}
        )
        progress(0.02, _("Reading and checking the layer…"))
        prepared = preview_import(store, project, path, LayerKind(params["kind"]), options,
                                  actor=actor)  # fmt: skip
        changes = import_layer(store, project, prepared, actor=actor, progress=progress,
                               confirmed=params["confirmed"], key=params["key"])  # fmt: skip
    return dataclasses.asdict(changes)


def _field_return(store: Store, job: Job, payload: bytes, actor: Actor, progress: Progress) -> Any:
    params = job.params
    prepared = pickle.loads(payload)  # queue_field_return's own record of the preview
    if not isinstance(prepared, PreparedPackage):
        raise TypeError(f"job {job.id} does not hold a prepared field package")
    progress(0.3, _("Saving the rows…"))
    merged = save_field_package(store, prepared, actor=actor, key=params["key"],
                                photos_missing_confirmed=params["photos_missing_confirmed"])  # fmt: skip
    return dataclasses.asdict(merged)


def _begun(store: Store, job: Job, progress: Progress, note: str) -> Project:
    """The job's project, with the first step of its work said."""
    progress(0.05, note)
    return next(p for p in list_projects(store) if p.id == job.project_id)


def _monthly_report(
    store: Store, job: Job, _payload: bytes, actor: Actor, progress: Progress
) -> MadeFile:
    params = job.params
    project = _begun(store, job, progress, _("Gathering the month's figures…"))
    content = report_bytes(store, project, params["month"], params["format"], actor=actor,
                           backlog_days=params["backlog_days"], progress=progress)  # fmt: skip
    return MadeFile(f"bao-cao-{project.slug}-{params['month']}.{params['format']}",
                    REPORT_TYPES[params["format"]], content)  # fmt: skip


def _field_package(
    store: Store, job: Job, _payload: bytes, actor: Actor, progress: Progress
) -> MadeFile:
    owner = job.params["owner"]
    project = _begun(store, job, progress, _("Gathering the households and parcels…"))
    package = export_field_package(
        store, project, actor=actor, progress=progress,
        owner=actor_named(store, owner, actor=actor) if owner else None,
    )  # fmt: skip
    return MadeFile(package.file_name, "application/zip", package.content,
                    {"households": package.households, "parcels": package.parcels})  # fmt: skip


def _shared_map(
    store: Store, job: Job, _payload: bytes, actor: Actor, progress: Progress
) -> MadeFile:
    params = job.params
    project = _begun(store, job, progress, _("Gathering the parcels and their statuses…"))
    as_of = dt.date.fromisoformat(params["as_of"]) if params["as_of"] else None
    html = map_html(store, project, Audience(params["audience"]), STATUS_COLOURS, as_of=as_of,
                    show_names=params["show_names"], actor=actor, progress=progress)  # fmt: skip
    day = as_of or local_today()
    names = "-ten" if params["show_names"] else ""  # a map with names is told apart by its name
    return MadeFile(f"{project.slug}-{day:%Y%m%d}-{params['audience']}{names}.html", "text/html",
                    html.encode("utf-8"))  # fmt: skip


#: The media types of the project's data, for a download.
DATA_TYPES = {
    "gpkg": "application/geopackage+sqlite3",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


def _project_data(
    store: Store, job: Job, _payload: bytes, actor: Actor, progress: Progress
) -> MadeFile:
    fmt = job.params["format"]
    project = _begun(store, job, progress, _("Gathering the project's registers…"))
    with tempfile.TemporaryDirectory(prefix="clearway-job-") as folder:
        out = Path(folder) / f"{project.slug}.{fmt}"
        rows = export_project(store, project, fmt, out, actor=actor, progress=progress)
        content = out.read_bytes()
    return MadeFile(out.name, DATA_TYPES.get(fmt, "application/octet-stream"), content,
                    {"rows": rows})  # fmt: skip


WORK: dict[JobKind, Callable[[Store, Job, bytes, Actor, Progress], Any]] = {
    JobKind.IMPORT_LAYER: _import_layer,
    JobKind.FIELD_RETURN: _field_return,
    JobKind.MONTHLY_REPORT: _monthly_report,
    JobKind.FIELD_PACKAGE: _field_package,
    JobKind.SHARED_MAP: _shared_map,
    JobKind.PROJECT_DATA: _project_data,
}
