"""Officials reminded: each morning, every field officer and chair who agreed to be contacted gets
one message listing what falls due or is late in their scope (concerns' 5-day acknowledgement and
answers, petitions' deadlines, commitments, procedure steps, payments), by e-mail or Zalo.

A line names the task, its day and the household's code only: never a name, a concern's text or
an amount (a message can be read over a shoulder), and a denouncer's household is withheld as on
the This week page. The deliverer sends it like any other message (``cli.py deliver-outbox``).
"""

from __future__ import annotations

import datetime as dt

from consultations.accounts.service import list_users
from consultations.accounts.staffing import actor_named
from consultations.core.access import Action, Actor, Role, require
from consultations.core.database import Store
from consultations.outbox.model import Template
from consultations.outbox.service import enqueue_in
from consultations.projects.service import list_projects
from consultations.reporting.week import DueItem, this_week
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
