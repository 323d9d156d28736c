"""A job: long work asked for in the app and done by the worker, as every server sees it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from translations import _


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            JobStatus.QUEUED: _("waiting for the worker"),
            JobStatus.RUNNING: _("running"),
            JobStatus.DONE: _("done"),
            JobStatus.FAILED: _("stopped with an error"),
            JobStatus.CANCELLED: _("cancelled"),
        }[self]

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


class JobKind(StrEnum):
    IMPORT_LAYER = "import-layer"
    FIELD_RETURN = "field-return"  # a returned field package merged into the records
    MONTHLY_REPORT = "monthly-report"  # a file: the steering committee's monthly report
    FIELD_PACKAGE = "field-package"  # a file: a field officer's communes for QField
    SHARED_MAP = "shared-map"  # a file: the project's map to share at a meeting (HTML)
    PROJECT_DATA = "project-data"  # a file: the project's data for QGIS or Excel

    @property
    def label(self) -> str:
        """What the work is, as the user reads it in the job's title."""
        return {
            JobKind.IMPORT_LAYER: _("Layer import"),
            JobKind.FIELD_RETURN: _("Saving a returned field package"),
            JobKind.MONTHLY_REPORT: _("Monthly report"),
            JobKind.FIELD_PACKAGE: _("Field package"),
            JobKind.SHARED_MAP: _("Map to share"),
            JobKind.PROJECT_DATA: _("Data for QGIS and Excel"),
        }[self]


@dataclass(frozen=True)
class Job:
    id: int
    kind: JobKind
    project_id: int | None
    user_id: int | None
    requested_by: str
    params: dict[str, Any]
    status: JobStatus
    progress: float  # 0 to 1
    note: str | None  # what it is doing now
    cancel_requested: bool
    result: dict[str, Any] | None
    error: str | None  # a plain sentence
    created_at: dt.datetime
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class MadeFile:
    """A file a job made: its bytes are kept apart from its result, for any server to offer."""

    file_name: str
    mime: str
    content: bytes
    facts: dict[str, Any] = field(default_factory=dict)  # kept in the result, beside the name


@dataclass(frozen=True)
class JobFile:
    """A finished job's file, for a download button."""

    file_name: str
    mime: str
    content: bytes


class JobCancelled(Exception):
    """Raised inside a running job's work when someone cancelled it: its transaction rolls back."""
