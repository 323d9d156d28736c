"""Saving read registers into the store, resolving household codes, parcel keys and meeting refs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from consultations.commitments.service import import_commitment_in
from consultations.concerns.service import import_concern_in
from consultations.consent.service import import_consent_events_in
from consultations.core.errors import InvalidRecord
from consultations.core.records import ConsentEvent
from consultations.households.registers import HouseholdRegister
from consultations.households.service import add_households_in, link_parcels_in
from consultations.meetings.service import add_meeting_in, add_poll_in
from consultations.setup.history_register import HistoryRegister
from translations import _

ParcelKey = tuple[str | None, str | None, str | None]  # (old commune, sheet, parcel)


#: Household code → the parcels it is linked to: (parcel id, the register's link row).
Links = dict[str, list[tuple[int, dict[str, Any]]]]


def linked_parcels(register: HouseholdRegister, parcel_ids: dict[ParcelKey, list[int]]) -> Links:
    """Each household's parcels found among the project's (``parcel_ids``: by old commune, sheet
    and parcel number); refused naming every link not found, or found more than once."""
    unknown, ambiguous = [], []
    links_by_code: Links = defaultdict(list)
    for link in register.links:
        key = (link["old_commune"], link["sheet_no"], link["parcel_no"])
        matches = parcel_ids.get(key) or parcel_ids.get((None, key[1], key[2])) or []
        if not matches:
            unknown.append(f"{link['code']}: {key[1]}/{key[2]}")
        elif len(set(matches)) > 1:
            # The same sheet/parcel number in two old communes: the register must say which.
            ambiguous.append(f"{link['code']}: {key[1]}/{key[2]}")
        elif matches[0] not in {pid for pid, _l in links_by_code[link["code"]]}:
            links_by_code[link["code"]].append((matches[0], link))
    if unknown or ambiguous:
        raise InvalidRecord(
            _(
                "Household parcels not found in the parcel layer: {unknown}. "
                "Parcel numbers found more than once (add the old commune, column “Xã cũ”): "
                "{ambiguous}."
            ).format(
                unknown="; ".join(unknown[:20]) or "-", ambiguous="; ".join(ambiguous[:20]) or "-"
            )
        )
    return dict(links_by_code)


def affected_codes(links: Links, affected_parcel_ids: set[int]) -> set[str]:
    """The households linked to an affected parcel."""
    return {
        code for code, found in links.items() if any(p in affected_parcel_ids for p, _l in found)
    }


def insert_households_in(
    conn: Any, project_id: int, register: HouseholdRegister, links: Links, affected: set[str]
) -> dict[str, int]:
    """Insert the register's households (``affected``: their codes) and their parcel links
    (``linked_parcels``); returns household id by code."""
    ids = add_households_in(conn, project_id, [
        {**h, "affected": h["code"] in affected} for h in register.households
    ])  # fmt: skip
    link_parcels_in(conn, [
        (ids[code], parcel_id, link["role"], link["share"])
        for code, found in links.items() if code in ids for parcel_id, link in found
    ])  # fmt: skip
    return ids


def save_households_in(
    conn: Any,
    project_id: int,
    register: HouseholdRegister,
    parcel_ids: dict[ParcelKey, list[int]],
    affected_parcel_ids: set[int],
) -> dict[str, int]:
    """Insert households and their parcel links; returns household id by code.

    A household is affected when any parcel it is linked to is affected.
    """
    links = linked_parcels(register, parcel_ids)
    affected = affected_codes(links, affected_parcel_ids)
    return insert_households_in(conn, project_id, register, links, affected)


def save_history_in(
    conn: Any, project_id: int, history: HistoryRegister, households: dict[str, int], actor: str
) -> None:
    meetings: dict[str, int] = {}
    attendees: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in history.attendance:
        attendees[a["meeting"]].append(
            {
                "household_id": households.get(a["code"]) if a["code"] else None,
                "attendee_name": a["attendee_name"],
                "sex": a["sex"],
            }
        )
    for m in history.meetings:
        values = {k: v for k, v in m.items() if k != "ref"}
        values["kind"] = str(values["kind"])
        meetings[m["ref"]] = add_meeting_in(
            conn, project_id, {**values, "created_by": actor}, [], attendees[m["ref"]]
        )
    import_consent_events_in(conn, project_id, [
        ConsentEvent(
            household_id=households[e["code"]], status=e["status"], happened_on=e["happened_on"],
            recorded_by=actor, note=e["note"],
            meeting_id=meetings.get(e["meeting"]) if e["meeting"] else None,
        )
        for e in history.events
    ])  # fmt: skip
    for c in history.concerns:
        values = {k: v for k, v in c.items() if k not in ("code", "meeting")}
        values.update(category=str(c["category"]), channel=str(c["channel"]))
        import_concern_in(
            conn,
            project_id,
            {
                **values,
                "household_id": households.get(c["code"]) if c["code"] else None,
                "meeting_id": meetings.get(c["meeting"]) if c["meeting"] else None,
                "recorded_by": actor,
            },
        )
    for c in history.commitments:
        import_commitment_in(
            conn,
            project_id,
            {
                "meeting_id": meetings.get(c["meeting"]) if c["meeting"] else None,
                "household_id": households.get(c["code"]) if c["code"] else None,
                "text": c["text"],
                "promised_by": c["promised_by"],
                "due_on": c["due_on"],
                "done_on": c["done_on"],
                "status": "done" if c["done_on"] else "open",
            },
        )
    polls: dict[tuple[str, str], tuple[list[str], dict[int, str]]] = {}
    for v in history.votes:
        options, votes = polls.setdefault((v["meeting"], v["question"]), (v["options"], {}))
        votes[households[v["code"]]] = v["choice"]
    for (meeting, question), (options, votes) in polls.items():
        add_poll_in(conn, meetings[meeting], question, options, votes)
