"""Project set-up (administrators): the steps done and the next one, the settings, who works
where, closing and reopening. Each step is read from the store, so leaving and coming back resumes.

Its sections live in ui/project_setup/; this file is their table of contents."""

import streamlit as st

from consultations.accounts.staffing import project_staff
from consultations.setup.progress import setup_progress
from translations import _, format_date
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.project_setup.closing import closing_section
from ui.project_setup.settings import settings_section
from ui.project_setup.staff import chairs_section, officers_section
from ui.project_setup.steps import steps_section

store, actor, project = page_frame(_("Project set-up"))
with shown_errors():
    staff = project_staff(store, project.id, actor=actor)  # administrators only: first
    progress = setup_progress(store, project, actor=actor)
if project.closed:
    st.warning(_("Closed on {date}: its records can be read and exported, not changed.").format(
        date=format_date(project.closed_at.date() if project.closed_at else None)))  # fmt: skip

steps_section(project, progress)
settings_section(store, project, actor=actor)
officers_section(store, project, staff, actor=actor)
chairs_section(store, project, staff, actor=actor)
closing_section(store, project, actor=actor)
