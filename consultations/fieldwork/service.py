"""Field packages: a field officer's communes taken offline to QField, and brought back.

Export: the affected parcels and households of the officer's communes (no ID number, phone or birth
date), with empty tables to add consent and concerns to. Import (``importing.py``, by the import
protocol of ``core/imports.py``: read and planned once, saved as planned): each new row becomes one
consent event or concern through its own feature's door, with its provenance; a row already imported is
skipped, so the same package twice adds nothing. Conflicts are kept and shown, never resolved: a
row based on an older state of its household than the office's ("stale"), and two statuses for one
household on one day ("clash", flagged until a chair or officer chooses which stands: ``review``).
Who recorded the rows and which versions they were edited against come from the office's own record
of the export, never from the package; the package is bounded before it is read (``bounds``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from consultations.concerns.service import concerns_in
from consultations.consent.model import parcel_statuses
from consultations.consent.service import latest_statuses_in
from consultations.core.access import Action, Actor, require
from consultations.core.audit import utcnow
from consultations.core.commands import run_command
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
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
from consultations.fieldwork.importing import FieldImport as FieldImport
from consultations.fieldwork.importing import PreparedPackage as PreparedPackage
from consultations.fieldwork.importing import import_field_package as import_field_package
from consultations.fieldwork.importing import prepare_field_package as prepare_field_package
from consultations.fieldwork.importing import preview_field_package as preview_field_package
from consultations.fieldwork.importing import save_field_package as save_field_package
from consultations.fieldwork.layout import Manifest
from consultations.fieldwork.package import (
    FieldHousehold,
    build_package,
    household_rows,
    household_table,
    parcel_rows,
)
from consultations.fieldwork.review import Clash as Clash
from consultations.fieldwork.review import FieldRowRecord as FieldRowRecord
from consultations.fieldwork.review import field_rows as field_rows
from consultations.fieldwork.review import flagged_households as flagged_households
from consultations.fieldwork.review import open_clashes as open_clashes
from consultations.fieldwork.review import resolve_clash as resolve_clash
from consultations.households.service import households_seen_in, parcel_households_in
from consultations.land.service import parcels_in
from translations import _, local_today


@dataclass(frozen=True)
class FieldPackage:
    file_name: str
    content: bytes
    households: int
    parcels: int


def _labels() -> dict[str, dict[str, str]]:
    return {"status": {str(s): s.label for s in ConsentStatus},
            "category": {str(c): c.label for c in ConcernCategory}}  # fmt: skip


def may_export_package(actor: Actor, project: Project, owner: Actor | None = None) -> None:
    """Refuse unless ``actor`` may take ``owner``'s (default: their own) package of ``project``:
    one's own, or another's for an administrator; the owner must edit the project's records."""
    owner = owner or actor
    require(actor, Action.EDIT_RECORDS, project_id=project.id)
    if owner.username != actor.username:
        require(actor, Action.MANAGE_USERS)
    require(owner, Action.EDIT_RECORDS, project_id=project.id)


def export_field_package(
    store: Store, project: Project, *, actor: Actor, owner: Actor | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> FieldPackage:  # fmt: skip
    """The package of ``owner``'s (default: ``actor``'s) households; another's only for an admin.
    ``progress`` hears how far it is (the worker's: it may stop it before the export is kept)."""
    owner = owner or actor
    may_export_package(actor, project, owner)
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
    if progress is not None:
        progress(0.5, _("Writing the package…"))
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
    stamp = local_today().strftime("%Y%m%d")  # the day in Vietnam, as the app shows it
    return FieldPackage(f"{project.slug}-{owner.username}-{stamp}.zip", content, len(rows),
                        len(parcels))  # fmt: skip
