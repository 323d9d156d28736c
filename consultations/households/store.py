"""Households' SQL: households, their parcels, the people-by-parcel table, locks."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pandas as pd
from sqlalchemy import Connection, String, cast, insert, select
from sqlalchemy.exc import IntegrityError

from consultations.core import schema as s
from consultations.core.audit import utcnow
from consultations.core.database import new_id
from consultations.core.errors import DuplicateRecord, InvalidRecord, NotFound
from consultations.core.labels import parcel_label
from consultations.core.records import Household, ParcelRole
from translations import _, local_time


def household_by_id(conn: Connection, household_id: int) -> Household:
    row = conn.execute(select(s.households).where(s.households.c.id == household_id)).one_or_none()
    if row is None:
        raise NotFound(_("There is no household number {id}.").format(id=household_id))
    return to_household(row)


def household_and_project(conn: Connection, household_id: int) -> tuple[Household, str | None]:
    """The household and, if its project is closed, the project's name: one query."""
    h, p = s.households, s.projects
    row = conn.execute(
        select(h, p.c.name.label("project_name"), p.c.closed_at.label("project_closed_at"))
        .join(p, p.c.id == h.c.project_id)
        .where(h.c.id == household_id)
    ).one_or_none()
    if row is None:
        raise NotFound(_("There is no household number {id}.").format(id=household_id))
    data = dict(row._mapping)
    name, closed_at = data.pop("project_name"), data.pop("project_closed_at")
    return to_household_data(data), (name if closed_at is not None else None)


def household_parcel_keys(conn: Connection, project_id: int) -> dict[int, list[str]]:
    """Household id → "sheet/parcel" of each parcel it is linked to."""
    hp, p = s.household_parcels, s.parcels
    rows = conn.execute(
        select(hp.c.household_id, p.c.sheet_no, p.c.parcel_no)
        .join(p, p.c.id == hp.c.parcel_id)
        .where(p.c.project_id == project_id)
    )
    keys: dict[int, list[str]] = {}
    for household_id, sheet, parcel in rows:
        keys.setdefault(household_id, []).append(parcel_label(sheet, parcel))
    return keys


def when_added() -> dict[str, Any]:
    """The column a new household row keeps its adding in (migration 0028), with now."""
    return {"added_at": utcnow()}


def insert_household(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    code = values["code"]
    exists = conn.scalar(
        select(s.households.c.id).where(
            s.households.c.project_id == project_id, s.households.c.code == code
        )
    )
    if exists is not None:
        raise DuplicateRecord(
            _("Household code “{code}” is used twice; each household needs its own code.").format(
                code=code
            )
        )
    row = {"vulnerability": [], "affected": True, **values, "project_id": project_id, "version": 1,
           **when_added()}  # fmt: skip
    return new_id(conn, s.households, **row)


def _used_twice(codes: list[str]) -> DuplicateRecord:
    return DuplicateRecord(
        _("Household code “{code}” is used twice; each household needs its own code.").format(
            code=", ".join(codes[:20])
        )
    )


def insert_households(
    conn: Connection, project_id: int, households: list[dict[str, Any]]
) -> dict[str, int]:
    """``insert_household`` for a whole register in one statement; returns id by code. A code used
    twice, in the register or already in the project, refuses the lot."""
    h = s.households
    codes = Counter(row["code"] for row in households)
    taken = set(conn.scalars(select(h.c.code).where(h.c.project_id == project_id)))
    twice = sorted({c for c, n in codes.items() if n > 1} | (set(codes) & taken))
    if twice:
        raise _used_twice(twice)
    if not households:
        return {}
    columns = {k for h in households for k in h} - {"vulnerability", "affected"}
    added = when_added()
    rows = [
        {**dict.fromkeys(columns), "vulnerability": [], "affected": True, **h,
         "project_id": project_id, "version": 1, **added}
        for h in households
    ]  # fmt: skip
    try:
        with conn.begin_nested():  # a register saved at the same moment by someone else
            conn.execute(insert(h), rows)
    except IntegrityError as error:
        now_taken = set(conn.scalars(select(h.c.code).where(h.c.project_id == project_id)))
        raise _used_twice(sorted(set(codes) & now_taken) or sorted(codes)) from error
    ids = conn.execute(select(h.c.code, h.c.id).where(h.c.project_id == project_id)).all()
    return {code: int(i) for code, i in ids if code in codes}


def link_parcels(conn: Connection, links: list[tuple[int, int, ParcelRole, float | None]]) -> None:
    """``link_parcel`` for many (household id, parcel id, role, share) in one statement."""
    if links:
        conn.execute(
            insert(s.household_parcels),
            [
                {"household_id": h, "parcel_id": p, "role": str(r), "share": sh}
                for h, p, r, sh in links
            ],
        )


def link_parcel(
    conn: Connection, household_id: int, parcel_id: int, role: ParcelRole, share: float | None
) -> None:
    conn.execute(
        insert(s.household_parcels).values(
            household_id=household_id, parcel_id=parcel_id, role=str(role), share=share
        )
    )


def to_household(row: Any) -> Household:
    return to_household_data(dict(row._mapping))


def to_household_data(data: dict[str, Any]) -> Household:
    data["vulnerability"] = tuple(data["vulnerability"] or ())
    added = data.pop("added_at", None)
    data["added_on"] = local_time(added).date() if added is not None else None
    return Household(**data)


def households_of(conn: Connection, project_id: int) -> list[Household]:
    rows = conn.execute(
        select(s.households)
        .where(s.households.c.project_id == project_id)
        .order_by(s.households.c.code)
    )
    return [to_household(r) for r in rows]


def parcel_households(conn: Connection, project_id: int) -> dict[int, list[int]]:
    """Parcel id → ids of the households linked to it (only parcels with a link)."""
    hp, h = s.household_parcels, s.households
    rows = conn.execute(
        select(hp.c.parcel_id, hp.c.household_id)
        .join(h, h.c.id == hp.c.household_id)
        .where(h.c.project_id == project_id)
    ).all()  # fetched at once: row by row is several times slower for a whole project
    links: dict[int, list[int]] = defaultdict(list)
    for parcel_id, household_id in rows:
        links[parcel_id].append(household_id)
    return dict(links)


def household_affected(conn: Connection, project_id: int) -> dict[int, bool]:
    """Each household's id and whether it is affected: all that figures need, without the records."""
    h = s.households
    rows = conn.execute(select(h.c.id, h.c.affected).where(h.c.project_id == project_id)).all()
    return {int(i): bool(affected) for i, affected in rows}


def parcel_people_rows(conn: Connection, project_id: int) -> pd.DataFrame:
    """One row per (parcel, household) link: parcel_id, household_id, code, head_name, village, and
    vulnerability as its stored JSON text (``[]`` when none), for lists of people by parcel."""
    hp, h = s.household_parcels, s.households
    query = (
        select(hp.c.parcel_id, hp.c.household_id, h.c.code, h.c.head_name, h.c.village,
               cast(h.c.vulnerability, String).label("vulnerability"))
        .join(h, h.c.id == hp.c.household_id)
        .where(h.c.project_id == project_id)
        .order_by(hp.c.parcel_id, h.c.code)
    )  # fmt: skip
    rows = [tuple(r) for r in conn.execute(query)]  # plain tuples: pandas probes Row objects slowly
    return pd.DataFrame(rows, columns=list(query.selected_columns.keys()))


def lock_households(conn: Connection, household_ids: list[int]) -> None:
    """Lock the households a transaction will change, in id order, before changing any: two
    transactions touching the same households in opposite orders then queue instead of
    deadlocking (PostgreSQL; SQLite's writes already queue as a whole)."""
    if conn.dialect.name != "postgresql" or not household_ids:
        return
    h = s.households
    conn.execute(
        select(h.c.id)
        .where(h.c.id.in_(sorted(set(household_ids))))
        .order_by(h.c.id)
        .with_for_update()
    ).all()


def parcel_ids_by_label(conn: Connection, project_id: int, labels: tuple[str, ...]) -> list[int]:
    """The ids of the project's parcels named "sheet/parcel" (spaces ignored), in the order
    named; refused, with every label at fault, when one names no parcel or two."""
    if not labels:
        return []
    p = s.parcels
    rows = conn.execute(
        select(p.c.id, p.c.sheet_no, p.c.parcel_no, p.c.commune).where(
            p.c.project_id == project_id, p.c.retired_at.is_(None)
        )
    ).all()
    found: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    for parcel_id, sheet, number, commune in rows:
        found[parcel_label(sheet, number)].append((int(parcel_id), commune))
    wanted = ["/".join(part.strip() for part in label.split("/")) for label in labels]
    missing = [label for label in wanted if label not in found]
    if missing:
        raise InvalidRecord(
            _("No parcel {parcels} in this project: write each as sheet/parcel, such as 12/45, "
              "as the parcel list shows it.").format(parcels=", ".join(missing))
        )  # fmt: skip
    twice = [label for label in wanted if len(found[label]) > 1]
    if twice:
        raise InvalidRecord(
            _("Parcel {parcels} is in several communes of this project; add this household with "
              "a register, whose column “Xã cũ” says which.").format(parcels=", ".join(twice))
        )  # fmt: skip
    return [found[label][0][0] for label in wanted]


def household_audit(conn: Connection, household_id: int) -> list[Any]:
    """The audit rows of the household's own record (added, details changed), oldest first."""
    a = s.audit_log
    return list(
        conn.execute(
            select(a.c.at, a.c.actor, a.c.action, a.c.before, a.c.after)
            .where(a.c.entity == "household", a.c.entity_id == household_id)
            .order_by(a.c.id)
        )
    )
