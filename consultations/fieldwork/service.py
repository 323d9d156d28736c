"""Field packages: a field officer's communes taken offline to QField, and brought back.

Export: the affected parcels and households of the officer's communes (no ID number, phone or birth
date), with empty tables to add consent and concerns to. Import: each new row becomes one consent
event or concern through its own feature's door, with its provenance; a row already imported is
skipped, so the same package twice adds nothing. Conflicts are kept and shown, never resolved: a
row based on an older state of its household than the office's ("stale"), and two statuses for one
household on one day ("clash", flagged until a chair or officer chooses which stands: ``review``).
Who recorded the rows and which versions they were edited against come from the office's own record
of the export, never from the package; the package is bounded before it is read (``bounds``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from consultations.concerns.service import concerns_in
from consultations.consent.model import parcel_statuses
from consultations.consent.service import latest_statuses_in
from consultations.core.access import (
    Action,
    Actor,
    Role,
    require,
)
from consultations.core.audit import utcnow
from consultations.core.commands import run_command
from consultations.core.database import Store
from consultations.core.errors import (
    ConfirmationNeeded,
    InvalidRecord,
    NotFound,
    PermissionDenied,
)
from consultations.core.events import Entity
from consultations.core.labels import parcel_labels
from consultations.core.records import (
    ConcernCategory,
    ConsentStatus,
    ParcelStatus,
    Project,
)
from consultations.core.unit import Unit
from consultations.fieldwork import store as _store
from consultations.fieldwork.layout import CONSENT, Export, Manifest
from consultations.fieldwork.merge import Planned, plan_in, write_in
from consultations.fieldwork.package import (
    FieldHousehold,
    build_package,
    household_rows,
    household_table,
    parcel_rows,
)
from consultations.fieldwork.returned import Returned, read_manifest, read_returned
from consultations.fieldwork.review import Clash as Clash
from consultations.fieldwork.review import FieldRowRecord as FieldRowRecord
from consultations.fieldwork.review import field_rows as field_rows
from consultations.fieldwork.review import flagged_households as flagged_households
from consultations.fieldwork.review import office_text
from consultations.fieldwork.review import open_clashes as open_clashes
from consultations.fieldwork.review import resolve_clash as resolve_clash
from consultations.households.service import households_seen_in, parcel_households_in
from consultations.land.service import parcels_in
from consultations.projects.service import find_project
from translations import _, format_date


@dataclass(frozen=True)
class FieldPackage:
    file_name: str
    content: bytes
    households: int
    parcels: int


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


def _labels() -> dict[str, dict[str, str]]:
    return {"status": {str(s): s.label for s in ConsentStatus},
            "category": {str(c): c.label for c in ConcernCategory}}  # fmt: skip


def export_field_package(
    store: Store, project: Project, *, actor: Actor, owner: Actor | None = None
) -> FieldPackage:
    """The package of ``owner``'s (default: ``actor``'s) households; another's only for an admin."""
    owner = owner or actor
    require(actor, Action.EDIT_RECORDS, project_id=project.id)
    if owner.username != actor.username:
        require(actor, Action.MANAGE_USERS)
    require(owner, Action.EDIT_RECORDS, project_id=project.id)
    with store.read() as conn:
        households = sorted(households_seen_in(conn, project.id, owner), key=lambda h: h.code)
        if not households:
            raise InvalidRecord(
                _("{user} has no households in this project: assign their communes on the project's "
                  "set-up page first.").format(user=owner.username)
            )  # fmt: skip
        statuses = latest_statuses_in(conn, project.id)
        concerns = concerns_in(conn, project.id)
        links = parcel_households_in(conn, project.id)
        land = parcels_in(conn, project.id, project.crs_epsg)
    ids = {h.id: h.code for h in households}
    still_open = concerns[concerns.resolved_on.isna() & concerns.escalated_on.isna()]
    open_count = still_open.household_id.value_counts().to_dict()
    mine = {p: [h for h in hs if h in ids] for p, hs in links.items()}
    parcels = land[land.id.isin([p for p, hs in mine.items() if hs])]
    parcels = parcels[(parcels.permanent_m2 + parcels.restricted_m2) > 0]
    # As the app derives it (``projects.service.coloured_in``): from every household linked to the
    # parcel, "not contacted" when it has no event yet; "no household" only when none is linked.
    linked = {h for hs in links.values() for h in hs}
    by_parcel = parcel_statuses(
        links, {h: statuses.get(h, ConsentStatus.NOT_CONTACTED) for h in linked}
    )
    parcels = parcels.assign(
        nhan=parcel_labels(parcels),
        so_to=parcels.sheet_no.fillna(""), so_thua=parcels.parcel_no.fillna(""),
        dt_vinh_vien=parcels.permanent_m2.round(2), dt_han_che=parcels.restricted_m2.round(2),
        tinh_trang=[by_parcel.get(int(p), ParcelStatus.NO_HOUSEHOLD).label for p in parcels.id],
        ho=[", ".join(sorted(ids[h] for h in mine.get(int(p), []))) for p in parcels.id],
    )  # fmt: skip
    rows = [
        FieldHousehold(h.code, h.head_name, h.village or "",
                       statuses.get(h.id, ConsentStatus.NOT_CONTACTED).label,
                       int(open_count.get(h.id, 0)), h.version)
        for h in households
    ]  # fmt: skip
    manifest = Manifest(
        package_id=str(uuid.uuid4()), project_slug=project.slug, project_name=project.name,
        crs_epsg=project.crs_epsg, user=owner.username, exported_at=utcnow().isoformat(),
        communes=tuple(sorted({s.commune for s in owner.scopes
                               if s.project_id == project.id and s.commune})),
        versions={h.code: h.version for h in rows}, parcels=parcel_rows(parcels),
        households=household_rows(household_table(rows)),
    )  # fmt: skip
    content = build_package(manifest, parcels, rows, _labels())

    def work(unit: Unit) -> None:
        _store.insert_export(unit.conn, {
            "project_id": project.id, "package_id": manifest.package_id,
            "field_user": owner.username, "exported_by": unit.by,
            "exported_at": manifest.exported, "versions": dict(manifest.versions)})  # fmt: skip
        unit.audit(Entity.FIELD_PACKAGE, None, "export", project_id=project.id,
                   after={"package": manifest.package_id, "user": owner.username,
                          "households": len(rows), "parcels": len(parcels)})  # fmt: skip

    run_command(store, key=None, command="export_field_package", actor=actor, work=work)
    stamp = utcnow().strftime("%Y%m%d")
    return FieldPackage(f"{project.slug}-{owner.username}-{stamp}.zip", content, len(rows),
                        len(parcels))  # fmt: skip


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


def _vouched(
    store: Store, path: Path, name: str | None, actor: Actor
) -> tuple[Project, Export, Returned]:
    """The package at ``path`` read as the office exported it. Who may bring it back and which
    export it is are checked before its GeoPackage or photos are opened."""
    manifest = read_manifest(path, name)
    project = _project_of(store, manifest)
    require(actor, Action.READ_PERSONAL, project_id=project.id)
    with store.read() as conn:
        export = _export(_store.export_of(conn, manifest.package_id), project)
    _may_bring_back(actor, project, export)
    returned = read_returned(path, manifest, export.versions, export.user, name)
    return project, export, _still_to_import(store, returned)


def _row_text(plan: Planned) -> str:
    row, household = plan.row, plan.household
    what = (
        ConsentStatus(row.value).label if row.kind == CONSENT else ConcernCategory(row.value).label
    )
    return _("{code} ({name}), {day}: “{what}” recorded by {user}").format(
        code=household.code, name=household.head_name, day=format_date(row.day), what=what,
        user=row.user)  # fmt: skip


def _report(
    returned: Returned, export: Export, planned: list[Planned], counts: dict[str, int]
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


def _still_to_import(store: Store, returned: Returned) -> Returned:
    """``returned`` with only the missing photos of rows not imported yet (a package brought back
    again asks nothing about the rows it already brought)."""
    with store.read() as conn:
        known = _store.known_uuids(conn, [r.uuid for r in returned.missing_photos])
    return replace(
        returned, missing_photos=[r for r in returned.missing_photos if r.uuid not in known]
    )


def preview_field_package(
    store: Store, path: Path, *, actor: Actor, name: str | None = None
) -> FieldImport:
    """What importing the package at ``path`` would add and what it meets; nothing is saved."""
    project, export, returned = _vouched(store, path, name, actor)
    with store.read() as conn:
        planned = plan_in(conn, project, returned, actor, export)
    return _report(returned, export, planned, {})


def import_field_package(
    store: Store,
    path: Path,
    *,
    actor: Actor,
    key: str | None = None,
    photos_missing_confirmed: bool = False,
    name: str | None = None,
) -> FieldImport:
    """Import the package at ``path`` in one transaction. Photos it names but lacks are listed and
    nothing is saved unless ``photos_missing_confirmed`` (those rows are then marked)."""
    project, export, returned = _vouched(store, path, name, actor)
    if returned.missing_photos and not photos_missing_confirmed:
        listed = "; ".join(_report(returned, export, [], {}).missing_photos[:10])
        raise ConfirmationNeeded(
            _("Nothing was saved: {n} photos named in the package are not in it ({listed}). Add them "
              "to the zip, or confirm saving without them.").format(
                n=len(returned.missing_photos), listed=listed)
        )  # fmt: skip

    def work(unit: Unit) -> dict[str, Any]:
        conn = unit.conn
        # Two saves of one package (two tabs, two officers' laptops) wait for each other here;
        # the second then finds every row already in.
        _store.export_of(conn, export.package_id, lock=True)
        planned = plan_in(conn, project, returned, actor, export)
        counts = write_in(unit, project, returned, planned, export)
        return asdict(_report(returned, export, planned, counts))

    result = run_command(store, key=key, command="import_field_package", actor=actor, work=work)
    return FieldImport(**result)
