"""Read use cases over a project: its figures and its land coloured by derived status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd

from consultations.consent import parcel_statuses, statuses_by_household
from consultations.figures import HeadlineFigures, headline_figures
from consultations.records import ParcelStatus, Project
from consultations.storage import schema
from consultations.storage.database import Store
from consultations.storage.land import features_frame, parcels_frame
from consultations.storage.meetings import meeting_count
from consultations.storage.people import consent_events_of, households_of, parcel_households
from consultations.storage.projects import all_projects, project_by_slug


def list_projects(store: Store) -> list[Project]:
    with store.read() as conn:
        return all_projects(conn)


def find_project(store: Store, slug: str) -> Project:
    with store.read() as conn:
        return project_by_slug(conn, slug)


def project_figures(
    store: Store, project: Project, as_of: dt.date | None = None
) -> HeadlineFigures:
    with store.read() as conn:
        return headline_figures(
            households_of(conn, project.id), consent_events_of(conn, project.id, as_of), as_of
        )


@dataclass(frozen=True)
class ProjectLand:
    """A project's land in its own CRS; ``parcels`` carries ``status`` and ``affected``."""

    parcels: gpd.GeoDataFrame
    corridors: gpd.GeoDataFrame
    towers: gpd.GeoDataFrame
    houses: gpd.GeoDataFrame
    meetings: int


def project_land(store: Store, project: Project, as_of: dt.date | None = None) -> ProjectLand:
    epsg = project.crs_epsg
    with store.read() as conn:
        parcels = parcels_frame(conn, project.id, epsg)
        links = parcel_households(conn, project.id)
        households = households_of(conn, project.id)
        statuses = statuses_by_household(
            [h.id for h in households], consent_events_of(conn, project.id, as_of), as_of
        )
        by_parcel = parcel_statuses(links, statuses)
        corridors = features_frame(conn, schema.corridors, project.id, epsg)
        towers = features_frame(conn, schema.tower_foundations, project.id, epsg)
        houses = features_frame(conn, schema.houses, project.id, epsg)
        meetings = meeting_count(conn, project.id)
    parcels["affected"] = (parcels.permanent_m2 + parcels.restricted_m2) > 0
    parcels["status"] = [
        str(by_parcel.get(pid, ParcelStatus.NO_HOUSEHOLD)) for pid in parcels.id.tolist()
    ]
    return ProjectLand(parcels, corridors, towers, houses, meetings)
