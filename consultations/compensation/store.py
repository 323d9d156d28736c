"""Compensation's SQL: price tables, terms, inventory, plans and their lines, payments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import IntegrityError

from consultations.core import schema as s
from consultations.core.audit import utcnow
from consultations.core.database import new_id


def insert_table(conn: Connection, values: dict[str, Any], items: list[dict[str, Any]]) -> int:
    table_id = new_id(conn, s.price_tables, **values, imported_at=utcnow())
    conn.execute(s.price_items.insert(), [{**i, "table_id": table_id} for i in items])
    return table_id


def table_rows(conn: Connection) -> list[dict[str, Any]]:
    t, i = s.price_tables, s.price_items
    counts = select(i.c.table_id, func.count().label("n")).group_by(i.c.table_id).subquery()
    query = (
        select(t, func.coalesce(counts.c.n, 0).label("items"))
        .outerjoin(counts, counts.c.table_id == t.c.id)
        .order_by(t.c.kind, t.c.valid_from, t.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def item_rows(conn: Connection, table_ids: list[int]) -> list[dict[str, Any]]:
    t, i = s.price_tables, s.price_items
    query = (
        select(i, t.c.kind, t.c.decision)
        .join(t, t.c.id == i.c.table_id)
        .where(i.c.table_id.in_(table_ids))
        .order_by(i.c.table_id, i.c.code)
    )
    return [dict(r) for r in conn.execute(query).mappings()] if table_ids else []


def terms_row(conn: Connection, project_id: int) -> dict[str, Any] | None:
    t = s.compensation_terms
    row = conn.execute(select(t).where(t.c.project_id == project_id)).mappings().first()
    return dict(row) if row else None


def insert_terms(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.compensation_terms, **values, version=1)


def insert_line(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.inventory_lines, **values, recorded_at=utcnow())


def line_rows(conn: Connection, project_id: int) -> list[dict[str, Any]]:
    """The project's inventory lines still standing (not replaced by a correction)."""
    entry = s.inventory_lines
    replaced = select(entry.c.replaces_id).where(entry.c.replaces_id.is_not(None))
    query = (
        select(entry)
        .where(entry.c.project_id == project_id, entry.c.id.not_in(replaced))
        .order_by(entry.c.household_id, entry.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def line_row(conn: Connection, line_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(s.inventory_lines).where(s.inventory_lines.c.id == line_id))
    first = row.mappings().first()
    return dict(first) if first else None


def facts_rows(conn: Connection, household_ids: list[int]) -> list[dict[str, Any]]:
    f = s.inventory_households
    query = select(f).where(f.c.household_id.in_(household_ids))
    return [dict(r) for r in conn.execute(query).mappings()] if household_ids else []


def insert_facts(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.inventory_households, **values, version=1)


def insert_plan(conn: Connection, values: dict[str, Any], lines: list[dict[str, Any]]) -> int:
    plan_id = new_id(conn, s.compensation_plans, **values, created_at=utcnow(), version=1)
    if lines:
        conn.execute(s.plan_lines.insert(), [{**line, "plan_id": plan_id} for line in lines])
    return plan_id


def replace_plan_lines(conn: Connection, plan_id: int, lines: list[dict[str, Any]]) -> None:
    """A draft's lines, computed again (only a draft's: the caller checks)."""
    conn.execute(s.plan_lines.delete().where(s.plan_lines.c.plan_id == plan_id))
    if lines:
        conn.execute(s.plan_lines.insert(), [{**line, "plan_id": plan_id} for line in lines])


def plan_rows(conn: Connection, project_id: int) -> list[dict[str, Any]]:
    p, line = s.compensation_plans, s.plan_lines
    totals = (
        select(line.c.plan_id, func.sum(line.c.amount_vnd).label("total_vnd"),
               func.count(func.distinct(line.c.household_id)).label("households"))
        .group_by(line.c.plan_id)
        .subquery()
    )  # fmt: skip
    query = (
        select(p, func.coalesce(totals.c.total_vnd, 0).label("total_vnd"),
               func.coalesce(totals.c.households, 0).label("households"))
        .outerjoin(totals, totals.c.plan_id == p.c.id)
        .where(p.c.project_id == project_id)
        .order_by(p.c.id)
    )  # fmt: skip
    return [dict(r) for r in conn.execute(query).mappings()]


def plan_row(conn: Connection, plan_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(s.compensation_plans).where(s.compensation_plans.c.id == plan_id))
    first = row.mappings().first()
    return dict(first) if first else None


def plan_line_rows(
    conn: Connection, plan_ids: list[int], household_id: int | None = None
) -> list[dict[str, Any]]:
    line = s.plan_lines
    query = select(line).where(line.c.plan_id.in_(plan_ids)).order_by(line.c.plan_id, line.c.id)
    if household_id is not None:
        query = query.where(line.c.household_id == household_id)
    return [dict(r) for r in conn.execute(query).mappings()] if plan_ids else []


#: The first key of PostgreSQL's advisory locks on a household's account (the second: its id), so
#: they cannot collide with another feature's advisory locks.
ACCOUNT_LOCKS = 27_001


def lock_account(conn: Connection, household_id: int) -> None:
    """Hold the household's account until the transaction ends: a second write to its ledger
    waits here, then reads what the first wrote. SQLite's writes are already one at a time
    (BEGIN IMMEDIATE); PostgreSQL takes a transaction-scoped advisory lock keyed by household (a
    payment needs no row of its own to lock, and the household's row stays free for its edits)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:space, :household)"),
                     {"space": ACCOUNT_LOCKS, "household": household_id})  # fmt: skip


def insert_payment(conn: Connection, values: dict[str, Any]) -> int | None:
    """The new payment's id, or None when its receipt was used meanwhile (the unique index of
    (project, receipt) refused it; the transaction goes on without it)."""
    try:
        with conn.begin_nested():
            return new_id(conn, s.payments, **values, recorded_at=utcnow())
    except IntegrityError:
        if receipt_row(conn, values["project_id"], values["receipt"]) is None:
            raise
        return None


def receipt_row(conn: Connection, project_id: int, receipt: str | None) -> dict[str, Any] | None:
    """The payment recorded with this receipt in the project, if any."""
    p = s.payments
    query = select(p).where(p.c.project_id == project_id, p.c.receipt == receipt).limit(1)
    row = conn.execute(query).mappings().first() if receipt else None
    return dict(row) if row else None


def payment_row(conn: Connection, project_id: int, payment_id: int) -> dict[str, Any] | None:
    p = s.payments
    query = select(p).where(p.c.project_id == project_id, p.c.id == payment_id)
    row = conn.execute(query).mappings().one_or_none()
    return dict(row) if row else None


def payment_rows(
    conn: Connection, project_id: int, household_id: int | None = None
) -> list[dict[str, Any]]:
    p = s.payments
    query = select(p).where(p.c.project_id == project_id).order_by(p.c.paid_on, p.c.id)
    if household_id is not None:
        query = query.where(p.c.household_id == household_id)
    return [dict(r) for r in conn.execute(query).mappings()]


def tables_in_approved_plans(conn: Connection) -> set[int]:
    """Price tables an approved (or superseded) plan was computed from."""
    p = s.compensation_plans
    rows = conn.execute(select(p.c.inputs).where(p.c.state.in_(("approved", "superseded"))))
    return {int(t) for (inputs,) in rows for t in (inputs or {}).get("price_tables", [])}
