"""HTML in any text a user can type never reaches an HTML output as markup: the shared maps (public
and internal), the monthly report and the meeting minutes all carry it as text."""

from __future__ import annotations

import datetime as dt

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import ConcernCategory, MeetingKind
from consultations.households.service import edit_household
from consultations.households.store import households_of
from consultations.meetings.minutes import meeting_minutes, minutes_html
from consultations.meetings.service import (
    Attendee,
    MeetingRecord,
    Promise,
    RaisedConcern,
    log_meeting,
)
from consultations.projects.service import find_project
from consultations.reporting.map_export import map_html
from consultations.reporting.monthly_report import monthly_report, report_html
from consultations.reporting.options import Audience
from consultations.reporting.palette import STATUS_COLOURS
from translations import local_today

PAYLOADS = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>", '"><svg onload=alert(3)>']


def test_no_payload_in_any_text_field_reaches_any_html_output_as_markup(demo_store: Store) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    today = local_today()
    img, script, svg = PAYLOADS
    with demo_store.read() as conn:
        households = [h for h in households_of(conn, project.id) if h.affected]
    first = households[0]
    edit_household(demo_store, first.id, first.version,
                   {"head_name": img, "village": script, "notes": svg}, actor=operator("t"))  # fmt: skip
    meeting_id = log_meeting(
        demo_store, project.id,
        MeetingRecord(
            kind=MeetingKind.DIALOGUE, held_at=dt.datetime.now(dt.UTC), place=img, chair_name=script,
            chair_title=svg, officials=img, summary=script,
            attendees=(Attendee(name=svg, sex="F", household_id=first.id),),
            concerns=(RaisedConcern(household_id=first.id, category=ConcernCategory.OTHER, text=img, answer=script),),
            commitments=(Promise(text=svg, promised_by=img, due_on=today),),
        ),
        actor=operator("t"))  # fmt: skip
    outputs = {
        "public map": map_html(demo_store, project, Audience.PUBLIC, STATUS_COLOURS, show_names=True, actor=operator("t")),
        "internal map": map_html(demo_store, project, Audience.INTERNAL, STATUS_COLOURS, actor=operator("t")),
        "report": report_html(monthly_report(demo_store, project, today.strftime("%Y-%m"), actor=operator("t"))),
        "minutes": minutes_html(meeting_minutes(demo_store, meeting_id, actor=operator("t"))),
    }  # fmt: skip
    for name, page in outputs.items():
        for payload in PAYLOADS:
            assert payload not in page, f"{payload} as markup in the {name}"
    minutes = outputs["minutes"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in minutes  # there, as text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in minutes
