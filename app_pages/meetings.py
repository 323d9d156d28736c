"""Meetings: the log of meetings, one meeting's record, and a form to log a new one."""

import datetime as dt

import streamlit as st

from consultations.households import households_seen_by
from consultations.meeting_log import (
    Attendee,
    ConsentChange,
    MeetingRecord,
    Poll,
    Promise,
    RaisedConcern,
    attendance_seen_by,
    log_meeting,
)
from consultations.records import ConcernCategory, ConsentStatus, MeetingKind
from consultations.storage.people import parcel_households
from consultations.storage.records import meetings_of, poll_tallies
from translations import LOCAL_TZ, _, format_datetime
from ui.errors import shown_errors
from ui.session import current_actor
from ui.store import app_store
from ui.uploads import checked_attachment
from ui.widgets import pick_many, project_picker

st.title(_("Meetings"))
store = app_store()
project = project_picker(store)
with shown_errors():
    households = {h.id: h for h in households_seen_by(store, project.id, current_actor())}
with store.read() as conn:
    meetings = meetings_of(conn, project.id)

if not meetings.empty:
    listing = meetings.assign(
        when=meetings.held_at.map(format_datetime),
        kind=meetings.kind.map(lambda k: MeetingKind(k).label),
    )
    st.dataframe(
        listing[["id", "when", "kind", "place", "chair_name"]].rename(
            columns={"when": _("When"), "kind": _("Kind"), "place": _("Place"), "chair_name": _("Chair")}
        ),
        hide_index=True, width="stretch",
    )  # fmt: skip
    chosen = st.selectbox(_("Open a meeting"), list(meetings.id), format_func=lambda i: f"#{i}")
    meeting = meetings[meetings.id == chosen].iloc[0]
    st.subheader(f"{MeetingKind(meeting.kind).label} · {format_datetime(meeting.held_at)}")
    st.write(meeting.summary or "")
    attendance = attendance_seen_by(store, project.id, int(chosen), current_actor())
    with store.read() as conn:
        tallies = poll_tallies(conn, int(chosen))
    st.caption(
        _("{n} attended, of whom {women} women").format(n=attendance.total, women=attendance.women)
    )
    st.dataframe(attendance.rows, hide_index=True)
    for question, votes in tallies.groupby("question"):
        st.write(f"**{question}**")
        st.bar_chart(votes.set_index("label")["votes"])

with st.expander(_("Log a meeting")), st.form("meeting", clear_on_submit=True):
    kind = st.selectbox(_("Kind"), list(MeetingKind), format_func=lambda k: k.label)
    day = st.date_input(_("Date"), dt.date.today(), format="DD/MM/YYYY")
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
        _("Due"), dt.date.today() + dt.timedelta(days=14), format="DD/MM/YYYY"
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
        with store.read() as conn:
            links = parcel_households(conn, project.id)
        covered = tuple(p for p, hids in links.items() if set(hids) & set(present))
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
        with shown_errors():
            log_meeting(store, project.id, record, actor=current_actor())
        st.success(_("Meeting saved."))
        st.rerun()
