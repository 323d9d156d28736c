"""The API's handlers: each reads the call, calls one door as the client's actor, shapes the reply."""

from __future__ import annotations

import datetime as dt

from api import shapes
from api.calls import Call, Reply
from api.errors import ApiError
from consultations.api_clients.service import PAGE_MOST, changes
from consultations.api_clients.webhooks import add_webhook, deliveries, webhooks_of
from consultations.concerns.service import concerns_seen_by
from consultations.consent.service import consent_events_seen_by, consent_history, record_consent
from consultations.core.access import Action, require
from consultations.core.records import ConsentStatus, Project
from consultations.households.service import household_seen_by, households_seen_by
from consultations.meetings.service import project_meetings
from consultations.petitions.figures import petition_figures
from consultations.projects.service import find_project, list_projects
from consultations.reporting.household_progress import household_progress
from consultations.reporting.state import project_figures
from translations import _, local_today


def _project(call: Call) -> Project:
    require(call.actor, Action.READ_FIGURES)
    return find_project(call.store, call.params["slug"])


def _int(call: Call, name: str, text: str | None, default: int | None = None) -> int:
    if text is None and default is not None:
        return default
    try:
        return int(text or "")
    except ValueError:
        raise ApiError(400, "bad_request",
                       lambda: _("“{name}” must be a whole number.").format(name=name)) from None  # fmt: skip


def _day(name: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "bad_request",
                       lambda: _("“{name}” must be a date (YYYY-MM-DD).").format(name=name)) from None  # fmt: skip


def projects(call: Call) -> Reply:
    require(call.actor, Action.READ_FIGURES)
    return Reply({"projects": [shapes.project(p) for p in list_projects(call.store)]})


def project(call: Call) -> Reply:
    p = _project(call)
    figures = project_figures(call.store, p, _day("as_of", call.query.get("as_of")))
    return Reply({**shapes.project(p), "figures": shapes.plain(figures.as_dict())})


def households(call: Call) -> Reply:
    p = _project(call)
    progress = household_progress(call.store, p, actor=call.actor)
    found = households_seen_by(call.store, p.id, actor=call.actor)
    return Reply({"households": [
        shapes.household(h, progress[h.id].status if h.id in progress else None) for h in found
    ]})  # fmt: skip


def household(call: Call) -> Reply:
    household_id = _int(call, "id", call.params["id"])
    found = household_seen_by(call.store, household_id, actor=call.actor)
    history = consent_history(call.store, household_id, actor=call.actor)
    progress = household_progress(call.store, find_project_by_id(call, found.project_id),
                                  actor=call.actor)  # fmt: skip
    status = progress[found.id].status if found.id in progress else ConsentStatus.NOT_CONTACTED
    data = {**shapes.household(found, status),
            "consent_events": [shapes.consent_event(e) for e in history]}  # fmt: skip
    return Reply(data, etag=shapes.version_etag(found.version))


def find_project_by_id(call: Call, project_id: int) -> Project:
    return next(p for p in list_projects(call.store) if p.id == project_id)


def consent_events(call: Call) -> Reply:
    """The project's consent events, oldest first (a field officer's key: its communes')."""
    p = _project(call)
    found = consent_events_seen_by(call.store, p.id, actor=call.actor)
    return Reply({"consent_events": [shapes.consent_event(e) for e in found]})


def meetings(call: Call) -> Reply:
    p = _project(call)
    return Reply({"meetings": shapes.plain(project_meetings(call.store, p.id, actor=call.actor))})


def concerns(call: Call) -> Reply:
    p = _project(call)
    found = concerns_seen_by(call.store, p.id, actor=call.actor)
    return Reply({"concerns": shapes.plain(found)})


def petitions(call: Call) -> Reply:
    today = local_today()
    start = _day("start", call.query.get("start")) or today.replace(month=1, day=1)
    end = _day("end", call.query.get("end")) or today
    project_id = None
    if "project" in call.query:
        project_id = find_project(call.store, call.query["project"]).id
    figures = petition_figures(call.store, actor=call.actor, start=start, end=end,
                               project_id=project_id)  # fmt: skip
    return Reply(shapes.plain(figures.as_json()))


def feed(call: Call) -> Reply:
    since = _int(call, "since", call.query.get("since"), 0)
    limit = _int(call, "limit", call.query.get("limit"), PAGE_MOST)
    page = changes(call.store, since, min(limit, PAGE_MOST), actor=call.actor)
    cursor = page[-1].id if page else since
    return Reply({
        "changes": [shapes.change(c) for c in page], "cursor": cursor,
        "more": len(page) == min(limit, PAGE_MOST),
        "next": f"/api/v1/changes?since={cursor}",
    })  # fmt: skip


def _seen_version(call: Call) -> int:
    """The version the client saw: ``If-Match: "v3"`` (its household's ETag), required."""
    text = call.headers.get("if-match", "").strip().removeprefix("W/").strip('"')
    if not text.startswith("v") or not text[1:].isdigit():
        raise ApiError(428, "precondition_required",
                       lambda: _("A write names the version it saw: send the household's ETag as "
                                 "“If-Match”."))  # fmt: skip
    return int(text[1:])


def _idempotency_key(call: Call) -> str:
    key = call.headers.get("idempotency-key", "").strip()
    if not key or len(key) > 80:
        raise ApiError(428, "precondition_required",
                       lambda: _("A write needs an “Idempotency-Key” header (up to 80 characters), "
                                 "the same when it is sent again."))  # fmt: skip
    return f"api:{call.client.name}:{key}"


def consent(call: Call) -> Reply:
    """Record a consent event through the consent door, as the client's actor."""
    household_id = _int(call, "id", call.params["id"])
    seen, key, body = _seen_version(call), _idempotency_key(call), call.json()
    try:
        status = ConsentStatus(str(body.get("status")))
    except ValueError:
        codes = ", ".join(s.value for s in ConsentStatus)
        raise ApiError(422, "invalid",
                       lambda: _("“status” must be one of: {codes}.").format(codes=codes)) from None  # fmt: skip
    happened_on = _day("happened_on", body.get("happened_on")) or local_today()
    meeting = body.get("meeting_id")
    event = record_consent(
        call.store, household_id, status, happened_on, seen_version=seen, actor=call.actor,
        note=body.get("note"), late_reason=body.get("late_reason"),
        meeting_id=_int(call, "meeting_id", str(meeting)) if meeting is not None else None, key=key,
    )  # fmt: skip
    now = household_seen_by(call.store, household_id, actor=call.actor)
    return Reply({"consent_event": shapes.consent_event(event), "household_version": now.version},
                 status=201, etag=shapes.version_etag(now.version))  # fmt: skip


def add_hook(call: Call) -> Reply:
    """Register a URL that every change of the records is sent to (signed with the secret returned)."""
    body = call.json()
    key = call.headers.get("idempotency-key")
    hook, secret = add_webhook(call.store, call.client, str(body.get("url") or ""),
                               actor=call.actor, key=f"api:{call.client.name}:{key}" if key else None)  # fmt: skip
    return Reply({**shapes.webhook(hook), "secret": secret}, status=201)


def hooks(call: Call) -> Reply:
    return Reply({"webhooks": [shapes.webhook(w) for w in webhooks_of(call.store, call.client,
                                                                          actor=call.actor)]})  # fmt: skip


def hook_deliveries(call: Call) -> Reply:
    found = deliveries(
        call.store, call.client, _int(call, "id", call.params["id"]), actor=call.actor
    )
    return Reply({"deliveries": [shapes.delivery(d) for d in found]})
