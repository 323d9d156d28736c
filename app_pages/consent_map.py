"""Consent map: parcels coloured by status, filtered, as of any date; click one to see its people."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from consultations.core.access import Action
from consultations.core.records import ConcernCategory, ParcelStatus
from consultations.fieldwork.service import flagged_households
from consultations.reporting.palette import status_categories
from consultations.reporting.timeline import household_file
from geo.houses import HouseRule
from geo.maps import feature_at, project_map, restyle_parcels, use_local_leaflet
from geo.parcel_layer import category_codes
from translations import _, format_date, format_number, local_today
from ui.as_of import as_of_slider
from ui.cached import (
    cached_affected_shapes,
    cached_land,
    cached_parcel_labels,
    cached_people,
    cached_state,
)
from ui.editing import may_record
from ui.frame import page_frame
from ui.map_files import shapes_file
from ui.store import LEAFLET_URL
from ui.widgets import headline_metrics, parcel_legend, pick_many, plain, table

store, actor, project = page_frame(_("Consent map"), saves=False)
# Households whose field rows clash (two statuses one day), for those who may read them.
flagged = (
    flagged_households(store, project, actor=actor)
    if actor.may_in(Action.READ_PERSONAL, project.id)
    else {}
)
if flagged:
    st.warning(
        _("{n} households were recorded offline with two statuses for one day and are not yet "
          "reviewed (Field package → Conflicts to review).").format(n=len(flagged))
    )  # fmt: skip
left, right = st.columns([3, 1])
with right:
    as_of = as_of_slider(store, project)
    statuses = pick_many(_("Status"), list(ParcelStatus), format_func=lambda s: s.label)
    people = cached_people(store, project, actor=actor).rows
    villages = sorted(v for v in people.village.dropna().unique())
    chosen_villages = pick_many(_("Village"), villages)
    category = st.selectbox(_("With an open concern about"), [None, *ConcernCategory],
                            format_func=lambda c: "-" if c is None else c.label)  # fmt: skip
    # Vulnerability is sensitive: the filter (which would point at those parcels) only for roles
    # that may read it.
    vulnerable = actor.may_in(Action.READ_PERSONAL, project.id) and st.toggle(
        _("Vulnerable households only")
    )
    basemap = st.radio(_("Basemap"), ["osm", "satellite", "none"], horizontal=True,
                       format_func=lambda b: {"osm": "OpenStreetMap", "satellite": _("Satellite"), "none": _("None")}[b])  # fmt: skip

land = cached_land(store, project, as_of)
parcels = land.parcels[land.parcels.affected]
if statuses:
    parcels = parcels[parcels.status.isin([str(s) for s in statuses])]
selected = people
if chosen_villages:
    selected = selected[selected.village.isin(chosen_villages)]
if category is not None:
    selected = selected[selected.concerns.map(lambda c: str(category) in c)]
if vulnerable:
    selected = selected[selected.vulnerable]
if chosen_villages or category is not None or vulnerable:
    parcels = parcels[parcels.id.isin(selected.parcel_id)]
parcels = parcels.assign(parcel_label=cached_parcel_labels(store, project).loc[parcels.index])
houses = land.houses.assign(
    rule=[
        HouseRule(r).label if isinstance(r, str) else _("outside the corridor")
        for r in land.houses.rule
    ]
)

with left:
    headline_metrics(cached_state(store, project, as_of).figures)
    categories = status_categories()
    # The map's own script holds only what changes with an import (the shapes' file, houses), so
    # streamlit-folium keeps the map on screen; statuses and filters are sent apart and recolour it.
    on_map = land.parcels[land.parcels.affected]
    shown = on_map.id.isin(parcels.id).tolist()
    codes = category_codes(
        [s if keep else None for s, keep in zip(on_map.status.tolist(), shown, strict=True)],
        categories,
    )
    # The shapes themselves are a file the frame fetches once (ui/map_files.py): a rerun sends
    # statuses only. Where no file can be written, the script carries them as before.
    shapes, digest = cached_affected_shapes(store, project)
    fmap = project_map(
        on_map, category_column=None, categories=categories, label_column="parcel_label",
        corridors=land.corridors, foundations=land.towers, houses=houses, basemap=str(basemap),
        shapes=shapes, shapes_file=shapes_file(shapes, digest),
    )  # fmt: skip
    use_local_leaflet(fmap, LEAFLET_URL)
    clicked = st_folium(fmap, height=560, use_container_width=True, key=f"consent-{project.slug}",
                        returned_objects=["last_clicked"], feature_group_to_add=restyle_parcels(codes))  # fmt: skip
    parcel_legend(parcels.status, categories)  # the map colours parcels: its legend counts them

with right:
    point = (clicked or {}).get("last_clicked") or {}
    # Found in the cached land (its spatial index kept between reruns), among the parcels shown.
    among = land.parcels.index.isin(parcels.index)
    at = feature_at(land.parcels, point["lng"], point["lat"], among=among) if point else None
    if at is not None:
        parcel = parcels.loc[land.parcels.index[at]]
        st.subheader(_("Parcel {label}").format(label=plain(parcel.parcel_label)))
        st.caption(ParcelStatus(parcel.status).label)
        here = people[people.parcel_id == parcel.id]
        if not actor.may_in(
            Action.READ_PERSONAL, project.id
        ):  # a viewer sees the parcel's status only
            here = here.iloc[0:0]
            st.caption(_("Your role shows the parcel's status, not who lives there."))
        if here.empty and actor.may_in(Action.READ_PERSONAL, project.id):
            st.caption(_("No household of this parcel to show."))
        for row in here.itertuples():
            record = household_file(store, int(row.household_id), local_today(), actor=actor)
            title = plain(f"{row.code} · {row.head_name} · {row.village or ''}")
            with st.expander(title, expanded=len(here) == 1):
                open_concerns = (
                    int(record.concerns.resolved_on.isna().sum()) if len(record.concerns) else 0
                )
                st.caption(_("{n} open concerns").format(n=open_concerns))
                if int(row.household_id) in flagged:
                    st.warning(_("Recorded offline with two statuses for one day: to review."))
                latest = record.timeline.iloc[::-1].head(8)  # newest first
                for entry in latest.itertuples():
                    st.text(f"{format_date(entry.on)} · {entry.kind} · {entry.what}")
                if may_record(actor, project, say=False):  # straight to its consent form
                    if st.button(_("Open {code} to update it").format(code=row.code),
                                 key=f"open-{row.code}"):  # fmt: skip
                        st.session_state["field-query"] = row.code
                        st.session_state.pop("field-household", None)
                        st.switch_page("app_pages/field_update.py")
                elif st.button(_("Open the file of {code}").format(code=row.code),
                               key=f"file-{row.code}"):  # fmt: skip
                    st.session_state.household_query = row.code
                    st.switch_page("app_pages/households.py")
    else:
        st.caption(_("Click a parcel to see its households."))

# The list is made only while it is open: tens of thousands of rows would travel with every rerun.
listing = st.expander(
    _("Affected parcels ({n}): areas recovered and restricted").format(n=len(parcels)),
    key="consent-map-parcels", on_change="rerun",
)  # fmt: skip
with listing:
    if listing.open:
        area = parcels.computed_area_m2.where(parcels.computed_area_m2 > 0)
        listed = pd.DataFrame({
            _("Parcel"): parcels.parcel_label, _("Commune"): parcels.commune.fillna(""),
            _("Recovered (m²)"): [format_number(v, 1) for v in parcels.permanent_m2],
            _("Under the corridor (m²)"): [format_number(v, 1) for v in parcels.restricted_m2],
            _("Share of the parcel"): [
                "" if pd.isna(s) else f"{format_number(100 * s, 1)} %"
                for s in (parcels.permanent_m2 + parcels.restricted_m2) / area
            ],
            _("Status"): [ParcelStatus(s).label for s in parcels.status],
        })  # fmt: skip
        table(listed, hide_index=True, width="stretch")
