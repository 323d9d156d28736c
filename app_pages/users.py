"""Users (administrators): who may sign in, with which role, in which projects and communes."""

import pandas as pd
import streamlit as st

from consultations.accounts.service import create_user, list_users, set_access, set_password
from consultations.accounts.staffing import places_to_assign
from consultations.core.access import Role, Scope
from consultations.projects.service import list_projects
from translations import _, format_datetime
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.notices import digest_contact_form
from ui.session import session_token
from ui.widgets import pick_many, table

store, actor = page_frame(_("Users"), project=False)
with shown_errors():
    users = list_users(store, actor=actor)
    projects = {p.id: p for p in list_projects(store)}
    # Each project's communes as it declares them too: a new project without parcels offers them.
    places = [(p.project_id, p.commune) for p in places_to_assign(store, actor=actor)]


def scope_text(scopes: tuple[Scope, ...]) -> str:
    return "; ".join(
        f"{projects[s.project_id].slug if s.project_id in projects else s.project_id}"
        + (f" / {s.commune}" if s.commune else "")
        for s in scopes
    )


listing = pd.DataFrame({
    _("User name"): [u.username for u in users],
    _("Full name"): [u.full_name for u in users],
    _("Role"): [u.role.label for u in users],
    _("Active"): [_("yes") if u.active else _("no") for u in users],
    _("Where (field officers, chairs)"): [
        _("every project") if u.role is Role.CHAIR and not u.scopes else scope_text(u.scopes)
        for u in users
    ],
    _("Locked until"): [format_datetime(u.locked_until) for u in users],
})  # fmt: skip
table(listing, hide_index=True, width="stretch")


def scope_label(choice: tuple[int, str | None]) -> str:
    project_id, commune = choice
    name = projects[project_id].name if project_id in projects else str(project_id)
    return name + (f" · {commune}" if commune else " · " + _("all communes"))


adding = RecordForm("new-user")
with st.form(adding.id):
    st.subheader(_("Add a user"))
    username = st.text_input(_("User name"))
    full_name = st.text_input(_("Full name"))
    # The least right first: a user added without choosing a role reads, never administers.
    role = st.selectbox(_("Role"), list(Role), index=list(Role).index(Role.VIEWER),
                        format_func=lambda r: r.label)  # fmt: skip
    scopes = pick_many(
        _(
            "Projects and communes (field officers; a chair: whole projects, none for every project)"
        ),
        places,
        format_func=scope_label,
    )
    password = st.text_input(_("First password (at least 10 characters)"), type="password")
    if st.form_submit_button(_("Add")):
        created = attempt(lambda: create_user(
            store, username, password, Role(str(role)), actor=actor, full_name=full_name or None,
            scopes=[Scope(p, c) for p, c in scopes],
            key=submission_key("user-add", username, role, scopes, full_name),
        ))  # fmt: skip
        if created is not None:
            adding.saved(_("{name} can now sign in.").format(name=username.strip()))

names = [u.username for u in users]
if names:
    st.subheader(_("Change a user"))
    name = st.selectbox(_("User name"), names, key="change-user-name")
    current = next(u for u in users if u.username == name)
    had = [(s.project_id, s.commune) for s in current.scopes]
    changing = RecordForm("change-user", name)
    with st.form(changing.id):  # shows this user as they are now
        new_role = st.selectbox(_("Role"), list(Role), index=list(Role).index(current.role),
                                format_func=lambda r: r.label)  # fmt: skip
        # Every place the user holds is shown, offered or not: a save never drops one unseen.
        new_scopes = pick_many(_("Projects and communes (field officers; a chair: whole projects, none for every project)"),
                               [*places, *(s for s in had if s not in places)], had,
                               format_func=scope_label, key=f"change-scopes-{name}")  # fmt: skip
        active = st.checkbox(_("Active"), value=current.active)
        new_password = st.text_input(_("New password (leave empty to keep)"), type="password")
        if st.form_submit_button(_("Save")):
            access_changed = (Role(str(new_role)) != current.role or
                              active != current.active or sorted(new_scopes, key=str) != sorted(had, key=str))  # fmt: skip
            ok: int | None = 0
            if access_changed:  # only what was changed: a new password keeps the communes
                ok = attempt(lambda: set_access(
                    store, str(name), role=Role(str(new_role)), active=active,
                    scopes=[Scope(p, c) for p, c in new_scopes], actor=actor,
                    key=submission_key("user-access", name, new_role, new_scopes, active),
                ))  # fmt: skip
            if ok is not None and new_password:
                ok = attempt(lambda: set_password(
                    store, str(name), new_password, actor=actor, keep_session=session_token(),
                    key=submission_key("user-password", name, new_password),
                ))  # fmt: skip
            if ok is not None and (access_changed or new_password):
                changing.saved(_("Saved."))
            elif ok is not None:
                st.info(_("Nothing was changed, so nothing was saved."))
    digest_contact_form(store, actor, str(name))
