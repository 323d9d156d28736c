"""Meetings: the log of meetings, one meeting's record, and a form to log a new one.

Its sections live in ui/meetings/; this file is their table of contents."""

import streamlit as st

from consultations.households.service import households_seen_by
from consultations.meetings.service import project_meetings
from translations import _
from ui.editing import may_record
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.meetings.new_meeting import log_form
from ui.meetings.record import meeting_log
from ui.notices import invitation_section

store, actor, project = page_frame(_("Meetings"))
with shown_errors():
    households = {h.id: h for h in households_seen_by(store, project.id, actor=actor)}
    meetings = {m.id: m for m in project_meetings(store, project.id, actor=actor)}

if meetings:
    meeting_log(store, project, meetings, actor=actor)

if not may_record(actor, project):  # a chair reads the log; the sentence says why no form
    st.stop()
invitation_section(store, actor, project, households)
log_form(store, project, households, actor=actor)
