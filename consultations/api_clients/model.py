"""An API client's records: what it may do (its scopes) and who it is in the role rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from consultations.core.access import Actor, Role, Scope


class ApiScope(StrEnum):
    """What a key allows, on top of its role's rules (a key never does more than its role)."""

    READ_FIGURES = "read:figures"  # projects, figures, public layers, the change feed, webhooks
    READ_HOUSEHOLDS = "read:households"  # households by name, their status, meetings, concerns
    WRITE_CONSENT = "write:consent"  # record a household's consent event


#: The default role of a client given each scope: the least role that allows it.
LEAST_ROLE = {
    ApiScope.READ_FIGURES: Role.VIEWER,
    ApiScope.READ_HOUSEHOLDS: Role.CHAIR,
    ApiScope.WRITE_CONSENT: Role.FIELD_OFFICER,
}


@dataclass(frozen=True)
class ApiClient:
    id: int
    name: str
    key_hint: str
    scopes: tuple[ApiScope, ...]
    role: Role
    projects: tuple[Scope, ...]
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    @property
    def actor(self) -> Actor:
        """The actor its calls are made as: named ``api:NAME`` in the audit log, held to its role's
        rules in its projects and communes, as a signed-in user of that role would be."""
        return Actor(username=f"api:{self.name}", role=self.role, scopes=self.projects)

    def allows(self, scope: ApiScope) -> bool:
        return scope in self.scopes


@dataclass(frozen=True)
class NewKey:
    """A client just created: ``key`` is shown once and never stored."""

    client: ApiClient
    key: str


@dataclass(frozen=True)
class Change:
    """One change of the records as the feed gives it: what, where and when, no personal data
    (the resource it names is read with the scope that allows it)."""

    id: int
    at: dt.datetime
    kind: str
    entity: str
    entity_id: int | None
    project_id: int | None
    #: The household the change moved (a household's own change, or a consent event's household).
    household_id: int | None = None


@dataclass(frozen=True)
class Webhook:
    id: int
    client_id: int
    url: str
    active: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class Delivery:
    id: int
    webhook_id: int
    event_id: int
    status: str  # pending, delivered, failed
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    delivered_at: dt.datetime | None
