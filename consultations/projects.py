"""Read use cases over a project: its figures and its land coloured by derived status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from consultations.consent import parcel_statuses, statuses_by_household
from consultations.figures import HeadlineFigures, headline_figures
from consultations.records import ParcelStatus, Project
from consultations.storage import schema
from consultations.storage.database import Store
from consultations.storage.land import features_frame, house_rules_of, parcels_frame
from consultations.storage.meetings import meeting_count
from consultations.storage.people import consent_events_of, households_of, parcel_households
from consultations.storage.projects import all_projects, latest_audit_id, project_by_slug
from consultations.storage.records import concerns_of


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
        rules = house_rules_of(conn, project.id)
        meetings = meeting_count(conn, project.id)
    parcels["affected"] = (parcels.permanent_m2 + parcels.restricted_m2) > 0
    houses["rule"] = [rules.get(int(i)) for i in houses.id] if len(houses) else []
    parcels["status"] = [
        str(by_parcel.get(pid, ParcelStatus.NO_HOUSEHOLD)) for pid in parcels.id.tolist()
    ]
    return ProjectLand(parcels, corridors, towers, houses, meetings)


def data_version(store: Store) -> int:
    """A number that grows with every recorded change: a cache key for derived maps and frames."""
    with store.read() as conn:
        return latest_audit_id(conn)


def parcel_people(store: Store, project: Project) -> pd.DataFrame:
    """One row per (parcel, household): code, name, village, vulnerable, open concern categories."""
    with store.read() as conn:
        links = parcel_households(conn, project.id)
        households = {h.id: h for h in households_of(conn, project.id)}
        concerns = concerns_of(conn, project.id)
    open_concerns = concerns[concerns.resolved_on.isna()] if not concerns.empty else concerns
    categories = (
        open_concerns.groupby("household_id")["category"].agg(set) if len(open_concerns) else {}
    )
    rows = [
        {"parcel_id": parcel_id, "household_id": h.id, "code": h.code, "head_name": h.head_name,
         "village": h.village, "vulnerable": bool(h.vulnerability),
         "concerns": categories.get(h.id, set()) if len(categories) else set()}
        for parcel_id, hids in links.items() for h in (households[i] for i in hids if i in households)
    ]  # fmt: skip
    columns = [
        "parcel_id",
        "household_id",
        "code",
        "head_name",
        "village",
        "vulnerable",
        "concerns",
    ]
    return pd.DataFrame(rows, columns=columns)
