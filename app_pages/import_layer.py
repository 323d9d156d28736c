"""Import: a land-office layer into a project, seen on a map and checked before anything is saved."""

import dataclasses
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from consultations.core.feed import feed_counters
from consultations.core.labels import parcel_labels
from consultations.core.records import ProjectKind
from consultations.jobs.service import queue_import
from consultations.land.kinds import KIND_FIELDS, ImportOptions, LayerKind, field_label
from consultations.land.preview import preview_rows, projects_to_import_into
from consultations.land.reports import change_lines
from consultations.projects.model import corridor_width_rule, tower_side_rule
from consultations.reporting.maps import project_land
from geo.crs import crs_choices
from geo.encodings import ENCODINGS, decode
from geo.fields import AREA_TOLERANCE
from geo.formats import KNOWN_SUFFIXES, SIDECAR_SUFFIXES
from geo.maps import layers_map, use_local_leaflet
from translations import _
from ui.cached import cached_effects, cached_features, cached_inspection, cached_preview
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import attempt
from ui.frame import page_frame
from ui.jobs import job_panel
from ui.numbers import number_field, read_float
from ui.store import LEAFLET_URL
from ui.uploads import discard, dropped_on_refusal, save_uploads
from ui.widgets import no_project_yet, plain, table

store, actor = page_frame(_("Import a layer"), project=False, saves=False)
with shown_errors():
    projects = {p.name: p for p in projects_to_import_into(store, actor=actor)}
if not projects:
    no_project_yet()
    st.stop()
names = list(projects)
remembered = [n for n, p in projects.items() if p.slug == st.session_state.get("project_slug")]
project = projects[
    st.selectbox(_("Project"), names, index=names.index(remembered[0]) if remembered else 0)
    or names[0]
]
land = cached_features(store, project)[0]
kinds = list(LayerKind)
# The sensible next layer first: the line or boundary, then towers, then parcels.
first = (
    (LayerKind.CENTRELINE if project.kind is ProjectKind.POWER_LINE else LayerKind.BOUNDARY)
    if land.corridors.empty
    else LayerKind.TOWERS
    if project.kind is ProjectKind.POWER_LINE and land.towers.empty and land.parcels.empty
    else LayerKind.PARCELS
)
kind = LayerKind(
    st.selectbox(_("What the layer holds"), kinds, index=kinds.index(first),
                 format_func=lambda k: k.label, key=f"layer-kind-{project.slug}")
    or first
)  # fmt: skip
uploads = st.file_uploader(
    _("Layer file: zipped shapefile, GeoPackage, GeoJSON, KML/KMZ, DXF, MapInfo TAB or CSV"),
    accept_multiple_files=True,
)
upload_now = tuple((u.name, u.size) for u in uploads or ())
if upload_now != st.session_state.get("import_job_upload"):
    st.session_state.pop("import_job", None)  # another file: the last import's result is put away
job_panel(store, actor, st.session_state.get("import_job") if uploads else 0)
if not uploads:
    st.stop()

with shown_errors(), dropped_on_refusal():
    key = tuple((u.name, u.size) for u in uploads)
    if st.session_state.get("upload_key") != key:
        st.session_state.upload_key = key
        st.session_state.upload_path = save_uploads(
            uploads, sorted({*KNOWN_SUFFIXES, *SIDECAR_SUFFIXES})
        )
    path = st.session_state.upload_path
    layers = cached_inspection(store, project, path, kind, None, None, None, actor=actor).layers
    layer_name = st.selectbox(_("Layer"), layers) if len(layers) > 1 else None
    upload = cached_inspection(store, project, path, kind, layer_name, None, None, actor=actor)
    samples = upload.samples
    encoding = None
    if upload.encoding_question:
        st.warning(plain(upload.encoding_question))
    if samples:
        previews = {}
        for name in ENCODINGS:
            try:
                previews[name.upper()] = [decode(s, name) for s in samples]
            except UnicodeDecodeError:
                previews[name.upper()] = ["—"] * len(samples)
        st.caption(_("How the text reads in each encoding: choose the one that reads right."))
        table(pd.DataFrame(previews), hide_index=True)
        offered = list(ENCODINGS) if upload.encoding_question else ["auto", *ENCODINGS]
        choice = st.radio(
            _("Text encoding"), offered, horizontal=True,
            index=offered.index("cp1252") if upload.encoding_question else 0,
            format_func=lambda e: _("detect") if e == "auto" else e.upper(),
        )  # fmt: skip
        encoding = None if choice == "auto" else choice

    choices = {c.epsg: c.label for c in crs_choices()}
    crs_epsg = None
    missing = cached_inspection(
        store, project, path, kind, layer_name, encoding, None, actor=actor
    ).missing_crs
    if missing:
        st.warning(plain(missing))
        default = project.crs_epsg if project.crs_epsg in choices else next(iter(choices))
        crs_epsg = st.selectbox(
            _("Coordinate system of the file"), list(choices),
            index=list(choices).index(default), format_func=lambda e: f"EPSG:{e} · {choices[e]}",
        )  # fmt: skip

    inspection = cached_inspection(
        store, project, path, kind, layer_name, encoding, crs_epsg, actor=actor
    )
    columns, suggested = list(inspection.columns), inspection.suggested
    st.subheader(_("Columns"))
    mapping = {}
    cells = st.columns(3)
    for i, ours in enumerate(KIND_FIELDS[kind]):
        offered = ["", *columns]
        chosen = cells[i % 3].selectbox(
            field_label(ours), offered, index=offered.index(suggested[ours]) if suggested.get(ours) in offered else 0,
            key=f"map-{kind}-{ours}", format_func=lambda c: c or _("(no column)"),
        )  # fmt: skip
        if chosen:
            mapping[ours] = chosen
    width_m = tower_side_m = None
    if kind is LayerKind.BOUNDARY:
        width_rule = corridor_width_rule(_("Road width in metres, if the file holds a centreline"))
        width_text = number_field(width_rule, key="import:width-m", value=project.corridor_width_m,
                                  placeholder=_("the project's corridor width"),
                                  help=_("Empty: the project's corridor width (set on the Project set-up page)."))  # fmt: skip
        with shown_errors():
            width_m = read_float(width_text, width_rule)
    if kind is LayerKind.TOWERS:
        side_rule = dataclasses.replace(
            tower_side_rule(), label=_("Foundation side in metres, for tower points")
        )
        side_text = number_field(
            side_rule, key="import:tower-side-m", value=project.tower_side_m or 10
        )
        with shown_errors():
            tower_side_m = read_float(side_text, side_rule)
    tolerance = AREA_TOLERANCE
    if kind is LayerKind.PARCELS:
        tolerance = st.slider(
            _("List parcels whose recorded area differs from the drawn area by more than (%)"),
            1, 50, int(AREA_TOLERANCE * 100),
        ) / 100  # fmt: skip
    # Today's commune a person chose for each old name that went several ways (asked below, once
    # the preview has found them), keyed by the upload: another file asks afresh.
    picked = f"old-commune:{path}:"
    communes = tuple(
        (str(k).removeprefix(picked), str(v))
        for k, v in sorted(st.session_state.items())
        if str(k).startswith(picked) and v
    )
    import_options = ImportOptions(
        layer_name, crs_epsg, encoding, mapping, width_m, tower_side_m, tolerance, communes
    )
    with st.spinner(_("Reading and checking the layer…")):
        prepared = cached_preview(store, project, path, kind, import_options, actor=actor)

st.subheader(_("Check before saving"))
for line in prepared.preview().lines:
    st.markdown("• " + plain(line))
split = prepared.report.get("communes", {}).get("split", [])
for name, old, options, count, _choice in split:
    st.selectbox(
        _("Today's commune of the {n} parcels of {old}").format(n=count, old=old),
        ["", *options], key=f"{picked}{name}", format_func=lambda c: c or _("(choose)"),
    )  # fmt: skip
unassigned = any(choice is None for *_rest, choice in split)
land = project_land(store, project)
effects, reasons = cached_effects(store, project, path, kind, import_options, actor=actor)
st.subheader(_("What saving would change"))
for line in change_lines(effects):
    st.markdown("• " + plain(line))
labels = parcel_labels(land.parcels)
retiring = land.parcels[labels.isin(effects.parcels_retired)]
fmap = layers_map(
    [
        (land.corridors, "#d55e00", _("Corridor")),
        (land.parcels, "#777777", _("Parcels already stored")),
        (retiring, "#cc0000", _("Stored parcels this layer would retire")),
        (prepared.features, "#0072b2", prepared.source_name),
    ]
)
use_local_leaflet(fmap, LEAFLET_URL)
st_folium(fmap, height=420, use_container_width=True, returned_objects=[], key="import-preview")
table(preview_rows(prepared.features), hide_index=True)

# The land as this preview first showed it: a second click after the save finds the same number
# here, so it is the same submission and is recorded once.
land_seen = st.session_state.setdefault(
    submission_key("import-preview", project.id, prepared.source_bytes),
    feed_counters(store, project.id).land,
)
confirmed = False
if reasons:
    st.warning(
        _("Careful: {reasons}. Check the map and the lists above before saving.").format(
            reasons="; ".join(reasons)
        ),
        icon="⚠️",
    )
    confirmed = st.checkbox(_("I have checked: replace the stored layer with this one"))
if unassigned:
    st.info(_("Choose today's commune for each old name above before saving."), icon="ℹ️")
if st.button(
    _("Save into the project"), type="primary",
    disabled=unassigned or (bool(reasons) and not confirmed),
):  # fmt: skip
    # The worker saves it (cli.py worker): this server stays free for everyone else meanwhile.
    queued = attempt(lambda: queue_import(
        store, project, Path(path), kind, import_options, actor=actor, confirmed=confirmed,
        key=submission_key("import", land_seen, prepared.kind, prepared.source_bytes,
                           prepared.mapping, len(prepared.features)),
    ))  # fmt: skip
    discard(st.session_state.pop("upload_path", None))  # in the database now: the folder goes
    st.session_state.pop("upload_key", None)
    if queued is not None:
        st.session_state.import_job, st.session_state.import_job_upload = queued, upload_now
        st.rerun()  # the panel at the top follows it
