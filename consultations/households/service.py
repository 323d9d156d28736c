"""Households: search that ignores Vietnamese diacritics, and edits that never lose anything."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

from consultations.core import schema
from consultations.core.access import (
    Action,
    Actor,
    readable_households,
    require,
    require_household,
    require_household_read,
    require_parcels,
)
from consultations.core.audit import json_safe
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.labels import field_label
from consultations.core.numbers import read_optional
from consultations.core.records import Household, ParcelRole
from consultations.core.unit import Unit
from consultations.core.versions import versioned_change
from consultations.households import store as _store
from consultations.households.fields import VULNERABILITIES as VULNERABILITIES
from consultations.households.fields import (
    checked_id_number,
    checked_phone,
    field_text,
)
from consultations.households.fields import members_rule as members_rule
from consultations.households.fields import sex_label as sex_label
from consultations.households.fields import vulnerability_code as vulnerability_code
from consultations.households.fields import vulnerability_label as vulnerability_label
from consultations.households.register_cells import fold as fold  # where search folds names
from consultations.households.register_cells import plausible_date, sex_code
from consultations.households.store import (
    household_parcel_keys,
    households_of,
    insert_household,
)
from translations import _, local_today

EDITABLE = (
    "head_name",
    "head_sex",
    "birth_date",
    "members",
    "phone",
    "id_number",
    "village",
    "vulnerability",
    "notes",
)
#: Personal data: only readers of the household's personal data see them (``household_details``).
PERSONAL = ("birth_date", "phone", "id_number", "vulnerability")


@dataclass(frozen=True)
class HouseholdHit:
    household: Household
    parcels: tuple[str, ...]  # "sheet/parcel"


def households_seen_in(conn: Any, project_id: int, actor: Actor) -> list[Household]:
    """The project's households ``actor`` may read (a field officer: the communes assigned)."""
    readable = readable_households(conn, actor, project_id)
    return [h for h in households_of(conn, project_id) if readable is None or h.id in readable]


def households_seen_by(store: Store, project_id: int, *, actor: Actor) -> list[Household]:
    """``households_seen_in``, for pages that list or pick households."""
    with store.read() as conn:
        return households_seen_in(conn, project_id, actor)


def household_seen_by(store: Store, household_id: int, *, actor: Actor) -> Household:
    """One household, for those who may read its personal data (a field officer: its communes)."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id)
        return household_in(conn, household_id)


def search_households(
    store: Store, project_id: int, query: str, limit: int = 50, *, actor: Actor
) -> list[HouseholdHit]:
    """Households where every word of ``query`` starts a word of the name, code, village or a
    sheet/parcel ("12/45"), diacritics ignored; whole-word matches first. Only those ``actor`` may
    see: a viewer none, a field officer those of the communes assigned."""
    with store.read() as conn:
        households = households_seen_in(conn, project_id, actor)
        keys = household_parcel_keys(conn, project_id)
    words = fold(query).split()
    scored = []
    for household in households:
        parcels = tuple(sorted(keys.get(household.id, [])))
        text = " ".join([household.head_name, household.code, household.village or "", *parcels])
        tokens = re.split(r"[^\w/]+", fold(text))
        if all(any(t.startswith(w) for t in tokens) for w in words):
            exact = sum(w in tokens for w in words)
            scored.append((-exact, household.code, HouseholdHit(household, parcels)))
    return [hit for *_key, hit in sorted(scored, key=lambda x: (x[0], x[1]))][:limit]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise InvalidRecord(
            _("These household fields cannot be edited: {fields}.").format(
                fields=", ".join(sorted(unknown))
            )
        )
    cleaned = dict(values)
    if "head_name" in cleaned and not str(cleaned["head_name"] or "").strip():
        raise InvalidRecord(_("A household needs the name of its head."))
    if cleaned.get("head_sex") is not None:  # "Nữ" stored as "F", so meetings count their women
        try:
            cleaned["head_sex"] = sex_code(cleaned["head_sex"])
        except ValueError as error:
            raise InvalidRecord(
                _("The sex of the head of household: {problem}.").format(problem=error)
            ) from None
    if isinstance(cleaned.get("members"), str):  # as typed: "5", "1.200" is refused by its bounds
        number = read_optional(cleaned["members"], members_rule())
        cleaned["members"] = None if number is None else int(number)
    if "phone" in cleaned:
        cleaned["phone"] = checked_phone(cleaned["phone"])
    if "id_number" in cleaned:
        cleaned["id_number"] = checked_id_number(cleaned["id_number"])
    if cleaned.get("birth_date") is not None:
        try:
            cleaned["birth_date"] = plausible_date(cleaned["birth_date"], local_today(), birth=True)
        except ValueError as error:
            raise InvalidRecord(_("The birth date: {problem}.").format(problem=error)) from None
    bad = set(cleaned.get("vulnerability") or []) - set(VULNERABILITIES)
    if bad:
        raise InvalidRecord(
            _("Unknown vulnerability: {codes}.").format(codes=", ".join(sorted(bad)))
        )
    return {
        k: unicodedata.normalize("NFC", v.strip()) if isinstance(v, str) else v
        for k, v in cleaned.items()
    }


def add_household(
    store: Store,
    project_id: int,
    code: str,
    values: dict[str, Any],
    *,
    actor: Actor,
    parcels: tuple[str, ...] = (),
    key: str | None = None,
) -> int:
    """Add one household by hand, with the parcels it uses ("sheet/parcel" of this project, as
    the register's sheet "Thửa" names them; its land user). Refused when a parcel is not the
    project's, or (a field officer) is in a commune not assigned."""
    if not code.strip():
        raise InvalidRecord(_("A household needs a code."))
    require(actor, Action.EDIT_RECORDS, project_id=project_id)
    record = _clean(values)
    if not str(record.get("head_name") or "").strip():
        raise InvalidRecord(_("A household needs the name of its head."))
    labels = tuple(dict.fromkeys(p.strip() for p in parcels if p.strip()))

    def work(unit: Unit) -> int:
        conn = unit.conn
        parcel_ids = _store.parcel_ids_by_label(conn, project_id, labels)
        require_parcels(conn, actor, Action.EDIT_RECORDS, project_id, parcel_ids)
        household_id = insert_household(conn, project_id, {"code": code.strip(), **record})
        _store.link_parcels(
            conn, [(household_id, p, ParcelRole.LAND_USER, None) for p in parcel_ids]
        )
        after = {"code": code.strip(), **{k: json_safe(v) for k, v in record.items()}}
        unit.audit(Entity.HOUSEHOLD, household_id, "create", project_id=project_id,
                   after={**after, "parcels": list(labels), "version": 1})  # fmt: skip
        return household_id

    return run_command(store, key=key, command="add_household", actor=actor, work=work)


def edit_household(
    store: Store,
    household_id: int,
    seen_version: int,
    changes: dict[str, Any],
    *,
    actor: Actor,
    key: str | None = None,
) -> int:
    """Change a household's details; refused if someone changed it since ``seen_version``."""
    values = _clean(changes)

    def work(unit: Unit) -> int:
        household = household_to_change_in(unit, household_id)
        require_household_read(unit.conn, actor, Action.EDIT_RECORDS, household)
        return versioned_change(
            unit, schema.households, entity=Entity.HOUSEHOLD, row_id=household_id,
            seen_version=seen_version, values=values, project_id=household.project_id,
        )  # fmt: skip

    return run_command(store, key=key, command="edit_household", actor=actor, work=work)


@dataclass(frozen=True)
class HouseholdChange:
    """One change of a household's own record, as its timeline shows it."""

    at: dt.datetime
    by: str
    what: str  # "Phone: 0912… → 0987…; Village: …", or "Added: …"


def household_changes_in(conn: Connection, household_id: int) -> list[HouseholdChange]:
    """The household's record added and each change of its details, before → after, oldest
    first. In the caller's transaction (its reader's access checked there)."""
    changes = []
    for row in _store.household_audit(conn, household_id):
        before, after = row.before or {}, row.after or {}
        fields = [k for k in after if k not in ("version", "code")]
        if row.action == "create":
            what = _("Household added: {fields}").format(fields="; ".join(
                f"{field_label(k)}: {field_text(k, after[k])}" for k in fields
                if after[k] not in (None, "", [])
            ) or "-")  # fmt: skip
        else:
            what = "; ".join(
                f"{field_label(k)}: {field_text(k, before.get(k))} → {field_text(k, after[k])}"
                for k in fields
            )
        if what:
            changes.append(HouseholdChange(_utc(row.at), str(row.actor), what))
    return changes


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # SQLite gives it back naive, in UTC


# For other features' transactions: the caller holds the connection (entry points never do).
def affected_households_in(conn: Connection, project_id: int) -> dict[int, bool]:
    """Each household's id and whether it is affected: all that figures need, without the
    records. In the caller's transaction."""
    return _store.household_affected(conn, project_id)


def household_in(conn: Connection, household_id: int) -> Household:
    """The household with this id. In the caller's transaction."""
    return _store.household_by_id(conn, household_id)


def household_to_change_in(unit: Unit, household_id: int) -> Household:
    """The household a command is about to change, read once with its project's state (which the
    unit keeps: a closed project is then refused without reading it again). In the unit's
    transaction."""
    household, closed = _store.household_and_project(unit.conn, household_id)
    unit.saw_project(household.project_id, closed)
    return household


def parcel_keys_in(conn: Connection, project_id: int) -> dict[int, list[str]]:
    """Household id → "sheet/parcel" of each parcel it is linked to. In the caller's
    transaction."""
    return _store.household_parcel_keys(conn, project_id)


def households_in(conn: Connection, project_id: int) -> list[Household]:
    """The project's households, in code order. In the caller's transaction."""
    return _store.households_of(conn, project_id)


def add_households_in(
    conn: Connection, project_id: int, households: list[dict[str, Any]]
) -> dict[str, int]:
    """``insert_household`` for a whole register in one statement; returns id by code. A code
    used twice, in the register or already in the project, refuses the lot. In the caller's
    transaction."""
    return _store.insert_households(conn, project_id, households)


def link_parcels_in(
    conn: Connection, links: list[tuple[int, int, ParcelRole, float | None]]
) -> None:
    """``link_parcel`` for many (household id, parcel id, role, share) in one statement. In the
    caller's transaction."""
    return _store.link_parcels(conn, links)


def lock_households_in(conn: Connection, household_ids: list[int]) -> None:
    """Lock the households a transaction will change, in id order, before changing any: two
    transactions touching the same households in opposite orders then queue instead of
    deadlocking (PostgreSQL; SQLite's writes already queue as a whole). In the caller's
    transaction."""
    return _store.lock_households(conn, household_ids)


def parcel_households_in(conn: Connection, project_id: int) -> dict[int, list[int]]:
    """Parcel id → ids of the households linked to it (only parcels with a link). In the
    caller's transaction."""
    return _store.parcel_households(conn, project_id)


def parcel_people_in(conn: Connection, project_id: int) -> pd.DataFrame:
    """One row per (parcel, household) link: parcel_id, household_id, code, head_name, village,
    and vulnerability as its stored JSON text (``[]`` when none), for lists of people by
    parcel. In the caller's transaction."""
    return _store.parcel_people_rows(conn, project_id)
