"""Meetings: logging one in a single form (who came, what was signed, raised, promised and
voted), saved in one go."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import (
    ConcernCategory,
    ConsentStatus,
    Household,
    MeetingKind,
    Project,
)
from consultations.core.store import Store
from consultations.meetings.service import (
    Attendee,
    ConsentChange,
    MeetingRecord,
    Poll,
    Promise,
    RaisedConcern,
    log_meeting,
    parcels_of_households,
)
from translations import LOCAL_TZ, _, local_today
from ui.commands import submission_key
from ui.forms import RecordForm, attempt
from ui.uploads import checked_attachment
from ui.widgets import pick_many


def log_form(
    store: Store, project: Project, households: dict[int, Household], *, actor: Actor
) -> None:
    """The form that logs a meeting; the meeting saved opens above."""
    logging = RecordForm("meeting", project.id)
    with st.expander(_("Log a meeting")), st.form(logging.id):
        kind = st.selectbox(_("Kind"), list(MeetingKind), format_func=lambda k: k.label)
        day = st.date_input(_("Date"), local_today(), format="DD/MM/YYYY")
        time = st.time_input(_("Time"), dt.time(8, 0))
        place = st.text_input(_("Place"))
        chair = st.text_input(_("Chair (name)"), project.chair_name or "")
        chair_title = st.text_input(_("Chair (title)"), project.chair_title or "")
        officials = st.text_input(_("Officials present"))
        present = pick_many(_("Households present"), list(households),
                                 format_func=lambda i: f"{households[i].code} · {households[i].head_name}")  # fmt: skip
        signed = pick_many(_("Households that signed their agreement at the meeting"), list(households),
                                format_func=lambda i: f"{households[i].code} · {households[i].head_name}")  # fmt: skip
        summary = st.text_area(_("Summary"))
        concern_category = st.selectbox(_("A concern raised"), [None, *ConcernCategory],
                                        format_func=lambda c: "-" if c is None else c.label)  # fmt: skip
        concern_text = st.text_input(_("The concern"))
        concern_answer = st.text_input(_("The answer given"))
        promise = st.text_input(_("A commitment made"))
        promise_by = st.text_input(_("Promised by"))
        promise_due = st.date_input(
            _("Due"), local_today() + dt.timedelta(days=14), format="DD/MM/YYYY"
        )
        poll_question = st.text_input(_("Poll question (optional)"))
        poll_options = st.text_area(_("Poll options, one per line"))
        poll_votes = st.text_area(_("Votes, one per line: household code = option"))
        files = st.file_uploader(_("Minutes, photos"), accept_multiple_files=True)
        if st.form_submit_button(_("Save meeting"), type="primary"):
            by_code = {h.code: i for i, h in households.items()}
            votes = {}
            for line in poll_votes.splitlines():
                code, _sep, choice = line.partition("=")
                if code.strip() in by_code:
                    votes[by_code[code.strip()]] = choice.strip()
            covered = parcels_of_households(store, project.id, list(present), actor=actor)
            record = MeetingRecord(
                kind=MeetingKind(str(kind)), held_at=dt.datetime.combine(day, time, LOCAL_TZ), place=place,
                chair_name=chair, chair_title=chair_title, officials=officials, summary=summary,
                attendees=tuple(Attendee(households[i].head_name, households[i].head_sex, i) for i in present),
                parcel_ids=covered,
                consent_changes=tuple(
                    ConsentChange(i, ConsentStatus.AGREED, households[i].version, _("Signed at the meeting"))
                    for i in signed
                ),
                concerns=(RaisedConcern(None, ConcernCategory(concern_category), concern_text, concern_answer),)
                if concern_category and concern_text else (),
                commitments=(Promise(promise, promise_by, promise_due),) if promise else (),
                attachments=tuple(checked_attachment(f, f.type) for f in files or []),
                polls=(Poll(poll_question, tuple(o.strip() for o in poll_options.splitlines() if o.strip()), votes),)
                if poll_question else (),
            )  # fmt: skip
            typed = (kind, day, time, place, chair, chair_title, officials, present, signed, summary,
                     concern_category, concern_text, concern_answer, promise, promise_by, promise_due,
                     poll_question, poll_options, poll_votes, files or [])  # fmt: skip
            meeting_id = attempt(lambda: log_meeting(
                store, project.id, record, actor=actor,
                key=submission_key("meeting", project.id, *typed),  # what was typed, not versions
            ))  # fmt: skip
            if meeting_id is not None:
                st.session_state["meeting-just-logged"] = meeting_id
                logging.saved(_("Meeting saved."))
