"""Project set-up: closing a project (its records kept, read-only) and reopening it."""

from __future__ import annotations

import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.projects.service import close_project, reopen_project
from translations import _
from ui.commands import submission_key
from ui.forms import RecordForm, attempt


def closing_section(store: Store, project: Project, *, actor: Actor) -> None:
    st.subheader(_("Reopen this project") if project.closed else _("Close this project"))
    closing = RecordForm("close-project", project.id, project.closed)
    with st.form(closing.id):
        reason = st.text_input(
            _("Why (for example the decision's number)"), key=closing.key("reason")
        )
        if st.form_submit_button(_("Reopen") if project.closed else _("Close")):
            change = reopen_project if project.closed else close_project
            closed = attempt(lambda: change(store, project.id, actor=actor, reason=reason,
                                            key=submission_key("close-project", project.id, reason)))  # fmt: skip
            if closed is not None:
                closing.saved((_("“{name}” is closed.") if closed.closed else _("“{name}” is open again.")).format(
                    name=closed.name))  # fmt: skip
