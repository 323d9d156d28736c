"""The shared HTML map of a project for an audience: what each audience may see, decided here.

``public`` (a meeting with residents): parcel label, areas and status, and the land users' names only
if the official ticks it. Never ID numbers, phones, birth dates, vulnerability or concern texts.
``internal`` (officials): also the parcels' identification codes, household codes and names, and
how many concerns each has open.
Every export is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import geopandas as gpd
import pandas as pd

from consultations.concerns.service import concerns_in, with_ageing
from consultations.core.access import Action, Actor, require
from consultations.core.commands import log_reading
from consultations.core.database import Store
from consultations.core.events import Entity
from consultations.core.labels import parcel_labels, parcel_labels_with_codes
from consultations.core.qr import qr_on_paper
from consultations.core.records import ParcelStatus, Project
from consultations.households.service import households_in, parcel_households_in
from consultations.reporting.figures import HeadlineFigures
from consultations.reporting.maps import coloured_in, land_in, project_land
from consultations.reporting.options import Audience
from consultations.reporting.state import state_in
from geo.parcel_layer import Category
from geo.shared_map import SharedMap, shared_map_html
from geo.static_map import map_png
from translations import _, format_date, format_number, local_today

UNAFFECTED = "unaffected"


def map_categories(colours: dict[ParcelStatus, str]) -> dict[str, Category]:
    categories = {str(s): Category(colours[s], s.label) for s in ParcelStatus}
    categories[UNAFFECTED] = Category("#eeeeee", _("Not affected"))
    return categories


def labelled(parcels: gpd.GeoDataFrame, *, internal: bool) -> gpd.GeoDataFrame:
    """The parcels as a shared map shows them: status (unaffected ones apart), label and areas,
    nothing personal. The identification code is no personal data, but it is the officials' key to
    the land database, not what residents name their parcel by: only the internal map shows it."""
    parcels["status"] = parcels.status.where(parcels.affected, UNAFFECTED)
    parcels["label"] = parcel_labels_with_codes(parcels) if internal else parcel_labels(parcels)
    parcels["area"] = [
        _("{area} m², affected {affected} m²").format(
            area=format_number(a), affected=format_number(p + r)
        )
        for a, p, r in zip(
            parcels.computed_area_m2, parcels.permanent_m2, parcels.restricted_m2, strict=True
        )
    ]
    return parcels


def _headline(figures: HeadlineFigures) -> list[tuple[str, str]]:
    return [
        (_("Affected households"), str(figures.affected_households)),
        (_("Agreed (signed)"), str(figures.agreed)),
        (_("Has concerns"), str(figures.concerns)),
        (_("Refused"), str(figures.refused)),
        (_("Informed"), str(figures.informed)),
        (_("Not contacted"), str(figures.not_contacted)),
    ]


def map_right(audience: Audience, show_names: bool) -> Action:
    """The right a shared map needs, to be made or downloaded: names or the officials' map carry
    personal data."""
    return (
        Action.EXPORT_INTERNAL
        if show_names or audience is Audience.INTERNAL
        else Action.READ_FIGURES
    )


def map_html(
    store: Store,
    project: Project,
    audience: Audience,
    colours: dict[ParcelStatus, str],
    *,
    as_of: dt.date | None = None,
    show_names: bool = False,
    actor: Actor,
    progress: Callable[[float, str], None] | None = None,
) -> str:
    """The shared map; anyone signed in may make the public one, names and the internal one need
    the right to internal exports (``map_right``). ``progress`` hears how far it is (the
    worker's: it may stop the work before the export is logged)."""
    require(actor, map_right(audience, show_names), project_id=project.id)
    with store.read() as conn:  # one snapshot: the figures and the colours agree
        state = state_in(conn, project, as_of)
        land = coloured_in(conn, project, land_in(conn, project), state.statuses)
        figures = state.figures
        households = {h.id: h for h in households_in(conn, project.id)}
        links = parcel_households_in(conn, project.id)
        concerns = (
            concerns_in(conn, project.id) if audience is Audience.INTERNAL else pd.DataFrame()
        )
    internal = audience is Audience.INTERNAL
    parcels = labelled(land.parcels, internal=internal)
    columns = ["label", "area"]
    linked = [[households[h] for h in links.get(pid, []) if h in households] for pid in parcels.id]
    if show_names or audience is Audience.INTERNAL:
        parcels["names"] = ["; ".join(h.head_name for h in hs) or None for hs in linked]
        columns.append("names")
    if audience is Audience.INTERNAL:
        open_counts = (
            with_ageing(concerns, local_today()).query("open").groupby("household_id").size()
            if not concerns.empty else pd.Series(dtype=int)
        )  # fmt: skip
        parcels["households"] = [
            "; ".join(_("{code} ({n} open concerns)").format(code=h.code, n=int(open_counts.get(h.id, 0))) for h in hs) or None
            for hs in linked
        ]  # fmt: skip
        columns.append("households")
    day = as_of or local_today()
    spec = SharedMap(
        title=project.name,
        subtitle=_("Situation as of {date}").format(date=format_date(day))
        + (" · " + _("for officials only") if audience is Audience.INTERNAL else ""),
        categories=map_categories(colours),
        texts={"legend": _("Parcels by status"), "tiles": _("Basemap (needs internet)")},
        headline=_headline(figures),
        qr=None if internal else qr_on_paper(project.slug),  # leads to the public page
    )
    if progress is not None:
        progress(0.5, _("Drawing the map…"))
    html = shared_map_html(
        spec, parcels, columns, corridors=land.corridors, foundations=land.towers
    )
    log_reading(
        store,
        Entity.PROJECT,
        project.id,
        "export_map",
        actor=actor,
        project_id=project.id,
        after={"audience": str(audience), "as_of": day.isoformat(), "names": show_names},
    )
    return html


def map_png_bytes(
    store: Store,
    project: Project,
    colours: dict[ParcelStatus, str],
    *,
    as_of: dt.date | None,
    actor: Actor,
) -> bytes:
    """The printed-report PNG of the same map (public content: labels and status only)."""
    require(actor, Action.READ_FIGURES)
    land = project_land(store, project, as_of)
    parcels = land.parcels
    parcels["status"] = parcels.status.where(parcels.affected, UNAFFECTED)
    day = as_of or local_today()
    png = map_png(
        parcels, map_categories(colours),
        title=f"{project.name} · {_('Situation as of {date}').format(date=format_date(day))}",
        corridors=land.corridors, foundations=land.towers, legend_title=_("Parcels by status"),
    )  # fmt: skip
    log_reading(
        store,
        Entity.PROJECT,
        project.id,
        "export_map",
        actor=actor,
        project_id=project.id,
        after={"audience": "png", "as_of": day.isoformat()},
    )
    return png
