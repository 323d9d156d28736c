"""Project set-up: who works where (field officers and their communes) and who reviews it (chairs
and what they read)."""

from __future__ import annotations

import streamlit as st

from consultations.accounts.staffing import ChairReach, ProjectStaff, assign_chair, assign_communes
from consultations.core.access import Actor
from consultations.core.records import Project
from consultations.core.store import Store
from translations import _
from ui.commands import submission_key
from ui.forms import RecordForm, attempt, first_shown
from ui.widgets import pick_many, table


def officers_section(store: Store, project: Project, staff: ProjectStaff, *, actor: Actor) -> None:
    st.subheader(_("Field officers"))
    assigned = staff.assigned()
    if assigned:
        table(
            [{_("User name"): o.username, _("Full name"): o.full_name or "",
              _("Communes"): ", ".join(c or _("the whole project") for c in o.communes),
              _("Active"): _("yes") if o.active else _("no")} for o in assigned],
            hide_index=True, width="stretch",
        )  # fmt: skip
    else:
        st.caption(_("No field officer works in this project yet."))
    if not staff.officers:
        st.caption(_("There is no field officer account yet: create one on the Users page."))
        if st.button(_("Open the Users page"), icon=":material/manage_accounts:"):
            st.switch_page("app_pages/users.py")
    elif not project.closed:
        officers = {o.username: o for o in staff.officers}
        who = st.selectbox(_("Field officer"), list(officers), key=f"staff-who-{project.id}",
                           format_func=lambda u: f"{officers[u].full_name or u} ({u})")  # fmt: skip
        officer = officers[who or next(iter(officers))]
        staff_form = RecordForm("staff", project.id, officer.username)
        sid = staff_form.id
        shown_officer = first_shown(sid, officer.communes,
                                    _("Someone changed this officer's communes since you opened the page."))  # fmt: skip
        with st.form(sid):
            communes = pick_many(_("Communes they work in"), list(staff.communes),
                                 [c for c in officer.communes if c in staff.communes], key=f"{sid}:c")  # fmt: skip
            if officer.whole_project:
                st.caption(_("Today: the whole project. Choosing communes narrows it."))
            if st.form_submit_button(_("Save their communes")):
                done_officer = attempt(lambda: assign_communes(
                    store, officer.username, project.id, list(communes), seen=shown_officer,
                    actor=actor, key=submission_key("staff", project.id, officer.username,
                                                    officer.communes, communes)))  # fmt: skip
                if done_officer is not None:
                    staff_form.saved(_("{name} now works in: {communes}.").format(
                        name=officer.username, communes=", ".join(c or "-" for c in done_officer.communes)
                        or _("none (taken off this project)")))  # fmt: skip


def chairs_section(store: Store, project: Project, staff: ProjectStaff, *, actor: Actor) -> None:
    st.subheader(_("Chairs"))
    st.caption(_("A chair given no project reads every project of the province; given projects, they "
                 "read the households and internal reports of those only (the figures of all)."))  # fmt: skip
    if not staff.chairs:
        st.caption(_("There is no chair account yet: create one on the Users page."))
    else:
        table(
            [{_("User name"): c.username, _("Full name"): c.full_name or "",
              _("Reads"): c.reach(project.id).label, _("Active"): _("yes") if c.active else _("no")}
             for c in staff.chairs],
            hide_index=True, width="stretch",
        )  # fmt: skip
    if staff.chairs and not project.closed:
        chairs = {c.username: c for c in staff.chairs}
        who_chair = st.selectbox(_("Chair account"), list(chairs), key=f"chair-who-{project.id}",
                                 format_func=lambda u: f"{chairs[u].full_name or u} ({u})")  # fmt: skip
        chair_now = chairs[who_chair or next(iter(chairs))]
        chair_form = RecordForm("chair", project.id, chair_now.username)
        cid = chair_form.id
        shown_chair = first_shown(cid, chair_now.projects,
                                  _("Someone changed this chair's projects since you opened the page."))  # fmt: skip
        with st.form(cid):
            reaches = list(ChairReach)
            reach = st.radio(_("What they read"), reaches, index=reaches.index(chair_now.reach(project.id)),
                             format_func=lambda r: r.label, key=f"{cid}:reach")  # fmt: skip
            if st.form_submit_button(_("Save what they read")):
                done_chair = attempt(lambda: assign_chair(
                    store, chair_now.username, project.id, ChairReach(reach), seen=shown_chair,
                    actor=actor, key=submission_key("chair", project.id, chair_now.username,
                                                    chair_now.projects, reach)))  # fmt: skip
                if done_chair is not None:
                    chair_form.saved(_("{name} now reads: {reach}.").format(
                        name=chair_now.username, reach=done_chair.reach(project.id).label))  # fmt: skip
