"""One entry of the audit log: who did what to which record, when, and the values before/after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    project_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
