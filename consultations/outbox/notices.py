"""Invitations and payment notices to households, each by the channels it consented to.

The parameters are fixed per template (what, when, where; never an amount): a notice cannot carry
what the template does not name."""

from __future__ import annotations

import datetime as dt

from consultations.core.access import Action, Actor, require_household
from consultations.core.commands import run_command
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.unit import Unit
from consultations.outbox.model import Template
from consultations.outbox.service import enqueue_in
from translations import _


def _send(
    store: Store, project_id: int, template: Template, params: dict[str, str],
    household_ids: list[int], *, actor: Actor, key: str | None,
) -> int:  # fmt: skip
    if not household_ids:
        raise InvalidRecord(_("Choose the households to send it to."))
    if not all(v.strip() for v in params.values()):
        raise InvalidRecord(_("Say what, when and where, so the message is complete."))

    def work(unit: Unit) -> int:
        conn = unit.conn
        written = 0
        for household_id in household_ids:
            require_household(conn, actor, Action.EDIT_RECORDS, household_id, project_id)
            written += enqueue_in(conn, template, params, project_id=project_id,
                                  household_id=household_id)  # fmt: skip
        unit.audit(Entity.PROJECT, project_id, "notify", project_id=project_id,
                   after={"template": str(template), "households": len(household_ids),
                          "messages": written})  # fmt: skip
        return written

    return run_command(store, key=key, command=f"notify_{template}", actor=actor, work=work)


def invite(
    store: Store, project_id: int, *, what: str, at: dt.datetime, place: str, project_name: str,
    household_ids: list[int], actor: Actor, key: str | None = None,
) -> int:  # fmt: skip
    """Invite households to a meeting or reception day (``what``) at ``at`` (local time) and
    ``place``; how many messages were written (none to a household without consent)."""
    params = {"what": what, "date": at.strftime("%d/%m/%Y"), "time": at.strftime("%H:%M"),
              "place": place, "project": project_name}  # fmt: skip
    return _send(
        store, project_id, Template.INVITATION, params, household_ids, actor=actor, key=key
    )


def announce_payment(
    store: Store, project_id: int, *, from_date: dt.date, place: str, project_name: str,
    household_ids: list[int], actor: Actor, key: str | None = None,
) -> int:  # fmt: skip
    """Tell households their compensation is ready to collect from ``from_date`` at ``place``
    (never how much)."""
    params = {"date": from_date.strftime("%d/%m/%Y"), "place": place, "project": project_name}
    return _send(
        store, project_id, Template.PAYMENT_READY, params, household_ids, actor=actor, key=key
    )
