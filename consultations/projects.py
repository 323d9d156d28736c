"""Read use cases over a project: its figures and its land coloured by derived status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from consultations.consent import parcel_statuses
from consultations.figures import HeadlineFigures, figures_from_statuses
from consultations.records import ConsentStatus, ParcelStatus, Project
from consultations.storage import schema
from consultations.storage.database import Connection, Store
from consultations.storage.land import features_frame, house_rules_of, parcels_frame
from consultations.storage.meetings import meeting_count
from consultations.storage.people import (
    household_affected,
    latest_statuses,
    parcel_households,
    parcel_people_rows,
)
from consultations.storage.projects import (
    all_projects,
    project_by_slug,
)
from consultations.storage.records import concerns_of


def list_projects(store: Store) -> list[Project]:
    with store.read() as conn:
        return all_projects(conn)


def find_project(store: Store, slug: str) -> Project:
    with store.read() as conn:
        return project_by_slug(conn, slug)


def counted_on(project: Project, as_of: dt.date | None) -> bool:
    """Whether households are counted on ``as_of``: not before the project's inventory cut-off
    date, when its census had not been taken (a date before the project existed)."""
    return as_of is None or project.cutoff_on is None or as_of >= project.cutoff_on


@dataclass(frozen=True)
class ProjectState:
    """Where consent stands on a date: each household's derived status, and the headline figures."""

    statuses: dict[int, ConsentStatus]
    figures: HeadlineFigures


def project_state(store: Store, project: Project, as_of: dt.date | None = None) -> ProjectState:
    with store.read() as conn:
        return state_in(conn, project, as_of)


def state_in(conn: Connection, project: Project, as_of: dt.date | None) -> ProjectState:
    """``project_state`` inside a read the caller holds (one snapshot for several views)."""
    affected_by_id = household_affected(conn, project.id)
    latest = latest_statuses(conn, project.id, as_of)
    statuses = {i: latest.get(i, ConsentStatus.NOT_CONTACTED) for i in affected_by_id}
    affected_ids = [
        i for i, affected in affected_by_id.items() if affected and counted_on(project, as_of)
    ]
    return ProjectState(statuses, figures_from_statuses(affected_ids, statuses, as_of))


def project_figures(
    store: Store, project: Project, as_of: dt.date | None = None
) -> HeadlineFigures:
    return project_state(store, project, as_of).figures


@dataclass(frozen=True)
class ProjectLand:
    """A project's land in its own CRS; ``parcels`` carries ``affected`` and, once coloured by
    ``with_statuses``, ``status``."""

    parcels: gpd.GeoDataFrame
    corridors: gpd.GeoDataFrame
    towers: gpd.GeoDataFrame
    houses: gpd.GeoDataFrame
    meetings: int = 0


def land_features(store: Store, project: Project) -> ProjectLand:
    """The project's geometry, which changes only with an import: cache it by ``land_version``."""
    with store.read() as conn:
        return land_in(conn, project)


def land_in(conn: Connection, project: Project) -> ProjectLand:
    """``land_features`` inside a read the caller holds."""
    epsg = project.crs_epsg
    parcels = parcels_frame(conn, project.id, epsg)
    corridors = features_frame(conn, schema.corridors, project.id, epsg)
    towers = features_frame(conn, schema.tower_foundations, project.id, epsg)
    houses = features_frame(conn, schema.houses, project.id, epsg)
    rules = house_rules_of(conn, project.id)
    parcels["affected"] = (parcels.permanent_m2 + parcels.restricted_m2) > 0
    houses["rule"] = [rules.get(int(i)) for i in houses.id] if len(houses) else []
    return ProjectLand(parcels, corridors, towers, houses)


def with_statuses(
    store: Store, project: Project, land: ProjectLand, statuses: dict[int, ConsentStatus]
) -> ProjectLand:
    """A copy of ``land`` with each parcel's status derived from its households' ``statuses``."""
    with store.read() as conn:
        return coloured_in(conn, project, land, statuses)


def coloured_in(
    conn: Connection, project: Project, land: ProjectLand, statuses: dict[int, ConsentStatus]
) -> ProjectLand:
    """``with_statuses`` inside a read the caller holds."""
    links = parcel_households(conn, project.id)
    meetings = meeting_count(conn, project.id)
    by_parcel = parcel_statuses(links, statuses)
    parcels = land.parcels.assign(
        status=[
            str(by_parcel.get(pid, ParcelStatus.NO_HOUSEHOLD)) for pid in land.parcels.id.tolist()
        ]
    )
    return replace(land, parcels=parcels, meetings=meetings)


def project_land(store: Store, project: Project, as_of: dt.date | None = None) -> ProjectLand:
    """The land coloured by status on ``as_of``, from one read of the store."""
    with store.read() as conn:
        statuses = state_in(conn, project, as_of).statuses
        return coloured_in(conn, project, land_in(conn, project), statuses)


def parcel_labels(parcels: pd.DataFrame) -> pd.Series:
    """Each parcel's label as people say it, "sheet/parcel" ("?" for a number not recorded)."""
    return parcels.sheet_no.fillna("?") + "/" + parcels.parcel_no.fillna("?")


def parcel_people(store: Store, project: Project) -> pd.DataFrame:
    """One row per (parcel, household): code, name, village, vulnerable, open concern categories."""
    with store.read() as conn:
        people = parcel_people_rows(conn, project.id)
        concerns = concerns_of(conn, project.id)
    open_concerns = concerns[concerns.resolved_on.isna()] if not concerns.empty else concerns
    categories: dict[int, frozenset[str]] = (
        open_concerns.groupby("household_id")["category"].agg(frozenset).to_dict()
        if len(open_concerns) else {}
    )  # fmt: skip
    stated = people.pop("vulnerability")
    return people.assign(
        vulnerable=stated.notna() & ~stated.isin(["[]", "null", ""]),
        concerns=[categories.get(h, frozenset()) for h in people.household_id.tolist()],
    )
