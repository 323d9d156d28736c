"""Project set-up (administrators): the steps done and the next one, the settings, who works
where, closing and reopening. Each step is read from the store, so leaving and coming back resumes."""

import dataclasses

import streamlit as st

from consultations.accounts.staffing import ChairReach, assign_chair, assign_communes, project_staff
from consultations.core.records import ProjectKind
from consultations.land.reports import change_lines
from consultations.projects.model import (
    corridor_width_rule,
    half_spread_rule,
    tower_side_rule,
    voltage_rule,
)
from consultations.projects.service import close_project, reopen_project
from consultations.setup.progress import SetupStep, setup_progress
from consultations.setup.settings import (
    DRAWING,
    ProjectSettings,
    SettingsPreview,
    change_settings,
    preview_settings,
)
from geo.crs import crs_choices
from translations import _, format_date
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt, first_shown
from ui.frame import page_frame
from ui.numbers import number_field, read_float
from ui.widgets import pick_many, plain, table

store, actor, project = page_frame(_("Project set-up"))
with shown_errors():
    staff = project_staff(store, project.id, actor=actor)  # administrators only: first
    progress = setup_progress(store, project, actor=actor)
if project.closed:
    st.warning(_("Closed on {date}: its records can be read and exported, not changed.").format(
        date=format_date(project.closed_at.date() if project.closed_at else None)))  # fmt: skip

# --- the steps -----------------------------------------------------------------------------
PAGES = {
    SetupStep.REGISTER: "app_pages/households.py",
    SetupStep.AFFECTED: "app_pages/consent_map.py",
}
st.subheader(_("Steps"))
st.progress(progress.done_count / progress.required_count, text=_("{done} of {total} steps done")
            .format(done=progress.done_count, total=progress.required_count))  # fmt: skip
for state in progress.steps:
    mark = "✔" if state.done else "○"
    extra = "" if state.required else " " + _("(may be left out)")
    st.markdown(f"{mark} {plain(state.label)}{extra}" + (f" · {state.count}" if state.done else ""))
step = progress.next_step
if step is not None and not project.closed:
    st.info(_("Next: {step}.").format(step=step.label))
    if st.button(_("Go to this step"), type="primary", icon=":material/arrow_forward:"):
        st.switch_page(PAGES.get(step.step, "app_pages/import_layer.py"))
elif step is None:
    st.success(_("Set up: its affected list and consent map are ready."))
    if st.button(_("Open the consent map"), icon=":material/map:"):
        st.switch_page("app_pages/consent_map.py")

# --- the settings --------------------------------------------------------------------------
st.subheader(_("Settings"))


def _figures(
    kind: ProjectKind, voltage: str, spread: str, side: str, width: str
) -> tuple[float | None, float | None, float | None, float | None]:
    """The figures typed, read the Vietnamese way ("4,5"), or a sentence naming the field."""
    if kind is ProjectKind.POWER_LINE:
        return (read_float(voltage, voltage_rule()), read_float(spread, half_spread_rule()),
                read_float(side, tower_side_rule()), None)  # fmt: skip
    return None, None, None, read_float(width, corridor_width_rule())


settings_form = RecordForm(
    "project-settings", project.id, version=project.version, record="project"
)
seen, fid = settings_form.seen, settings_form.id
# The settings as this form first showed them: what the user changed is measured against them,
# so taking a newer version after a refusal keeps the user's changes and no one else's is undone.
shown = st.session_state.setdefault(f"_shown:{fid}", ProjectSettings.of(project))
labels = {c.epsg: c.label for c in crs_choices()}
with st.form(fid):
    name = st.text_input(_("Name"), shown.name, key=f"{fid}:name")
    authority = st.text_input(_("Who issues the recovery decisions"), shown.issuing_authority or "",
                              key=f"{fid}:authority")  # fmt: skip
    cols = st.columns(2)
    chair = cols[0].text_input(_("Who chairs it (signs the minutes)"), shown.chair_name or "",
                               key=f"{fid}:chair")  # fmt: skip
    title = cols[1].text_input(_("Their title"), shown.chair_title or "", key=f"{fid}:title")
    cutoff = st.date_input(_("Inventory cut-off date"), shown.cutoff_on, format="DD/MM/YYYY",
                           key=f"{fid}:cutoff")  # fmt: skip
    zones = [e for e in labels if e != 4326]
    crs = st.selectbox(_("Coordinate system of its files"), zones, index=zones.index(shown.crs_epsg)
                       if shown.crs_epsg in zones else 0, format_func=lambda e: labels[e],
                       key=f"{fid}:crs", help=_("Only while no layer is imported."))  # fmt: skip
    voltage, spread, side = shown.voltage_kv, shown.conductor_half_spread_m, shown.tower_side_m
    width = shown.corridor_width_m
    width_text = voltage_text = spread_text = side_text = ""
    if project.kind is not ProjectKind.POWER_LINE:
        width_text = number_field(corridor_width_rule(), key=f"{fid}:width", value=width,
                                  placeholder=_("empty: the boundary is drawn as polygons"))  # fmt: skip
        st.caption(_("A change of width draws again every recovery strip imported as a centreline "
                     "and recomputes the affected list."))  # fmt: skip
    if project.kind is ProjectKind.POWER_LINE:
        line = st.columns(3)
        voltage_text = number_field(
            voltage_rule(), key=f"{fid}:voltage", value=voltage, where=line[0]
        )
        spread_text = number_field(
            half_spread_rule(), key=f"{fid}:spread", value=spread, where=line[1]
        )
        side_text = number_field(tower_side_rule(), key=f"{fid}:side", value=side, where=line[2])
        st.caption(_("A change of voltage, conductor spread or foundation side draws the corridor "
                     "and the foundations again and recomputes the affected list."))  # fmt: skip
    st.caption(_("Such a change is shown first: which parcels and households would enter or leave "
                 "the affected list. It is saved when you confirm it."))  # fmt: skip
    if st.form_submit_button(_("Save the settings"), type="primary", disabled=project.closed) and (
        figures := attempt(
            lambda: _figures(project.kind, voltage_text, spread_text, side_text, width_text)
        )
    ):
        if project.kind is ProjectKind.POWER_LINE:
            voltage, spread, side = figures[:3]
        else:
            width = figures[3]
        typed = ProjectSettings(name, authority, chair, title, cutoff, int(crs or shown.crs_epsg),
                                voltage, spread, side, width)  # fmt: skip
        st.session_state.pop(f"_preview:{fid}", None)  # a new submission: a new preview
        # Only what the user changed on this form; the rest stays as stored now.
        mine = {k: v for k, v in dataclasses.asdict(typed).items() if v != getattr(shown, k)}
        if not mine:
            st.info(_("Nothing was changed, so nothing was saved."))
        else:
            new = dataclasses.replace(ProjectSettings.of(project), **mine)
            key = submission_key("project-settings", project.id, seen, mine)
            if any(k in DRAWING for k in mine):
                # Land would be drawn again: show what would enter and leave the affected list
                # first (nothing is kept), and save under the form below only when confirmed.
                previewed = attempt(lambda: preview_settings(
                    store, project.id, new, seen_version=seen, actor=actor))  # fmt: skip
                if previewed is not None:
                    st.session_state[f"_preview:{fid}"] = (new, key, seen, previewed)
            else:
                done = attempt(lambda: change_settings(
                    store, project.id, new, seen_version=seen, actor=actor, key=key))  # fmt: skip
                if done is not None:
                    settings_form.saved(_("Settings saved."))
pending: tuple[ProjectSettings, str, int, SettingsPreview] | None = st.session_state.get(
    f"_preview:{fid}"
)
if pending is not None:
    # Saved against the version the preview was made from: a change made since is refused.
    new, key, previewed_seen, previewed = pending
    st.markdown("**" + _("What saving these settings would change") + "**")
    for effect in change_lines(previewed.impacts) if previewed.impacts else []:
        st.markdown("• " + plain(effect))
    confirmed = False
    if previewed.reasons:
        st.warning(_("Careful: {reasons}. Check the lists above before saving.").format(
            reasons="; ".join(previewed.reasons)), icon="⚠️")  # fmt: skip
        confirmed = st.checkbox(_("I have checked: save these settings and take these households "
                                  "off the affected list"), key=f"{fid}:confirm")  # fmt: skip
    buttons = st.columns(2)
    if buttons[0].button(_("Confirm and save the settings"), type="primary", key=f"{fid}:save",
                         disabled=bool(previewed.reasons) and not confirmed):  # fmt: skip
        done = attempt(lambda: change_settings(store, project.id, new, seen_version=previewed_seen,
                                               actor=actor, key=key, confirmed=confirmed))  # fmt: skip
        if done is not None:
            st.session_state.pop(f"_preview:{fid}", None)
            said = [_("Settings saved."), *(change_lines(done.impacts) if done.impacts else [])]
            settings_form.saved(" ".join(said))
    if buttons[1].button(_("Cancel"), key=f"{fid}:cancel"):
        st.session_state.pop(f"_preview:{fid}", None)
        st.rerun()
settings_form.stale_warning(_("Someone changed this project's settings since you opened the page."))

# --- who works where -----------------------------------------------------------------------
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

# --- who reviews it ------------------------------------------------------------------------
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

# --- closing -------------------------------------------------------------------------------
st.subheader(_("Reopen this project") if project.closed else _("Close this project"))
closing = RecordForm("close-project", project.id, project.closed)
with st.form(closing.id):
    reason = st.text_input(_("Why (for example the decision's number)"), key=closing.key("reason"))
    if st.form_submit_button(_("Reopen") if project.closed else _("Close")):
        change = reopen_project if project.closed else close_project
        closed = attempt(lambda: change(store, project.id, actor=actor, reason=reason,
                                        key=submission_key("close-project", project.id, reason)))  # fmt: skip
        if closed is not None:
            closing.saved((_("“{name}” is closed.") if closed.closed else _("“{name}” is open again.")).format(
                name=closed.name))  # fmt: skip
