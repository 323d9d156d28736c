"""Field packages: a field officer's communes taken offline to QField, and brought back.

Export: the affected parcels and households of the officer's communes (no ID number, phone or birth
date), with empty tables to add consent and concerns to. Import: each new row becomes one consent
event or concern through its own feature's door, with its provenance; a row already imported is
skipped, so the same package twice adds nothing. Conflicts are kept and shown, never resolved: a
row based on an older state of its household than the office's ("stale"), and two statuses for one
household on one day ("clash", flagged until a chair or officer marks it reviewed).
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
from consultations.core.access import Action, Actor, readable_households, require, require_household
from consultations.core.audit import utcnow, write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import ConfirmationNeeded, InvalidRecord, NotFound, StaleEdit
from consultations.core.records import ConcernCategory, ConsentStatus, ParcelStatus, Project
from consultations.fieldwork import store as _store
from consultations.fieldwork.layout import CONSENT, Manifest
from consultations.fieldwork.merge import Planned, plan_in, write_in
from consultations.fieldwork.package import (
    FieldHousehold,
    build_package,
    household_rows,
    household_table,
    parcel_rows,
)
from consultations.fieldwork.returned import Returned, read_returned
from consultations.households.service import households_seen_in, parcel_households_in
from consultations.land.service import parcels_in
from consultations.projects.service import find_project
from translations import _, format_date, format_datetime


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
    by_parcel = parcel_statuses(mine, statuses)
    parcels = parcels.assign(
        nhan=parcels.sheet_no.fillna("?") + "/" + parcels.parcel_no.fillna("?"),
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
    with store.begin() as conn:
        write_audit(conn, actor=str(actor), action="export", entity="field_package", entity_id=None,
                    project_id=project.id, after={"package": manifest.package_id,
                    "user": owner.username, "households": len(rows), "parcels": len(parcels)})  # fmt: skip
    stamp = utcnow().strftime("%Y%m%d")
    return FieldPackage(f"{project.slug}-{owner.username}-{stamp}.zip", content, len(rows),
                        len(parcels))  # fmt: skip


def _project_of(store: Store, returned: Returned) -> Project:
    try:
        return find_project(store, returned.manifest.project_slug)
    except NotFound as error:
        raise InvalidRecord(
            _("This package belongs to project “{slug}”, which is not on this server.").format(
                slug=returned.manifest.project_slug)
        ) from error  # fmt: skip


def _row_text(plan: Planned) -> str:
    row, household = plan.row, plan.household
    what = (
        ConsentStatus(row.value).label if row.kind == CONSENT else ConcernCategory(row.value).label
    )
    return _("{code} ({name}), {day}: “{what}” recorded by {user}").format(
        code=household.code, name=household.head_name, day=format_date(row.day), what=what,
        user=row.user)  # fmt: skip


def _office_text(changes: Any) -> str:
    if not changes:
        return _("the household's record was edited at the office since the export")
    return "; ".join(
        _("{when} {who}: “{what}”").format(when=format_datetime(dt.datetime.fromisoformat(c["when"])), who=c["who"],
                                          what=c["what"])
        for c in changes
    )  # fmt: skip


def _report(returned: Returned, planned: list[Planned], counts: dict[str, int]) -> FieldImport:
    new = [p for p in planned if not p.duplicate]
    return FieldImport(
        project=returned.manifest.project_name, user=returned.manifest.user,
        new_events=counts.get("events", sum(p.row.kind == CONSENT for p in new)),
        new_concerns=counts.get("concerns", sum(p.row.kind != CONSENT for p in new)),
        duplicates=counts.get("duplicates", len(planned) - len(new)),
        stale=[_("{row}, based on an older state; since then: {office}").format(
            row=_row_text(p), office=_office_text(p.office_changes))
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
    returned = _still_to_import(store, read_returned(path, name))
    project = _project_of(store, returned)
    require(actor, Action.EDIT_RECORDS, project_id=project.id)
    with store.read() as conn:
        planned = plan_in(conn, project, returned, actor)
    return _report(returned, planned, {})


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
    returned = _still_to_import(store, read_returned(path, name))
    project = _project_of(store, returned)
    require(actor, Action.EDIT_RECORDS, project_id=project.id)
    if returned.missing_photos and not photos_missing_confirmed:
        listed = "; ".join(_report(returned, [], {}).missing_photos[:10])
        raise ConfirmationNeeded(
            _("Nothing was saved: {n} photos named in the package are not in it ({listed}). Add them "
              "to the zip, or confirm saving without them.").format(
                n=len(returned.missing_photos), listed=listed)
        )  # fmt: skip

    def work(conn: Connection) -> dict[str, Any]:
        planned = plan_in(conn, project, returned, actor)
        counts = write_in(conn, project, returned, planned, actor)
        return asdict(_report(returned, planned, counts))

    result = run_once(store, key=key, command="import_field_package", actor=str(actor), work=work)
    return FieldImport(**result)


@dataclass(frozen=True)
class FieldRowRecord:
    """An imported field row as the office reviews it."""

    household_id: int
    household: str
    kind: str
    day: str
    what: str
    user: str
    imported: str
    conflict: str | None
    office: str
    photo_missing: bool


def field_rows(store: Store, project: Project, *, actor: Actor) -> list[FieldRowRecord]:
    """The project's imported field rows that ``actor`` may read, newest import first."""
    require(actor, Action.READ_PERSONAL, project_id=project.id)
    with store.read() as conn:
        seen = {h.id for h in households_seen_in(conn, project.id, actor)}
        rows = _store.field_rows_of(conn, project.id)
    return [
        FieldRowRecord(
            household_id=r["household_id"], household=f"{r['household_code']} ({r['head_name']})",
            kind=r["kind"], day=format_date(r["happened_on"]),
            what=(ConsentStatus(r["value"]).label if r["kind"] == "consent"
                  else ConcernCategory(r["value"]).label),
            user=r["field_user"], imported=format_datetime(r["imported_at"]),
            conflict=r["conflict"], office=_office_text(r["office_changes"]) if r["conflict"] == "stale" else "",
            photo_missing=bool(r["photo_missing"]),
        )
        for r in rows
        if r["household_id"] in seen
    ]  # fmt: skip


def flagged_households(store: Store, project: Project, *, actor: Actor) -> dict[int, int]:
    """Household id → clashing field rows not yet reviewed, for the households ``actor`` may read."""
    with store.read() as conn:
        seen = readable_households(conn, actor, project.id)  # None: every household
        flags = _store.unreviewed_clashes(conn, project.id)
    return {h: n for h, n in flags.items() if seen is None or h in seen}


def mark_reviewed(
    store: Store,
    project: Project,
    household_id: int,
    *,
    actor: Actor,
    seen_clashes: int,
    key: str | None = None,
) -> int:
    """Lower a household's clash flag (returns its id); refused if more clashing rows came in since the reviewer
    saw ``seen_clashes`` of them."""  # fmt: skip

    def work(conn: Connection) -> int:
        # Reviewing is reading both sides and saying so: chairs may, as may officers where they work.
        require_household(conn, actor, Action.READ_PERSONAL, household_id, project.id)
        now = _store.unreviewed_clashes(conn, project.id).get(household_id, 0)
        if now != seen_clashes:
            raise StaleEdit(
                _("Field rows came in for this household since the page opened ({n} clashing now); "
                  "look at them again before marking it reviewed.").format(n=now)
            )  # fmt: skip
        _store.insert_review(conn, {"project_id": project.id, "household_id": household_id,
                                    "reviewed_at": utcnow(), "reviewed_by": str(actor)})  # fmt: skip
        write_audit(conn, actor=str(actor), action="review", entity="household",
                    entity_id=household_id, project_id=project.id, after={"field_clashes": now})  # fmt: skip
        return household_id

    return run_once(store, key=key, command="mark_field_reviewed", actor=str(actor), work=work)
