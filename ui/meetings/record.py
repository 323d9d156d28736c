"""Meetings: the log of a project's meetings and one meeting's record (its files, who attended,
its polls), corrected at once when just logged in error."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.meetings.service import (
    MeetingSummary,
    attendance_seen_by,
    files_of_meeting,
    poll_results,
)
from translations import _, format_datetime
from ui.corrections import meeting_correction
from ui.editing import may_record
from ui.errors import shown_errors
from ui.widgets import evidence_files, table


def meeting_log(
    store: Store, project: Project, meetings: dict[int, MeetingSummary], *, actor: Actor
) -> None:
    """Every meeting in a table, then the one opened."""
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
