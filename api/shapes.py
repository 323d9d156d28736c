"""The records as JSON: dates in ISO, statuses by their code. A household carries no ID number,
phone, birth date, vulnerability or notes, whatever the key's scope: what a consumer needs to
follow consent is its code, its head's name, its village and its status."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

from consultations.api_clients.model import Change, Delivery, Webhook
from consultations.core.records import ConsentEvent, ConsentStatus, Household, Project

#: The household fields a consumer with ``read:households`` receives; no other ever leaves.
HOUSEHOLD_FIELDS = ("id", "project_id", "code", "head_name", "village", "affected", "version")


def plain(value: Any) -> Any:
    """A record's value as JSON holds it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return record(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def record(value: DataclassInstance) -> dict[str, Any]:
    """A record as a JSON object, its fields by name."""
    return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}


def project(p: Project) -> dict[str, Any]:
    return {
        "id": p.id, "slug": p.slug, "name": p.name, "kind": plain(p.kind),
        "closed": p.closed, "links": {"self": f"/api/v1/projects/{p.slug}"},
    }  # fmt: skip


def household(h: Household, status: ConsentStatus | None) -> dict[str, Any]:
    data = {name: plain(getattr(h, name)) for name in HOUSEHOLD_FIELDS}
    data["status"] = plain(status)
    data["links"] = {"self": f"/api/v1/households/{h.id}"}
    return data


def consent_event(e: ConsentEvent) -> dict[str, Any]:
    return {
        "id": e.id, "household_id": e.household_id, "status": plain(e.status),
        "happened_on": plain(e.happened_on), "recorded_at": plain(e.recorded_at),
        "recorded_by": e.recorded_by, "meeting_id": e.meeting_id, "note": e.note,
    }  # fmt: skip


def version_etag(version: int) -> str:
    """A household's ETag: the version an edit names in ``If-Match``."""
    return f'"v{version}"'


def change(c: Change) -> dict[str, Any]:
    data = record(c)
    del data["household_id"]
    if c.household_id is not None:  # the household's record and version to read again
        data["href"] = f"/api/v1/households/{c.household_id}"
    return data


def webhook(w: Webhook) -> dict[str, Any]:
    return record(w)


def delivery(d: Delivery) -> dict[str, Any]:
    return record(d)
