"""Project set-up: the project's settings; a change that draws land again is shown first (what
would enter and leave the affected list) and saved when confirmed."""

from __future__ import annotations

import dataclasses

import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import Project, ProjectKind
from consultations.core.store import Store
from consultations.land.reports import change_lines
from consultations.projects.model import (
    corridor_width_rule,
    half_spread_rule,
    tower_side_rule,
    voltage_rule,
)
from consultations.setup.settings import (
    DRAWING,
    ProjectSettings,
    SettingsPreview,
    change_settings,
    preview_settings,
)
from geo.crs import crs_choices
from translations import _
from ui.commands import submission_key
from ui.forms import RecordForm, attempt
from ui.numbers import number_field, read_float
from ui.widgets import plain


def _figures(
    kind: ProjectKind, voltage: str, spread: str, side: str, width: str
) -> tuple[float | None, float | None, float | None, float | None]:
    """The figures typed, read the Vietnamese way ("4,5"), or a sentence naming the field."""
    if kind is ProjectKind.POWER_LINE:
        return (read_float(voltage, voltage_rule()), read_float(spread, half_spread_rule()),
                read_float(side, tower_side_rule()), None)  # fmt: skip
    return None, None, None, read_float(width, corridor_width_rule())


def settings_section(store: Store, project: Project, *, actor: Actor) -> None:
    st.subheader(_("Settings"))
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
            side_text = number_field(
                tower_side_rule(), key=f"{fid}:side", value=side, where=line[2]
            )
            st.caption(_("A change of voltage, conductor spread or foundation side draws the corridor "
                         "and the foundations again and recomputes the affected list."))  # fmt: skip
        st.caption(_("Such a change is shown first: which parcels and households would enter or leave "
                     "the affected list. It is saved when you confirm it."))  # fmt: skip
        if st.form_submit_button(
            _("Save the settings"), type="primary", disabled=project.closed
        ) and (
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
    settings_form.stale_warning(
        _("Someone changed this project's settings since you opened the page.")
    )
