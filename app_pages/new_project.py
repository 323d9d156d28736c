"""New project (administrators): what it is, where it runs, its coordinate system; then its layers."""

import streamlit as st

from consultations.core.records import NewProject, Project, ProjectKind
from consultations.projects.model import (
    became,
    corridor_width_rule,
    half_spread_rule,
    tower_side_rule,
    voltage_rule,
)
from consultations.projects.places import find_province
from consultations.projects.service import (
    create_project,
    places_for_a_new_project,
    what_it_became,
)
from geo.crs import crs_choices
from translations import _
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.numbers import number_field, read_float
from ui.widgets import pick_many

store, actor = page_frame(_("New project"), project=False)
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
chosen: ProjectKind = ProjectKind(kind or ProjectKind.POWER_LINE)
kind = chosen
province = find_province(province_name or "Nghệ An") or places[0]
labels = {c.epsg: c.label for c in crs_choices()}
zones: list[int] = [*province.zones, *(e for e in labels if e not in province.zones and e != 4326)]

creating = RecordForm("new-project")
fid = creating.id
with st.form(fid):  # the same form whatever the province or kind: typing stays
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
    voltage = spread = tower = width = ""
    if kind is not ProjectKind.POWER_LINE:
        width = number_field(corridor_width_rule(), key=f"{fid}:width",
                             placeholder=_("empty: the boundary is drawn as polygons"))  # fmt: skip
    if kind is ProjectKind.POWER_LINE:
        cols = st.columns(3)
        voltage = number_field(voltage_rule(), key=f"{fid}:voltage", value=220, where=cols[0])
        spread = number_field(half_spread_rule(), key=f"{fid}:spread", value=5, where=cols[1])
        tower = number_field(tower_side_rule(), key=f"{fid}:tower", value=12, where=cols[2])
    authority = st.text_input(_("Who issues the recovery decisions"), placeholder=_("e.g. People's Committee of the commune"))  # fmt: skip
    cutoff = st.date_input(_("Inventory cut-off date"), value=None, format="DD/MM/YYYY")
    if st.form_submit_button(_("Create the project"), type="primary"):

        def create() -> Project:
            new = NewProject(
                slug=slug.strip(), name=name, kind=chosen, crs_epsg=int(crs or zones[0]),
                voltage_kv=read_float(voltage, voltage_rule()),
                conductor_half_spread_m=read_float(spread, half_spread_rule()),
                tower_side_m=read_float(tower, tower_side_rule()),
                corridor_width_m=read_float(width, corridor_width_rule()),
                issuing_authority=authority.strip() or None, province=province.name,
                cutoff_on=cutoff, units=tuple(("commune", c) for c in communes),
            )  # fmt: skip
            return create_project(
                store, new, actor=actor, key=submission_key("project-new", *vars(new).values()))  # fmt: skip

        project = attempt(create)
        if project is not None:
            st.session_state.project_slug = project.slug  # the Import page opens on it
            st.session_state.project_created = project.slug
            creating.saved(_("Project “{name}” created. Next: import its layers.").format(
                name=project.name))  # fmt: skip

# People and old papers still name the communes and districts before 2025: say what they became.
former = st.text_input(
    _("A commune or district before 2025? Its name shows today's communes"),
    key=f"former-{province.code}", placeholder=_("e.g. Cát Văn, or Thanh Chương district"),
)  # fmt: skip
if former.strip():
    with shown_errors():
        place = what_it_became(province.name, former, actor=actor)
        st.info(
            became(place) if place else _(
                "“{name}” was neither a commune nor a district of {province} before 2025."
            ).format(name=former.strip(), province=province.name)
        )  # fmt: skip
