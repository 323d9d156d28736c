"""Bringing a field package back, by the import protocol (``core/imports.py``).

``prepare_field_package`` reads the returned zip once (manifest, GeoPackage, photos), checks who
brings it back against the office's own record of the export, and plans every row against the
households as they are; ``PreparedPackage.preview()`` says what saving would add and what it meets;
``save_field_package`` writes exactly that plan in one transaction, after checking under the
export's lock that nothing it was planned against moved (another save of the same rows, a status
recorded at the office, a household gone): if something did, nothing is saved and the refusal
names it. Who recorded the rows and which versions they were edited against come from the office's
record of the export, never from the package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from consultations.core.access import Action, Actor, Role, require
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import ConfirmationNeeded, InvalidRecord, NotFound, PermissionDenied
from consultations.core.imports import ImportPreview, refuse_moved
from consultations.core.records import ConcernCategory, ConsentStatus, Household, Project
from consultations.core.unit import Unit
from consultations.fieldwork import store as _store
from consultations.fieldwork.layout import CONSENT, Export, Manifest
from consultations.fieldwork.merge import Planned, may_bring_back_in, plan_in, write_in
from consultations.fieldwork.returned import Returned, read_manifest, read_returned
from consultations.fieldwork.review import office_text
from consultations.households.service import households_in
from consultations.projects.service import find_project
from translations import _, format_date


@dataclass(frozen=True)
class FieldImport:
    """What a returned package brings (``preview_field_package``) or brought (``import_…``)."""

    project: str
    user: str
    new_events: int = 0
    new_concerns: int = 0
    duplicates: int = 0
    stale: list[str] = field(default_factory=list)  # one sentence per row
    clashes: list[str] = field(default_factory=list)
    ignored_edits: list[str] = field(default_factory=list)
    missing_photos: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PreparedPackage:
    """A returned package read, checked and planned once: what ``save_field_package`` writes.
    Plain frozen records (rows, photos' bytes, the plan), so it pickles for a worker's job."""

    project: Project
    export: Export
    returned: Returned
    planned: tuple[Planned, ...]
    report: FieldImport  # what saving it would add and meet, as the page lists it

    def preview(self) -> ImportPreview:
        r = self.report
        return ImportPreview(
            added=r.new_events + r.new_concerns, unchanged=r.duplicates,
            lines=(_("From {user}: {events} consent events and {concerns} concerns to add; {dups} "
                     "rows already imported (skipped).").format(
                         user=r.user, events=r.new_events, concerns=r.new_concerns,
                         dups=r.duplicates),),
            warnings=(*r.stale, *r.clashes, *r.ignored_edits, *r.missing_photos),
        )  # fmt: skip


def _project_of(store: Store, manifest: Manifest) -> Project:
    try:
        return find_project(store, manifest.project_slug)
    except NotFound as error:
        raise InvalidRecord(
            _("This package belongs to project “{slug}”, which is not on this server.").format(
                slug=manifest.project_slug)
        ) from error  # fmt: skip


def _export(record: dict[str, Any] | None, project: Project) -> Export:
    if record is None or record["project_id"] != project.id:
        raise InvalidRecord(
            _("This package is not one this office exported for project “{project}” (or it was "
              "exported before the office kept a record of its packages); export a new package for "
              "the officer. Nothing was saved.").format(project=project.name)
        )  # fmt: skip
    moment = record["exported_at"]
    return Export(
        package_id=record["package_id"], project_id=record["project_id"],
        user=record["field_user"], versions={str(k): int(v) for k, v in record["versions"].items()},
        exported_at=moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment,
    )  # fmt: skip


def _may_bring_back(actor: Actor, project: Project, export: Export) -> None:
    """The officer the package was made for, a chairperson or an administrator of the project."""
    if actor.role is Role.FIELD_OFFICER and actor.username == export.user:
        require(actor, Action.EDIT_RECORDS, project_id=project.id)
    elif actor.role in (Role.CHAIR, Role.ADMIN):
        require(actor, Action.READ_PERSONAL, project_id=project.id)
    else:
        raise PermissionDenied(
            _("This package was prepared for {user}: only they, a chairperson or an administrator "
              "of the project may bring it back.").format(user=export.user)
        )  # fmt: skip


def _row_text(plan: Planned) -> str:
    row, household = plan.row, plan.household
    what = (
        ConsentStatus(row.value).label if row.kind == CONSENT else ConcernCategory(row.value).label
    )
    return _("{code} ({name}), {day}: “{what}” recorded by {user}").format(
        code=household.code, name=household.head_name, day=format_date(row.day), what=what,
        user=row.user)  # fmt: skip


def _report(
    returned: Returned, export: Export, planned: tuple[Planned, ...], counts: dict[str, int]
) -> FieldImport:
    new = [p for p in planned if not p.duplicate]
    return FieldImport(
        project=returned.manifest.project_name, user=export.user,
        new_events=counts.get("events", sum(p.row.kind == CONSENT for p in new)),
        new_concerns=counts.get("concerns", sum(p.row.kind != CONSENT for p in new)),
        duplicates=counts.get("duplicates", len(planned) - len(new)),
        stale=[_("{row}, based on an older state; since then: {office}").format(
            row=_row_text(p), office=office_text(p.office_changes))
            for p in new if p.conflict == "stale"],
        clashes=[_row_text(p) for p in new if p.conflict == "clash"],
        ignored_edits=returned.ignored_edits,
        missing_photos=[_("{code} on {day}: {photo}").format(
            code=r.code, day=format_date(r.day), photo=r.photo) for r in returned.missing_photos],
    )  # fmt: skip


def _still_to_import(conn: Connection, returned: Returned) -> Returned:
    """``returned`` with only the missing photos of rows not imported yet (a package brought back
    again asks nothing about the rows it already brought)."""
    known = _store.known_uuids(conn, [r.uuid for r in returned.missing_photos])
    return replace(
        returned, missing_photos=[r for r in returned.missing_photos if r.uuid not in known]
    )


def prepare_field_package(
    store: Store, path: Path, *, actor: Actor, name: str | None = None
) -> PreparedPackage:
    """The package at ``path`` read, checked and planned; nothing is saved. Who may bring it back
    and which export it is are checked before its GeoPackage or photos are opened."""
    manifest = read_manifest(path, name)
    project = _project_of(store, manifest)
    require(actor, Action.READ_PERSONAL, project_id=project.id)
    with store.read() as conn:
        export = _export(_store.export_of(conn, manifest.package_id), project)
    _may_bring_back(actor, project, export)
    returned = read_returned(path, manifest, export.versions, export.user, name)
    with store.read() as conn:
        returned = _still_to_import(conn, returned)
        planned = tuple(plan_in(conn, project, returned, actor, export))
    return PreparedPackage(
        project, export, returned, planned, _report(returned, export, planned, {})
    )


def _moved_in(conn: Connection, prepared: PreparedPackage, now: dict[str, Household]) -> list[str]:
    """What the plan was made against and is no longer so, in sentences (none: it still holds)."""
    new = [p.row.uuid for p in prepared.planned if not p.duplicate]
    saved = _store.known_uuids(conn, new)
    if saved:  # the cause of every other change it would find
        return [_("{n} of its rows were saved by another save of this package").format(
            n=len(saved))]  # fmt: skip
    moved, named = [], set()
    for plan in (p for p in prepared.planned if not p.duplicate):
        code, household = plan.household.code, now.get(plan.household.code)
        if code in named:
            continue
        if household is None:
            named.add(code)
            moved.append(_("household {code} is no longer in the project").format(code=code))
        elif household.version != plan.household.version:
            named.add(code)
            moved.append(_("household {code} ({name}) was changed").format(
                code=code, name=household.head_name))  # fmt: skip
    return moved


def save_field_package(
    store: Store,
    prepared: PreparedPackage,
    *,
    actor: Actor,
    key: str | None = None,
    photos_missing_confirmed: bool = False,
) -> FieldImport:
    """Save the prepared package's plan in one transaction. Photos it names but lacks are listed
    and nothing is saved unless ``photos_missing_confirmed`` (those rows are then marked); nothing
    is saved either if what the plan was made against moved since (``refuse_moved``)."""
    project, export, returned = prepared.project, prepared.export, prepared.returned
    _may_bring_back(actor, project, export)
    if returned.missing_photos and not photos_missing_confirmed:
        listed = "; ".join(prepared.report.missing_photos[:10])
        raise ConfirmationNeeded(
            _("Nothing was saved: {n} photos named in the package are not in it ({listed}). Add them "
              "to the zip, or confirm saving without them.").format(
                n=len(returned.missing_photos), listed=listed)
        )  # fmt: skip

    def work(unit: Unit) -> dict[str, Any]:
        conn = unit.conn
        # Two saves of one package (two tabs, two officers' laptops) wait for each other here;
        # the second then finds the rows in and is refused, saying so.
        _store.export_of(conn, export.package_id, lock=True)
        now = {h.code: h for h in households_in(conn, project.id)}
        refuse_moved(_moved_in(conn, prepared, now))
        may_bring_back_in(conn, project, returned, actor, now)  # the saver's rights as they are
        counts = write_in(unit, project, returned, list(prepared.planned), export)
        return asdict(_report(returned, export, prepared.planned, counts))

    result = run_command(store, key=key, command="import_field_package", actor=actor, work=work)
    return FieldImport(**result)


def preview_field_package(
    store: Store, path: Path, *, actor: Actor, name: str | None = None
) -> FieldImport:
    """What importing the package at ``path`` would add and what it meets; nothing is saved."""
    return prepare_field_package(store, path, actor=actor, name=name).report


def import_field_package(
    store: Store,
    path: Path,
    *,
    actor: Actor,
    key: str | None = None,
    photos_missing_confirmed: bool = False,
    name: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> FieldImport:
    """Prepare the package at ``path`` and save it at once (the command line, a worker).
    ``progress`` hears how far it is (the worker's: it may stop the work, and then nothing is
    saved)."""
    step = progress or (lambda _share, _note: None)
    step(0.05, _("Reading the package…"))
    prepared = prepare_field_package(store, path, actor=actor, name=name)
    step(0.6, _("Saving the rows…"))
    return save_field_package(store, prepared, actor=actor, key=key,
                              photos_missing_confirmed=photos_missing_confirmed)  # fmt: skip
