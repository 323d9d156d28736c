"""Whether a page shows its forms: only to someone whose save would be accepted. A chair, a viewer,
or anyone on a closed project reads the records and is told in one sentence why there is no form,
instead of filling one in to be refused at the end. The services still refuse (the rule lives
there); this only spares the wasted typing."""

from __future__ import annotations

import streamlit as st

from consultations.core.access import Action, Actor
from consultations.core.records import Project
from translations import _, format_date


def may_record(actor: Actor, project: Project, *, say: bool = True) -> bool:
    """Whether ``actor`` may record in ``project`` (its commune is checked on saving); if not and
    ``say``, the sentence that says why, once where the forms would be."""
    if project.closed:
        if say:
            st.info(
                _("“{name}” was closed on {date}: its records can be read, not changed. An "
                  "administrator can reopen it.").format(
                    name=project.name,
                    date=format_date(project.closed_at.date() if project.closed_at else None),
                )
            )  # fmt: skip
        return False
    if not actor.may_in(Action.EDIT_RECORDS, project.id):
        if say and actor.may(Action.EDIT_RECORDS):
            st.info(_("This project is not one of the projects assigned to you: you read it, "
                      "you do not record in it."))  # fmt: skip
        elif say:
            st.info(
                _("Your role ({role}) reads these records; field officers and administrators "
                  "record them.").format(role=actor.role.label)
            )  # fmt: skip
        return False
    return True
