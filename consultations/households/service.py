"""Households: search that ignores Vietnamese diacritics, and edits that never lose anything."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

from consultations.core import schema
from consultations.core.access import Action, Actor, readable_households, require, require_household
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.records import Household, ParcelRole
from consultations.core.versions import versioned_update
from consultations.households import store as _store
from consultations.households.register_cells import fold as fold  # where search folds names
from consultations.households.register_cells import sex_code
from consultations.households.store import (
    household_by_id,
    household_parcel_keys,
    households_of,
    insert_household,
)
from translations import _

EDITABLE = (
    "head_name",
    "head_sex",
    "members",
    "phone",
    "id_number",
    "village",
    "vulnerability",
    "notes",
)
VULNERABILITIES = (
    "poor", "near_poor", "elderly_alone", "disabled", "female_headed", "ethnic_minority",
    "policy_family",
)  # fmt: skip


# How field teams write them in registers (compared without diacritics), for each code.
_VULNERABILITY_WORDS = {
    "poor": ("ho ngheo", "ngheo"),
    "near_poor": ("ho can ngheo", "can ngheo"),
    "elderly_alone": ("nguoi cao tuoi song mot minh", "cao tuoi neo don"),
    "disabled": ("nguoi khuyet tat", "khuyet tat"),
    "female_headed": ("phu nu lam chu ho", "nu chu ho"),
    "ethnic_minority": ("dan toc thieu so",),
    "policy_family": ("gia dinh chinh sach", "ho chinh sach"),
}


def vulnerability_code(text: str) -> str | None:
    """The code for a vulnerability written as a code or in Vietnamese words, else None."""
    folded = fold(text).strip()
    if folded in VULNERABILITIES:
        return folded
    return next((code for code, words in _VULNERABILITY_WORDS.items() if folded in words), None)


def vulnerability_label(code: str) -> str:
    return {
        "poor": _("Poor household"),
        "near_poor": _("Near-poor household"),
        "elderly_alone": _("Elderly person living alone"),
        "disabled": _("Person with a disability"),
        "female_headed": _("Female-headed household"),
        "ethnic_minority": _("Ethnic minority"),
        "policy_family": _("Policy family"),
    }.get(code, code)


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
    key: str | None = None,
) -> int:
    if not code.strip():
        raise InvalidRecord(_("A household needs a code."))
    require(actor, Action.EDIT_RECORDS, project_id=project_id)
    record = _clean(values)

    def work(conn: Connection) -> Any:
        household_id = insert_household(conn, project_id, {"code": code.strip(), **record})
        write_audit(conn, actor=str(actor), action="create", entity="household", entity_id=household_id,
                    project_id=project_id, after={"code": code, **record, "version": 1})  # fmt: skip
        return household_id

    return run_once(store, key=key, command="add_household", actor=str(actor), work=work)


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

    def work(conn: Connection) -> Any:
        require_household(conn, actor, Action.EDIT_RECORDS, household_id)
        household = household_by_id(conn, household_id)
        return versioned_update(
            conn, schema.households, entity="household", row_id=household_id,
            seen_version=seen_version, values=values, actor=str(actor), project_id=household.project_id,
        )  # fmt: skip

    return run_once(store, key=key, command="edit_household", actor=str(actor), work=work)


# For other features' transactions: the caller holds the connection (entry points never do).
def affected_households_in(conn: Connection, project_id: int) -> dict[int, bool]:
    """Each household's id and whether it is affected: all that figures need, without the
    records. In the caller's transaction."""
    return _store.household_affected(conn, project_id)


def household_in(conn: Connection, household_id: int) -> Household:
    """The household with this id. In the caller's transaction."""
    return _store.household_by_id(conn, household_id)


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
