"""Overview: every project's headline figures, and one project's parcels and corridor on a map."""

import datetime as dt
import html

import streamlit as st
from streamlit_folium import st_folium

from consultations.projects import list_projects, project_figures, project_land
from geo.maps import project_map, use_local_leaflet
from translations import _, format_date
from ui.errors import shown_errors
from ui.palette import STATUS_COLOURS, status_categories
from ui.store import LEAFLET_URL, app_store
from ui.widgets import headline_metrics
from workflows.map_export import Audience, map_html

st.title(_("Overview"))
store = app_store()
with shown_errors():
    projects = list_projects(store)
if not projects:
    st.info(_("No project yet. Load the demo projects with: python cli.py load-demo"))
    st.stop()

today = dt.date.today()
st.caption(_("Figures as of {date}").format(date=format_date(today)))
rows = []
for project in projects:
    figures = project_figures(store, project)
    rows.append(
        {
            _("Project"): project.name,
            _("Kind"): project.kind.label,
            _("Affected households"): figures.affected_households,
            _("Agreed (signed)"): figures.agreed,
            _("Has concerns"): figures.concerns,
            _("Refused"): figures.refused,
            _("Not contacted"): figures.not_contacted,
            _("Agreement share"): f"{figures.agreement_share:.0%}",
        }
    )
st.dataframe(rows, hide_index=True, width="stretch")

names = {p.name: p for p in projects}
chosen = names[st.selectbox(_("Project"), list(names))]
with shown_errors():
    headline = project_figures(store, chosen)
    land = project_land(store, chosen)
st.subheader(chosen.name)
st.caption(
    _("Issuing authority: {authority} · Cut-off date: {date} · {meetings} meetings held").format(
        authority=chosen.issuing_authority or "-",
        date=format_date(chosen.cutoff_on),
        meetings=land.meetings,
    )
)
headline_metrics(headline)
categories = status_categories()
fmap = project_map(
    land.parcels.assign(parcel_label=land.parcels.sheet_no + "/" + land.parcels.parcel_no),
    category_column="status",
    categories=categories,
    label_column="parcel_label",
    corridors=land.corridors,
    foundations=land.towers,
    houses=land.houses,
)
use_local_leaflet(fmap, LEAFLET_URL)
st_folium(fmap, height=520, use_container_width=True, returned_objects=[], key=f"map-{chosen.slug}")
counts = land.parcels.loc[land.parcels.affected, "status"].value_counts()
legend = " · ".join(
    f"<span style='color:{c.colour};text-shadow:0 0 1px #000'>■</span> "
    f"{html.escape(c.label)}: {int(counts.get(key, 0))}"
    for key, c in categories.items()
)
st.caption(_("Affected parcels by status"))
st.markdown(legend, unsafe_allow_html=True)

with st.expander(_("Map to share at a meeting (one HTML file, works offline)")):
    audience = st.radio(
        _("Audience"), list(Audience), horizontal=True,
        format_func=lambda a: _("Residents (public)") if a is Audience.PUBLIC else _("Officials (internal)"),
    )  # fmt: skip
    as_of = st.date_input(_("Situation as of"), dt.date.today(), format="DD/MM/YYYY")
    show_names = st.checkbox(_("Show land users' names"), False)
    if st.button(_("Prepare the map")):
        with shown_errors():
            html_map = map_html(store, chosen, Audience(str(audience)), STATUS_COLOURS, as_of=as_of,
                                show_names=show_names, actor="app")  # fmt: skip
        st.download_button(
            _("Download the map"), html_map, file_name=f"{chosen.slug}-{as_of:%Y%m%d}-{audience}.html",
            mime="text/html",
        )  # fmt: skip
