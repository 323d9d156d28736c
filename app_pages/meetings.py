"""Meetings: the log of meetings, one meeting's record, and a form to log a new one."""

import datetime as dt

import pandas as pd
import streamlit as st

from consultations.core.records import ConcernCategory, ConsentStatus, MeetingKind
from consultations.households.service import households_seen_by
from consultations.meetings.service import (
    Attendee,
    ConsentChange,
    MeetingRecord,
    Poll,
    Promise,
    RaisedConcern,
    attendance_seen_by,
    files_of_meeting,
    log_meeting,
    parcels_of_households,
    poll_results,
    project_meetings,
)
from translations import LOCAL_TZ, _, format_datetime, local_today
from ui.commands import submission_key
from ui.corrections import meeting_correction
from ui.editing import may_record
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.notices import invitation_section
from ui.uploads import checked_attachment
from ui.widgets import evidence_files, pick_many, table

store, actor, project = page_frame(_("Meetings"))
with shown_errors():
    households = {h.id: h for h in households_seen_by(store, project.id, actor=actor)}
    meetings = {m.id: m for m in project_meetings(store, project.id, actor=actor)}

if meetings:
    table(
        [{_("When"): format_datetime(m.held_at), _("Kind"): m.kind.label, _("Place"): m.place,
          _("Chair"): m.chair_name} for m in meetings.values()],
        hide_index=True, width="stretch",
    )  # fmt: skip
    if "meeting-just-logged" in st.session_state:  # opened after its save, to correct at once
        st.session_state["meeting-chosen"] = st.session_state.pop("meeting-just-logged")
    chosen = st.selectbox(
        _("Open a meeting"), list(meetings), key="meeting-chosen",
        format_func=lambda i: f"{format_datetime(meetings[i].held_at)} · {meetings[i].kind.label} · {meetings[i].place}",
    )  # fmt: skip
    meeting = meetings[int(chosen)]
    st.subheader(f"{meeting.kind.label} · {format_datetime(meeting.held_at)}")
    st.text(meeting.summary)
    if may_record(actor, project, say=False):  # the meeting just logged in error
        meeting_correction(store, actor, project, meeting)
    with shown_errors():
        kept = files_of_meeting(store, project.id, meeting.id, actor=actor)
    if kept:
        st.caption(_("Minutes, photos and other files of the meeting"))
        evidence_files(store, kept, actor)
    with shown_errors():
        attendance = attendance_seen_by(store, project.id, meeting.id, actor=actor)
        tallies = poll_results(store, project.id, meeting.id, actor=actor)
    st.caption(
        _("{n} attended, of whom {women} women").format(n=attendance.total, women=attendance.women)
    )
    sexes = {"F": _("Woman"), "M": _("Man")}
    table(
        attendance.rows.assign(sex=attendance.rows.sex.map(lambda s: sexes.get(s, ""))).rename(
            columns={"attendee_name": _("Name"), "sex": _("Sex"), "role": _("Role at the meeting"),
                     "household_code": _("Household")}),
        hide_index=True,
    )  # fmt: skip
    for question in dict.fromkeys(t.question for t in tallies):
        st.text(question)
        st.bar_chart(
            pd.Series(
                {t.option: t.votes for t in tallies if t.question == question}, name=_("Votes")
            )
        )

if not may_record(actor, project):  # a chair reads the log; the sentence says why no form
    st.stop()
invitation_section(store, actor, project, households)
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
