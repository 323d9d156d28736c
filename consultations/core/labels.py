"""Record kinds, actions and fields as users call them: for the audit log and for what-changed
messages, so no column name or code reaches a user."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

from consultations.core.records import (
    Channel,
    ConcernCategory,
    ConsentStatus,
    MeetingKind,
    ProjectKind,
)
from translations import _, current_language, format_date

if TYPE_CHECKING:
    import pandas as pd


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parcel_label(sheet: object, parcel: object) -> str:
    """A parcel as people say it, "sheet/parcel": "?" for a number not recorded, never "nan"."""
    return f"{_number_text(sheet)}/{_number_text(parcel)}"


def parcel_labels(parcels: pd.DataFrame) -> pd.Series:
    """``parcel_label`` of each row of a frame with ``sheet_no`` and ``parcel_no``."""
    import pandas as pd  # here, not above: the labels of fields and actions are read without it

    return pd.Series(
        [parcel_label(s, p) for s, p in zip(parcels.sheet_no, parcels.parcel_no, strict=True)],
        index=parcels.index,
        dtype=object,
    )


def parcel_labels_with_codes(parcels: pd.DataFrame) -> pd.Series:
    """``parcel_labels``, each followed by the parcel's identification code where it has one
    (``parcel_code``, mã định danh thửa đất): what a map's tooltip and parcel panel show."""
    labels = parcel_labels(parcels)
    if "parcel_code" not in parcels:
        return labels
    return labels.combine(
        parcels["parcel_code"],
        lambda label, code: (
            label
            if _number_text(code) == "?"
            else _("{label} · code {code}").format(label=label, code=str(code).strip())
        ),
    )


def _number_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None, NaN
        return "?"
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))  # a sheet number read as a number: "12", not "12.0"
    return "?" if text in ("", "nan", "None", "<NA>") else text


def field_label(name: str) -> str:
    """A field (a column of a record, or a figure of an import) in the user's language."""
    labels = {
        "head_name": _("Head of household"), "phone": _("Phone"), "village": _("Village"),
        "vulnerability": _("Vulnerability"), "notes": _("Notes"), "status": _("Status"),
        "done_on": _("Done on"), "answer": _("Answer"), "answered_by": _("Answered by"),
        "acknowledged_on": _("Acknowledged on"), "answered_on": _("Answered on"),
        "resolved_on": _("Resolved on"), "escalated_on": _("Escalated on"),
        "affected": _("Affected"), "id_number": _("ID number"), "birth_date": _("Birth date"),
        "members": _("Members"), "head_sex": _("Sex of the head"), "version": _("Version"),
        "code": _("Code"), "household": _("Household"), "happened_on": _("Date"),
        "note": _("Note"), "category": _("Category"), "text": _("Text"), "title": _("Title"),
        "kind": _("Kind"), "method": _("How"), "households": _("Households"),
        "step": _("Step"), "held_at": _("When"), "attendees": _("Attendees"),
        "file": _("File"), "folder": _("Folder"), "format": _("Format"), "month": _("Month"),
        "audience": _("Audience"), "as_of": _("As of"), "names": _("Names"), "role": _("Role"),
        "active": _("Active"), "scopes": _("Projects and communes"), "username": _("User name"),
        "affected_parcels": _("Affected parcels"), "parcels_entered": _("Parcels newly affected"),
        "parcels_left": _("Parcels no longer affected"),
        "parcels_retired": _("Parcels no longer in the layer"),
        "households_entered": _("Households newly affected"),
        "households_left": _("Households no longer affected"), "houses": _("Houses"),
        "token": _("Restore number"), "name": _("Name"), "reason": _("Reason"),
        "voltage_kv": _("Voltage (kV)"), "conductor_half_spread_m": _("Centre to outermost conductor (m)"),
        "tower_side_m": _("Tower foundation side (m)"), "cutoff_on": _("Inventory cut-off date"),
        "crs_epsg": _("Coordinate system"), "issuing_authority": _("Who issues the recovery decisions"),
        "chair_name": _("Who chairs it"), "chair_title": _("Their title"), "communes": _("Communes"),
        "slug": _("Short name"), "corridor_width_m": _("Corridor width (m)"),
        # citizen reception and petitions
        "body": _("Body"), "reference": _("Number in the register"), "eligible": _("Eligible for handling"),
        "competence": _("Competence"), "transferred_to": _("Transferred to"), "transferred_on": _("Transferred on"),
        "accepted_on": _("Accepted on"), "complexity": _("Complexity"), "remote": _("Remote area"),
        "handler": _("Handling officer"), "verification": _("Verification"), "decided_on": _("Decided on"),
        "decision": _("Decision"), "outcome": _("Outcome"), "held_on": _("Held on"),
        "planned_on": _("Scheduled for"), "leader": _("Leader receiving"), "place": _("Place"),
        "citizens": _("Citizens received"), "summary": _("What was raised and answered"),
        "heard": _("Citizens heard"), "petitions": _("Petitions"), "listed_on": _("Listed on"),
        "lead": _("Lead person and body"), "removed_on": _("Taken off on"),
        "removal_decision": _("Decision taking it off the list"),
        "extensions": _("Extensions granted"), "backlog_case": _("Backlog case"),
        # compensation
        "state": _("State"), "posted_from": _("Posted from"), "posted_to": _("Posted until"),
        "comments_for": _("Agree"), "comments_against": _("Disagree"), "comments_other": _("Other"),
        "approved_on": _("Approved on"), "signer": _("Signed by"), "fingerprint": _("Fingerprint"),
        "inputs": _("Inputs"), "total_vnd": _("Total (đ)"), "coefficient": _("Coefficient K"),
        "coefficient_decision": _("Decision setting K"), "rice_price_vnd": _("Price of a kilogram of rice (đ)"),
        "job_support_multiple": _("Job-change support multiple (at most 5)"),
        "terms_decision": _("Decision setting these values"), "farmland_m2": _("Farmland in use (m²)"),
        "farming_members": _("Members who farm it directly"), "relocating": _("The household must move"),
        "household_id": _("Household"), "item_code": _("Price table item"), "quantity": _("Quantity"),
        "replaces_id": _("Corrects line"), "amount_vnd": _("Amount (đ)"), "paid_on": _("Day paid"),
        "receipt": _("Receipt"), "items": _("Items"), "sha256": _("SHA-256"), "project_id": _("Project"),
        # texts with a limit (core/bounds.py names them when one is too long)
        "sheet_no": _("Map sheet number"), "parcel_no": _("Parcel number"), "label": _("Label / number"),
        "level": _("Level (province, commune, village…)"), "sex": _("Sex"), "unit": _("Unit"),
        "encoding": _("Text encoding"), "section": _("Section"), "channel": _("Channel"),
        "media_type": _("File type"), "land_type": _("Land type"), "filer_kind": _("Who filed it"),
        "asked_for": _("What is asked"), "corrects": _("Corrects entry"),
    }  # fmt: skip
    return labels.get(name, name.replace("_", " "))


def action_label(action: str) -> str:
    labels = {
        "create": _("Added"), "update": _("Changed"), "new_version": _("New consent event"),
        "import": _("Imported"), "overlay": _("Affected parcels computed"),
        "export": _("Exported"), "export_map": _("Map exported"), "sign_in": _("Signed in"),
        "sign_in_failed": _("Wrong password"), "set_password": _("Password set"),
        "restore": _("Restored from a backup"), "open_file": _("File opened"),
        "close": _("Project closed"), "reopen": _("Project reopened"),
        "settings": _("Settings changed"), "assign": _("Communes assigned"),
        "read_denunciation": _("Denunciation read in full"), "working_session": _("Working session"),
        "issue_receipt": _("Receipt printed (new key)"), "notify": _("Messages written"),
        "import_register": _("Register imported"), "heard": _("Citizen heard added"),
        "review": _("Reviewed"), "field_import": _("Field package brought back"),
        "import_prices": _("Price table imported"), "calculate": _("Plan computed"),
        "pay": _("Payment recorded"), "correct": _("Last entry corrected"),
        "revoke": _("API key revoked"), "api_call": _("API call"),
    }  # fmt: skip
    return labels.get(action, action.replace("_", " "))


def entity_label(entity: str) -> str:
    labels = {
        "household": _("Household"), "households": _("Households"),
        "consent_event": _("Consent"), "concern": _("Concern"), "commitment": _("Commitment"),
        "meeting": _("Meeting"), "document": _("Document"), "disclosure": _("Delivery"),
        "procedure_step": _("Procedure step"), "project": _("Project"), "user": _("User"),
        "report": _("Report"), "store": _("Whole database"), "parcels": _("Parcels"),
        "petition": _("Petition"), "reception_session": _("Reception session"),
        "contact_consent": _("Consent to be contacted"),
        "backlog_case": _("Backlog case"), "field_package": _("Field package"),
        "price_table": _("Price table"), "inventory_line": _("Inventory line"),
        "inventory_household": _("Household's support facts"), "compensation_plan": _("Compensation plan"),
        "compensation_terms": _("Compensation terms"), "payment": _("Payment"),
        "compensation_sheet": _("Calculation sheet"), "parcel": _("Parcel"),
        "concerns": _("Concerns"), "meetings": _("Meetings"), "commitments": _("Commitments"),
        "api_client": _("API client"), "webhook": _("Webhook"),
    }  # fmt: skip
    return labels.get(entity, entity.replace("_", " "))


@functools.cache
def _code_labels(language: str) -> dict[str, str]:
    """Codes the audit log keeps (a category, a kind, a state) and the words people read for them:
    the shared records' own labels, and the codes of the features' records (made once per language)."""
    labels = {
        str(m): m.label
        for e in (ConcernCategory, Channel, ConsentStatus, MeetingKind, ProjectKind)
        for m in e
    }
    labels.update({
        "advance": _("Advance"), "payment": _("Payment"), "deposit": _("Deposited at the State treasury"),
        "correction": _("Correction"), "cash": _("Cash"), "transfer": _("Bank transfer"),
        "treasury": _("State treasury"), "land": _("Land"), "structure": _("Structures"),
        "crop": _("Crops and trees"), "corridor": _("Land restricted under the line"), "support": _("Support"),
        "draft": _("Draft"), "posted": _("Posted for comments"), "approved": _("Approved"),
        "superseded": _("Superseded"), "complaint": _("Complaint"), "denunciation": _("Denunciation"),
        "recommendation": _("Recommendation or reflection"), "own": _("Ours to settle"),
        "transferred": _("Transferred to another body"), "guided": _("Petitioner guided to the right body"),
        "scheduled": _("Scheduled session of the chair"), "regular": _("Regular reception at the office"),
        "unscheduled": _("Unscheduled, for an urgent matter"),
    })  # fmt: skip
    return labels


def value_text(value: Any) -> str:
    """A stored value as people read it: dates dd/mm/yyyy, codes in words, lists joined, nothing
    for none."""
    if value in (None, "", [], {}):
        return "-"
    if isinstance(value, str) and value in (codes := _code_labels(current_language())):
        return codes[value]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:  # dates are kept in ISO form in the audit log (never a phone number read as one)
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return describe(value)
    return str(value)


def describe(values: dict[str, Any] | None) -> str:
    """A record's values as "Field: value; …" (empty when there are none)."""
    if not values:
        return ""
    return "; ".join(f"{field_label(k)}: {value_text(v)}" for k, v in values.items())
