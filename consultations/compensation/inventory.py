"""A household's inventory (kiểm đếm): land, structures and crops line by line, each citing the
signed inventory minutes or recording that the household refused to sign; and the facts its
support needs (farmland in use, members who farm it directly, whether it must move).

Field officers enter it for the households of their communes. Lines are never changed: a
correction is a new line that replaces the old one, so what the minutes said stays on record. A land
line's area defaults to what the overlay found for its parcel: the permanent area for land
recovered, the restricted area under a power line.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from consultations.compensation import store as _store
from consultations.compensation.model import (
    HouseholdFacts,
    InventoryLine,
    LineKind,
    bounded,
    farmland_rule,
    members_rule,
    quantity_rule,
)
from consultations.compensation.money import plain, stored
from consultations.core import schema
from consultations.core.access import Action, Actor, readable_households, require, require_household
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.core.versions import versioned_update
from consultations.households.service import parcel_households_in
from consultations.land.areas import ParcelArea, parcel_areas_in
from translations import _


def _checked(line: InventoryLine, areas: dict[int, ParcelArea]) -> InventoryLine:
    if not line.item_code.strip():
        raise InvalidRecord(_("Give the price table's item code for the line."))
    if not (line.minutes or "").strip() and not line.refused_to_sign:
        raise InvalidRecord(
            _("Cite the signed inventory minutes (number and date), or record that the household "
              "refused to sign.")
        )  # fmt: skip
    quantity = line.quantity
    if line.kind in (LineKind.LAND, LineKind.CORRIDOR):
        if line.parcel_id is None:
            raise InvalidRecord(_("A land line names its parcel."))
        area = areas.get(line.parcel_id)
        if area is None:
            raise InvalidRecord(
                _("The overlay found no recovered or restricted land on that parcel.")
            )
        found = area.permanent_m2 if line.kind is LineKind.LAND else area.restricted_m2
        if found <= 0:
            raise InvalidRecord(
                _("Nothing of this parcel is recovered: it is only restricted under the line.")
                if line.kind is LineKind.LAND
                else _(
                    "Nothing of this parcel lies under the line's corridor: it is recovered land."
                )
            )
        if quantity > Decimal(str(round(area.area_m2, 1))) + 1:  # a typing slip, not a survey
            raise InvalidRecord(
                _("{q} m² is more than the whole parcel ({area} m²): check the number.").format(
                    q=plain(quantity).replace(".", ","), area=plain(Decimal(str(round(area.area_m2, 1)))).replace(".", ","))
            )  # fmt: skip
        if quantity <= 0:  # not given: what the overlay found
            quantity = Decimal(str(round(found, 1)))
    if quantity <= 0:
        raise InvalidRecord(_("The quantity must be more than zero."))
    bounded(quantity, quantity_rule())
    return replace(line, item_code=line.item_code.strip().upper(), quantity=quantity)


def _line_in(
    conn: Connection,
    project_id: int,
    line: InventoryLine,
    actor: Actor,
    areas: dict[int, ParcelArea],
    standing: list[dict[str, Any]],
) -> int:
    """One line; ``standing``: the project's lines not yet replaced, read once per transaction and
    kept up to date here (a whole inventory is checked against itself without reading it again)."""
    require_household(conn, actor, Action.EDIT_RECORDS, line.household_id, project_id)
    if line.replaces_id is not None:
        old = _store.line_row(conn, line.replaces_id)
        if old is None or old["household_id"] != line.household_id:
            raise NotFound(_("The line you are correcting is not this household's."))
        if line.replaces_id not in {r["id"] for r in standing}:
            raise InvalidRecord(_("That line was already corrected: correct the newer one."))
    checked = _checked(line, areas)
    twin = checked.parcel_id is not None and checked.replaces_id is None and any(
        r["household_id"] == checked.household_id and r["kind"] == checked.kind
        and r["parcel_id"] == checked.parcel_id for r in standing)  # fmt: skip
    if twin:
        raise InvalidRecord(
            _(
                "This parcel already has a line of this kind for the household: correct that line "
                "instead of adding another."
            )
        )
    values = {
        "project_id": project_id, "household_id": checked.household_id, "kind": str(checked.kind),
        "item_code": checked.item_code, "parcel_id": checked.parcel_id, "quantity": plain(checked.quantity),
        "description": (checked.description or "").strip() or None,
        "minutes": (checked.minutes or "").strip() or None, "refused_to_sign": checked.refused_to_sign,
        "replaces_id": checked.replaces_id, "recorded_by": str(actor)}  # fmt: skip
    line_id = _store.insert_line(conn, values)
    standing[:] = [r for r in standing if r["id"] != checked.replaces_id] + [
        {**values, "id": line_id}
    ]
    write_audit(conn, actor=str(actor), action="create", entity="inventory_line", entity_id=line_id,
                project_id=project_id, after={"household_id": checked.household_id, "kind": str(checked.kind),
                "item_code": checked.item_code, "quantity": plain(checked.quantity),
                "replaces_id": checked.replaces_id})  # fmt: skip
    return line_id


def record_line(
    store: Store, project_id: int, line: InventoryLine, *, actor: Actor, key: str | None = None
) -> int:
    """Add an inventory line (or, with ``replaces_id``, the correction of one)."""

    def work(conn: Connection) -> int:
        areas, standing = parcel_areas_in(conn, project_id), _store.line_rows(conn, project_id)
        return _line_in(conn, project_id, line, actor, areas, standing)

    return run_once(store, key=key, command="inventory_line", actor=str(actor), work=work)


def record_lines(
    store: Store,
    project_id: int,
    lines: list[InventoryLine],
    *,
    actor: Actor,
    key: str | None = None,
) -> list[int]:
    """A whole inventory (signed minutes typed in at the office, the demo's) in one transaction:
    every line or none."""

    def work(conn: Connection) -> list[int]:
        areas, standing = parcel_areas_in(conn, project_id), _store.line_rows(conn, project_id)
        return [_line_in(conn, project_id, line, actor, areas, standing) for line in lines]

    return run_once(store, key=key, command="inventory_lines", actor=str(actor), work=work)


def set_facts(
    store: Store, project_id: int, facts: HouseholdFacts, *, actor: Actor, key: str | None = None
) -> int:
    """A household's farmland in use, farming members and relocation; versioned (``facts.version``
    is the one the user saw, 0 for none yet)."""
    if facts.farmland_m2 < 0 or facts.farming_members < 0:
        raise InvalidRecord(_("Areas and numbers of people cannot be negative."))
    bounded(facts.farmland_m2, farmland_rule())
    bounded(facts.farming_members, members_rule())

    def work(conn: Connection) -> int:
        require_household(conn, actor, Action.EDIT_RECORDS, facts.household_id, project_id)
        values = {"farmland_m2": plain(facts.farmland_m2), "farming_members": facts.farming_members,
                  "relocating": facts.relocating}  # fmt: skip
        rows = _store.facts_rows(conn, [facts.household_id])
        if not rows:
            if facts.version != 0:
                raise InvalidRecord(_("These facts were removed meanwhile: reload the page."))
            row_id = _store.insert_facts(conn, {"household_id": facts.household_id, **values})
            write_audit(conn, actor=str(actor), action="create", entity="inventory_household",
                        entity_id=row_id, project_id=project_id,
                        after={**values, "household_id": facts.household_id})  # fmt: skip
            return 1
        return versioned_update(conn, schema.inventory_households, entity="inventory_household",
                                row_id=rows[0]["id"], seen_version=facts.version, values=values,
                                actor=str(actor), project_id=project_id)  # fmt: skip

    return run_once(store, key=key, command="inventory_facts", actor=str(actor), work=work)


def lines_in(conn: Connection, project_id: int) -> list[InventoryLine]:
    return [
        InventoryLine(
            household_id=r["household_id"],
            kind=LineKind(r["kind"]),
            item_code=r["item_code"],
            quantity=stored(r["quantity"]),
            parcel_id=r["parcel_id"],
            description=r["description"],
            minutes=r["minutes"],
            refused_to_sign=r["refused_to_sign"],
            replaces_id=r["replaces_id"],
            id=r["id"],
        )
        for r in _store.line_rows(conn, project_id)
    ]


def facts_in(conn: Connection, household_ids: list[int]) -> dict[int, HouseholdFacts]:
    return {
        r["household_id"]: HouseholdFacts(
            r["household_id"],
            stored(r["farmland_m2"]),
            r["farming_members"],
            r["relocating"],
            r["version"],
        )
        for r in _store.facts_rows(conn, household_ids)
    }


def inventory(
    store: Store, project_id: int, *, actor: Actor, household_id: int | None = None
) -> tuple[list[InventoryLine], dict[int, HouseholdFacts]]:
    """The inventory lines standing and the households' facts, as ``actor`` may read them."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        readable = readable_households(conn, actor, project_id)
        lines = [entry for entry in lines_in(conn, project_id)
                 if (readable is None or entry.household_id in readable)
                 and (household_id is None or entry.household_id == household_id)]  # fmt: skip
        ids = sorted(
            {entry.household_id for entry in lines} | ({household_id} if household_id else set())
        )
        return lines, facts_in(conn, ids)


def household_parcels(
    store: Store, project_id: int, household_id: int, *, actor: Actor
) -> list[ParcelArea]:
    """The household's parcels the overlay found affected, with their areas (to price its land)."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id, project_id)
        areas = parcel_areas_in(conn, project_id)
        owners = parcel_households_in(conn, project_id)
    return [
        area
        for parcel_id, area in sorted(areas.items())
        if household_id in owners.get(parcel_id, [])
    ]
