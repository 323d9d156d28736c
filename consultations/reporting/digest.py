"""Officials reminded: each morning, every field officer and chair who agreed to be contacted gets
one message listing what falls due or is late in their scope (concerns' 5-day acknowledgement and
answers, petitions' deadlines, commitments, procedure steps, payments), by e-mail or Zalo.

A line names the task, its day and the household's code only: never a name, a concern's text or
an amount (a message can be read over a shoulder), and a denouncer's household is withheld as on
the This week page. The deliverer sends it like any other message (``cli.py deliver-outbox``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from consultations.accounts.service import list_users
from consultations.accounts.staffing import actor_named
from consultations.concerns.receipts import concern_reference_in
from consultations.core.access import Action, Actor, Role, require
from consultations.core.database import Store
from consultations.core.qr import tracking_address
from consultations.outbox.model import Template
from consultations.outbox.service import enqueue_in
from consultations.petitions.receipts import petition_reference_in
from consultations.projects.service import list_projects
from consultations.reporting.week import DueItem, DueKind, this_week
from translations import _, format_date, local_today

#: Who gets a digest: those who follow households' matters.
DIGEST_ROLES = (Role.FIELD_OFFICER, Role.CHAIR)


def digest_line(item: DueItem, today: dt.date, project: str) -> str:
    """One line of a digest: day, task, household code (or the whole project), late or not."""
    late = _(" (late)") if item.late(today) else ""
    who = item.household_code or _("whole project")
    return f"- {format_date(item.due_on)}{late} · {item.kind.label} · {who} · {project}"


def _official_digest(store: Store, official: Actor, today: dt.date) -> list[str]:
    """The digest's lines for ``official``: what falls due or is late in every project they read."""
    lines: list[str] = []
    for project in list_projects(store):
        if project.closed or not official.may_in(Action.READ_PERSONAL, project.id):
            continue
        week = this_week(store, project, actor=official, today=today)
        lines += [digest_line(item, today, project.slug) for item in week.items]
    return lines


def send_daily_digest(store: Store, *, actor: Actor, today: dt.date | None = None) -> int:
    """Write today's digest to the outbox for each officer and chair with something due; how many
    were written (one per channel they consented to, none without consent)."""
    require(actor, Action.MANAGE_USERS)
    day = today or local_today()
    written = 0
    for account in list_users(store, actor=actor):
        if not account.active or account.role not in DIGEST_ROLES:
            continue
        official = actor_named(store, account.username, actor=actor)
        lines = _official_digest(store, official, day)
        if not lines:
            continue
        params = {"date": format_date(day), "count": str(len(lines)), "items": "\n".join(lines),
                  "official": account.full_name or account.username}  # fmt: skip
        with store.begin() as conn:
            written += enqueue_in(conn, Template.DIGEST, params, project_id=None,
                                  username=account.username)  # fmt: skip
    return written


#: The deadlines a household is told of on the day: those of its own concern or petition.
HOUSEHOLD_DEADLINES: dict[DueKind, tuple[str, Callable[[], str]]] = {
    DueKind.ACKNOWLEDGE_CONCERN: ("concern", lambda: _("acknowledgement")),
    DueKind.ANSWER_CONCERN: ("concern", lambda: _("answer")),
    DueKind.ACCEPT_PETITION: ("petition", lambda: _("decision to accept")),
    DueKind.SETTLE_PETITION: ("petition", lambda: _("settlement")),
}


def send_deadline_notices(store: Store, *, actor: Actor, today: dt.date | None = None) -> int:
    """Tell each household whose concern or petition reaches a deadline today (by the channels it
    consented to), with the matter's reference; how many messages were written. A denunciation is
    never tied to its household here (``this_week`` withholds it), so its filer is never named."""
    require(actor, Action.MANAGE_USERS)
    day = today or local_today()
    written = 0
    for project in list_projects(store):
        if project.closed:
            continue
        due = [i for i in this_week(store, project, actor=actor, today=day).items
               if i.due_on == day and i.kind in HOUSEHOLD_DEADLINES and i.household_id is not None
               and i.record_id is not None]  # fmt: skip
        with store.begin() as conn:
            for item in due:
                kind, step = HOUSEHOLD_DEADLINES[item.kind]
                assert item.record_id is not None
                reference = (concern_reference_in if kind == "concern" else petition_reference_in)(
                    conn, item.record_id)  # fmt: skip
                if reference:
                    params = {"reference": reference, "step": step(), "date": format_date(day),
                              "address": tracking_address()}  # fmt: skip
                    written += enqueue_in(conn, Template.DEADLINE, params, project_id=project.id,
                                          household_id=item.household_id)  # fmt: skip
    return written
