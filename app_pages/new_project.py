"""New project (administrators): what it is, where it runs, its coordinate system; then its layers."""

import streamlit as st

from consultations.core.records import NewProject, ProjectKind
from consultations.projects.places import find_province
from consultations.projects.service import create_project, places_for_a_new_project
from geo.crs import crs_choices
from translations import _
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import attempt, form_id, saved, show_saved
from ui.session import current_actor
from ui.store import app_store
from ui.widgets import pick_many

st.title(_("New project"))
store = app_store()
actor = current_actor()
show_saved()
if st.session_state.get("project_created"):  # the next steps, not a blank form
    left, right = st.columns(2)
    if left.button(_("Import its layers now"), icon=":material/upload_file:", type="primary"):
        st.session_state.pop("project_created")
        st.switch_page("app_pages/import_layer.py")
    if right.button(_("Create another project")):
        st.session_state.pop("project_created")
        st.rerun()
    st.stop()
st.caption(_("After this step: its layers (centreline or recovery boundary, towers, parcels, houses) "
             "on the Import page, its household register on the Households page; then its affected "
             "list and consent map."))  # fmt: skip

with shown_errors():
    places = places_for_a_new_project(actor=actor)
names = [p.name for p in places]
left, right = st.columns(2)
province_name = left.selectbox(_("Province or city"), names, index=names.index("Nghệ An"))
kind = right.selectbox(_("Kind of project"), list(ProjectKind), format_func=lambda k: k.label)
kind = ProjectKind(kind or ProjectKind.POWER_LINE)
province = find_province(province_name or "Nghệ An") or places[0]
labels = {c.epsg: c.label for c in crs_choices()}
zones: list[int] = [*province.zones, *(e for e in labels if e not in province.zones and e != 4326)]

with st.form(form_id("new-project")):  # the same form whatever the province or kind: typing stays
    name = st.text_input(_("Name"), placeholder=_("e.g. 220 kV line Đô Lương – Tương Dương"))
    slug = st.text_input(_("Short name, for addresses and files"), placeholder="duong-day-220kv",
                         help=_("Small letters without accents, digits and hyphens."))  # fmt: skip
    communes = pick_many(
        _("Communes it crosses"), list(province.communes), key=f"communes-{province.code}"
    )
    crs = st.selectbox(
        _("Coordinate system of its files"), zones,
        format_func=lambda e: labels.get(e, f"EPSG:{e}")
        + (" · " + _("the province's zone") if e in province.zones else ""),
    )  # fmt: skip
    voltage = spread = tower = width = None
    if kind is not ProjectKind.POWER_LINE:
        width = st.number_input(
            _("Corridor width (m), for a recovery boundary given as a centreline"), 0.0, 1000.0,
            None, step=1.0, format="%.1f", placeholder=_("empty: the boundary is drawn as polygons"),
        ) or None  # fmt: skip
    if kind is ProjectKind.POWER_LINE:
        cols = st.columns(3)
        voltage = cols[0].number_input(
            _("Voltage (kV)"), 0.0, 1000.0, 220.0, step=1.0, format="%.0f"
        )
        spread = cols[1].number_input(
            _("Centre to outermost conductor (m)"), 0.0, 50.0, 5.0, step=0.5, format="%.1f"
        )
        tower = cols[2].number_input(
            _("Tower foundation side (m)"), 0.0, 100.0, 12.0, step=0.5, format="%.1f"
        )
    authority = st.text_input(_("Who issues the recovery decisions"), placeholder=_("e.g. People's Committee of the commune"))  # fmt: skip
    cutoff = st.date_input(_("Inventory cut-off date"), value=None, format="DD/MM/YYYY")
    if st.form_submit_button(_("Create the project"), type="primary"):
        new = NewProject(
            slug=slug.strip(), name=name, kind=kind, crs_epsg=int(crs or zones[0]),
            voltage_kv=voltage, conductor_half_spread_m=spread, tower_side_m=tower,
            corridor_width_m=width,
            issuing_authority=authority.strip() or None, province=province.name,
            cutoff_on=cutoff, units=tuple(("commune", c) for c in communes),
        )  # fmt: skip
        project = attempt(lambda: create_project(
            store, new, actor=actor, key=submission_key("project-new", *vars(new).values())))  # fmt: skip
        if project is not None:
            st.session_state.project_slug = project.slug  # the Import page opens on it
            st.session_state.project_created = project.slug
            saved(_("Project “{name}” created. Next: import its layers.").format(name=project.name),
                  "new-project")  # fmt: skip
