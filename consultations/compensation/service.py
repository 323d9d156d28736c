"""The compensation, support and resettlement plan's life: drafted from the inventory, the price
tables and the project's terms; posted for comments (the posting period from the procedure table);
the comments gathered; approved by a chair (decision, date, signer), after which its amounts never
change; superseded when a supplementary plan for some of its households is approved.

A plan keeps its inputs (every inventory line, household fact, price item and term it used) and
their SHA-256: computing again from them gives the same amounts, whatever changed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from consultations.compensation import store as _store
from consultations.compensation.calculation import PriceItem, household_lines
from consultations.compensation.inventory import facts_in, lines_in
from consultations.compensation.model import (
    HouseholdFacts,
    InventoryLine,
    LineKind,
    Plan,
    PlanLine,
    PlanState,
    Section,
    TableKind,
    Terms,
    bounded,
    count_rule,
    plausible,
)
from consultations.compensation.money import plain, stored
from consultations.compensation.prices import tables_in
from consultations.compensation.roles import approver, council
from consultations.compensation.terms import terms_in
from consultations.core import schema
from consultations.core.access import Action, Actor, require
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.core.versions import versioned_update
from consultations.land.areas import parcel_areas_in
from consultations.procedure.service import rules as procedure_rules
from translations import _, format_date, local_today


def posting_days() -> int:
    return next(r.days for r in procedure_rules() if r.name == "plan_posting")


# -- inputs, as stored with the plan ---------------------------------------------------------------


def _inputs(conn: Connection, project_id: int, table_ids: list[int] | None,
            households: set[int] | None) -> dict[str, Any]:  # fmt: skip
    terms = terms_in(conn, project_id)
    if terms is None:
        raise InvalidRecord(
            _("Set the project's compensation terms (coefficient K and local values) first.")
        )
    tables = tables_in(conn)
    if table_ids is None:  # the newest version of each kind
        newest = {t.kind: t.id for t in sorted(tables, key=lambda t: (t.valid_from, t.id))}
        table_ids = sorted(newest.values())
    known = {t.id for t in tables}
    if not table_ids or not set(table_ids) <= known:
        raise InvalidRecord(
            _("Import the price tables first (land, and structures or crops where needed).")
        )
    lines = [
        entry
        for entry in lines_in(conn, project_id)
        if households is None or entry.household_id in households
    ]
    if not lines:
        raise InvalidRecord(_("No household has an inventory yet: enter the inventory first."))
    ids = sorted({entry.household_id for entry in lines})
    return {
        "price_tables": sorted(table_ids),
        "prices": [[i["kind"], i["code"], i["name"], i["unit"], int(i["unit_price_vnd"]), i["table_id"], i["decision"]]
                   for i in _store.item_rows(conn, sorted(table_ids))],
        "terms": {"coefficient": plain(terms.coefficient), "coefficient_decision": terms.coefficient_decision,
                  "rice_price_vnd": terms.rice_price_vnd, "job_support_multiple": plain(terms.job_support_multiple),
                  "terms_decision": terms.terms_decision, "relocation_support_vnd": terms.relocation_support_vnd,
                  "by_commune": {c: plain(k) for c, k in terms.by_commune}},
        "communes": {str(a.parcel_id): a.commune for a in parcel_areas_in(conn, project_id).values() if a.commune},
        "lines": [[entry.id, entry.household_id, str(entry.kind), entry.item_code, plain(entry.quantity), entry.parcel_id,
                   entry.description] for entry in lines],
        "facts": [[f.household_id, plain(f.farmland_m2), f.farming_members, f.relocating]
                  for f in facts_in(conn, ids).values()],
    }  # fmt: skip


def fingerprint(inputs: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def lines_from(inputs: dict[str, Any]) -> list[PlanLine]:
    """Every household's lines from a plan's stored inputs (pure: the same inputs, the same lines)."""
    prices: dict[tuple[TableKind, str], PriceItem] = {}
    for kind, code, name, unit, price, table_id, decision in inputs["prices"]:
        prices.setdefault(
            (TableKind(kind), code),
            PriceItem(table_id, TableKind(kind), code, name, unit, price, decision),
        )
    t = inputs["terms"]
    terms = Terms(stored(t["coefficient"]), t["coefficient_decision"], int(t["rice_price_vnd"]),
                  stored(t["job_support_multiple"]), t["terms_decision"],
                  relocation_support_vnd=t.get("relocation_support_vnd"),
                  by_commune=tuple((c, stored(k)) for c, k in sorted(t.get("by_commune", {}).items())))  # fmt: skip
    communes = {int(p): c for p, c in inputs.get("communes", {}).items()}
    facts = {
        f[0]: HouseholdFacts(f[0], stored(f[1]), int(f[2]), bool(f[3])) for f in inputs["facts"]
    }
    by_household: dict[int, list[InventoryLine]] = {}
    for line_id, household_id, kind, code, quantity, parcel_id, description in inputs["lines"]:
        by_household.setdefault(household_id, []).append(InventoryLine(
            household_id, LineKind(kind), code, stored(quantity), parcel_id, description, id=line_id))  # fmt: skip
    return [line for household_id, lines in sorted(by_household.items())
            for line in household_lines(household_id, lines, facts.get(household_id), prices, terms, communes)]  # fmt: skip


def _line_rows(lines: list[PlanLine]) -> list[dict[str, Any]]:
    plausible(lines)
    return [{"household_id": entry.household_id, "section": str(entry.section), "label": entry.label,
             "quantity": plain(entry.quantity), "unit": entry.unit, "unit_price_vnd": entry.unit_price_vnd,
             "coefficient": plain(entry.coefficient), "amount_vnd": entry.amount_vnd, "reason": entry.reason}
            for entry in lines]  # fmt: skip


# -- the plan's life -------------------------------------------------------------------------------


def draft_plan(
    store: Store, project_id: int, title: str, *, actor: Actor, table_ids: list[int] | None = None,
    supplements_id: int | None = None, households: set[int] | None = None, key: str | None = None,
) -> int:  # fmt: skip
    """A draft computed from the inventory now; a supplementary plan names the approved plan it
    supplements and, usually, the households it covers."""
    council(actor, project_id)
    if not title.strip():
        raise InvalidRecord(_("Give the plan a title."))

    def work(conn: Connection) -> int:
        approved = [
            p for p in _store.plan_rows(conn, project_id) if p["state"] == PlanState.APPROVED
        ]
        if supplements_id is None and approved:
            raise InvalidRecord(
                _("This project has an approved plan ({title}): its amounts stay; draft a supplementary "
                  "plan for the households whose inventory changed.").format(title=approved[-1]["title"])
            )  # fmt: skip
        if supplements_id is not None and not households:
            raise InvalidRecord(_("Choose the households the supplementary plan covers."))
        if supplements_id is not None:
            base = _store.plan_row(conn, supplements_id)
            if (
                base is None
                or base["project_id"] != project_id
                or base["state"] != PlanState.APPROVED
            ):
                raise InvalidRecord(
                    _("A supplementary plan supplements an approved plan of this project.")
                )
        inputs = _inputs(conn, project_id, table_ids, households)
        lines = lines_from(inputs)
        plan_id = _store.insert_plan(conn, {"project_id": project_id, "title": title.strip(),
            "state": str(PlanState.DRAFT), "supplements_id": supplements_id, "inputs": inputs,
            "fingerprint": fingerprint(inputs), "created_by": str(actor)}, _line_rows(lines))  # fmt: skip
        write_audit(conn, actor=str(actor), action="calculate", entity="compensation_plan", entity_id=plan_id,
                    project_id=project_id, after={"title": title.strip(), "total_vnd": sum(entry.amount_vnd for entry in lines),
                    "fingerprint": fingerprint(inputs)})  # fmt: skip
        return plan_id

    return run_once(store, key=key, command="draft_plan", actor=str(actor), work=work)


def _plan(
    conn: Connection, plan_id: int, project_id: int, state: PlanState | None = None
) -> dict[str, Any]:
    row = _store.plan_row(conn, plan_id)
    if row is None or row["project_id"] != project_id:
        raise NotFound(_("There is no such plan in this project."))
    if state is not None and row["state"] != state:
        raise InvalidRecord(
            _("The plan is {state}: this step is for a plan that is {wanted}.").format(
                state=PlanState(row["state"]).label.lower(), wanted=state.label.lower())
        )  # fmt: skip
    return row


def recompute_draft(
    store: Store,
    project_id: int,
    plan_id: int,
    *,
    seen_version: int,
    actor: Actor,
    key: str | None = None,
) -> int:
    """Compute a draft again from the inventory as it stands (an approved plan never changes)."""
    council(actor, project_id)

    def work(conn: Connection) -> int:
        row = _plan(conn, plan_id, project_id, PlanState.DRAFT)
        households = (
            None
            if row["supplements_id"] is None
            else {entry[1] for entry in row["inputs"]["lines"]}
        )
        inputs = _inputs(conn, project_id, row["inputs"]["price_tables"], households)
        version = versioned_update(conn, schema.compensation_plans, entity="compensation_plan", row_id=plan_id,
                                   seen_version=seen_version, actor=str(actor), project_id=project_id,
                                   values={"inputs": inputs, "fingerprint": fingerprint(inputs)})  # fmt: skip
        _store.replace_plan_lines(conn, plan_id, _line_rows(lines_from(inputs)))
        return version

    return run_once(store, key=key, command="recompute_plan", actor=str(actor), work=work)


def post_plan(
    store: Store, project_id: int, plan_id: int, *, posted_from: dt.date, seen_version: int, actor: Actor,
    key: str | None = None,
) -> int:  # fmt: skip
    """Post a draft for comments; the posting runs for the procedure table's days."""
    council(actor, project_id)
    posted_to = posted_from + dt.timedelta(days=posting_days())

    def work(conn: Connection) -> int:
        _plan(conn, plan_id, project_id, PlanState.DRAFT)
        return versioned_update(conn, schema.compensation_plans, entity="compensation_plan", row_id=plan_id,
                                seen_version=seen_version, actor=str(actor), project_id=project_id,
                                values={"state": str(PlanState.POSTED), "posted_from": posted_from,
                                        "posted_to": posted_to})  # fmt: skip

    return run_once(store, key=key, command="post_plan", actor=str(actor), work=work)


def record_comments(
    store: Store, project_id: int, plan_id: int, *, agree: int, disagree: int, other: int,
    seen_version: int, actor: Actor, key: str | None = None,
) -> int:  # fmt: skip
    """How many comments agreed, disagreed or said something else, gathered while it was posted."""
    council(actor, project_id)
    if min(agree, disagree, other) < 0:
        raise InvalidRecord(_("Counts of comments cannot be negative."))
    for count, label in ((agree, _("Agree")), (disagree, _("Disagree")), (other, _("Other"))):
        bounded(count, count_rule(label))

    def work(conn: Connection) -> int:
        _plan(conn, plan_id, project_id, PlanState.POSTED)
        return versioned_update(conn, schema.compensation_plans, entity="compensation_plan", row_id=plan_id,
                                seen_version=seen_version, actor=str(actor), project_id=project_id,
                                values={"comments_for": agree, "comments_against": disagree,
                                        "comments_other": other})  # fmt: skip

    return run_once(store, key=key, command="plan_comments", actor=str(actor), work=work)


def approve_plan(
    store: Store, project_id: int, plan_id: int, *, decision: str, approved_on: dt.date, signer: str,
    seen_version: int, actor: Actor, key: str | None = None, today: dt.date | None = None,
) -> int:  # fmt: skip
    """Approve a posted plan once its posting has run; its amounts are then fixed. The plan it
    supplements, if any, is superseded."""
    approver(actor, project_id)
    if not (decision.strip() and signer.strip()):
        raise InvalidRecord(_("An approval needs the decision's number and who signed it."))
    if approved_on > (today or local_today()):
        raise InvalidRecord(_("The day of approval is in the future."))

    def work(conn: Connection) -> int:
        row = _plan(conn, plan_id, project_id, PlanState.POSTED)
        if row["posted_to"] and approved_on < row["posted_to"]:
            raise InvalidRecord(_("The plan is posted for comments until {day}: approve it after that.").format(
                day=format_date(row["posted_to"])))  # fmt: skip
        if row["comments_for"] is None:
            raise InvalidRecord(_("Record the comments gathered while it was posted first."))
        version = versioned_update(conn, schema.compensation_plans, entity="compensation_plan", row_id=plan_id,
                                   seen_version=seen_version, actor=str(actor), project_id=project_id,
                                   values={"state": str(PlanState.APPROVED), "decision": decision.strip(),
                                           "approved_on": approved_on, "signer": signer.strip()})  # fmt: skip
        if row["supplements_id"] is not None:
            base = _store.plan_row(conn, row["supplements_id"])
            if base is not None and base["state"] == PlanState.APPROVED:
                versioned_update(conn, schema.compensation_plans, entity="compensation_plan",
                                 row_id=base["id"], seen_version=base["version"], actor=str(actor),
                                 project_id=project_id, values={"state": str(PlanState.SUPERSEDED)})  # fmt: skip
        return version

    return run_once(store, key=key, command="approve_plan", actor=str(actor), work=work)


# -- reading -----------------------------------------------------------------------------------------


def plan_from(row: dict[str, Any]) -> Plan:
    comments = (
        None
        if row["comments_for"] is None
        else (row["comments_for"], row["comments_against"], row["comments_other"])
    )
    return Plan(id=row["id"], project_id=row["project_id"], title=row["title"], state=PlanState(row["state"]),
                supplements_id=row["supplements_id"], fingerprint=row["fingerprint"], posted_from=row["posted_from"],
                posted_to=row["posted_to"], comments=comments, decision=row["decision"],
                approved_on=row["approved_on"], signer=row["signer"], total_vnd=int(row.get("total_vnd") or 0),
                households=int(row.get("households") or 0), version=row["version"])  # fmt: skip


def plans(store: Store, project_id: int, *, actor: Actor) -> list[Plan]:
    """The project's plans with their totals (figures: every role that reads them)."""
    require(actor, Action.READ_FIGURES, project_id=project_id)
    with store.read() as conn:
        return [plan_from(r) for r in _store.plan_rows(conn, project_id)]


def plan_lines_in(
    conn: Connection, plan_id: int, household_id: int | None = None
) -> list[PlanLine]:
    return [PlanLine(r["household_id"], Section(r["section"]), r["label"], stored(r["quantity"]), r["unit"],
                     int(r["unit_price_vnd"]), stored(r["coefficient"]), int(r["amount_vnd"]), r["reason"])
            for r in _store.plan_line_rows(conn, [plan_id], household_id)]  # fmt: skip


def verify_plan(store: Store, project_id: int, plan_id: int, *, actor: Actor) -> bool:
    """Compute the plan again from its stored inputs: True if every amount is the same."""
    require(actor, Action.READ_FIGURES, project_id=project_id)
    with store.read() as conn:
        row = _plan(conn, plan_id, project_id)
        kept = plan_lines_in(conn, plan_id)
    again = lines_from(row["inputs"])
    return fingerprint(row["inputs"]) == row["fingerprint"] and [
        (entry.household_id, entry.section, entry.amount_vnd) for entry in again
    ] == [(entry.household_id, entry.section, entry.amount_vnd) for entry in kept]
