"""An account as the Users page shows it (never its password hash)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consultations.core.access import Role, Scope


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    full_name: str | None
    role: Role
    active: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime
    scopes: tuple[Scope, ...]  # where a field officer works
