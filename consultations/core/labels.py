"""Record kinds, actions and fields as users call them: for the audit log and for what-changed
messages, so no column name or code reaches a user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from translations import _, format_date


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
        "import_register": _("Register imported"), "heard": _("Citizen heard added"),
        "review": _("Reviewed"), "field_import": _("Field package brought back"),
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
        "backlog_case": _("Backlog case"), "field_package": _("Field package"),
    }  # fmt: skip
    return labels.get(entity, entity.replace("_", " "))


def value_text(value: Any) -> str:
    """A stored value as people read it: dates dd/mm/yyyy, lists joined, nothing for none."""
    if value in (None, "", [], {}):
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and len(value) == 10:
        try:  # dates are kept in ISO form in the audit log
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
