"""One command's unit of work: what every door opens and every helper of its transaction takes.

It holds the transaction's connection, the ``Actor`` who asks (never a name string), the one moment
the command happens (UTC; shown in Vietnam time by the pages) and the projects it has seen, and it
writes the audit row and its change event: once per record and command, and refuses a closed
project once per command, whichever helper asks first (cosmicpython's ``unit_of_work.py``).
The command runner (``core.commands.run_command``) opens it inside the write transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from consultations.core.access import Actor
from consultations.core.audit import (
    STILL_ALLOWED_WHEN_CLOSED,
    closed_name,
    refuse_closed,
    utcnow,
    write_audit,
)
from consultations.core.database import Connection
from consultations.core.events import Entity


@dataclass(frozen=True)
class Unit:
    """One command in one write transaction (see the module docstring)."""

    conn: Connection
    actor: Actor
    #: The command's moment, the same for every row it writes.
    now: dt.datetime = field(default_factory=utcnow)
    #: Project id → its name if closed, else None: as read once in this command.
    _projects: dict[int, str | None] = field(default_factory=dict, repr=False, compare=False)
    #: (entity, id, action) already written: a second audit row of the same change is a bug.
    _audited: set[tuple[str, int | None, str]] = field(
        default_factory=set, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not isinstance(self.actor, Actor):
            raise TypeError(f"a unit of work needs an Actor, not {type(self.actor).__name__}")

    @property
    def by(self) -> str:
        """The actor as the audit log and the records name them."""
        return self.actor.username

    def saw_project(self, project_id: int, closed: str | None) -> None:
        """What a read of this command already learnt: the project, closed (its name) or open
        (None). Later checks of it read nothing."""
        self._projects[project_id] = closed

    def refuse_if_closed(self, project_id: int) -> None:
        """A change of a closed project is refused (read once per command)."""
        if project_id not in self._projects:
            self._projects[project_id] = closed_name(self.conn, project_id)
        refuse_closed(self._projects[project_id])

    def audit(
        self,
        entity: Entity,
        entity_id: int | None,
        action: str,
        *,
        project_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> int:
        """Write the audit row and its change event for one change; returns the row's id."""
        mark = (str(entity), entity_id, action)
        if mark in self._audited:  # a programming error: two helpers both wrote it
            raise RuntimeError(f"{entity}.{action} of {entity_id} audited twice in one command")
        if project_id is not None and action not in STILL_ALLOWED_WHEN_CLOSED:
            self.refuse_if_closed(project_id)
        self._audited.add(mark)
        return write_audit(
            self.conn, actor=self.by, action=action, entity=str(entity), entity_id=entity_id,
            project_id=project_id, before=before, after=after, at=self.now, closed_checked=True,
        )  # fmt: skip
