"""Read models over a project for maps and tables: its land in its own CRS coloured by each
household's derived status, where consent stands on a date (``state.py``, named here too), and who
is linked to which parcel.

These read several features in one snapshot (land, households, consent, concerns), so they live on
the reporting side, above the features they read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from consultations.concerns.service import concerns_in
from consultations.consent.model import parcel_statuses
from consultations.core import schema
from consultations.core.access import Action, Actor, readable_households
from consultations.core.database import Connection, Store
from consultations.core.records import ConsentStatus, ParcelStatus, Project
from consultations.households.service import (
    parcel_households_in,
    parcel_people_in,
)
from consultations.land.service import (
    features_in,
    house_rules_in,
    parcels_in,
)
from consultations.reporting.state import state_in


@dataclass(frozen=True)
class ProjectLand:
    """A project's land in its own CRS; ``parcels`` carries ``affected`` and, once coloured by
    ``with_statuses``, ``status``."""

    parcels: gpd.GeoDataFrame
    corridors: gpd.GeoDataFrame
    towers: gpd.GeoDataFrame
    houses: gpd.GeoDataFrame


def land_features(store: Store, project: Project) -> ProjectLand:
    """The project's geometry, which changes only with an import: cache it by ``land_version``."""
    with store.read() as conn:
        return land_in(conn, project)


def land_in(conn: Connection, project: Project) -> ProjectLand:
    """``land_features`` inside a read the caller holds."""
    epsg = project.crs_epsg
    parcels = parcels_in(conn, project.id, epsg)
    corridors = features_in(conn, schema.corridors, project.id, epsg)
    towers = features_in(conn, schema.tower_foundations, project.id, epsg)
    houses = features_in(conn, schema.houses, project.id, epsg)
    rules = house_rules_in(conn, project.id)
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
    links = parcel_households_in(conn, project.id)
    by_parcel = parcel_statuses(links, statuses)
    parcels = land.parcels.assign(
        status=[
            str(by_parcel.get(pid, ParcelStatus.NO_HOUSEHOLD)) for pid in land.parcels.id.tolist()
        ]
    )
    return replace(land, parcels=parcels)


def project_land(store: Store, project: Project, as_of: dt.date | None = None) -> ProjectLand:
    """The land coloured by status on ``as_of``, from one read of the store."""
    with store.read() as conn:
        statuses = state_in(conn, project, as_of).statuses
        return coloured_in(conn, project, land_in(conn, project), statuses)


@dataclass(frozen=True)
class ParcelPeople:
    """Who is linked to which parcel, as one reader may see it: a table read model, one row per
    (parcel, household) link with ``parcel_id``, ``household_id``, ``code``, ``head_name``,
    ``village``, ``vulnerable`` and ``concerns`` (the categories of its open concerns)."""

    rows: pd.DataFrame


def parcel_people(store: Store, project: Project, *, actor: Actor) -> ParcelPeople:
    """A field officer gets the households of the communes assigned; a role that may not read
    personal data here (a viewer, a chair of other projects) gets each link's parcel and village
    only (no code, name, vulnerability or concern), so a filter cannot point at a vulnerable
    household it may not see."""
    personal = actor.may_in(Action.READ_PERSONAL, project.id)
    with store.read() as conn:
        readable = readable_households(conn, actor, project.id) if personal else None
        people = parcel_people_in(conn, project.id)
        concerns = concerns_in(conn, project.id) if personal else None
    if readable is not None:
        people = people[people.household_id.isin(readable)]
    stated = people.pop("vulnerability")
    if concerns is None:
        return ParcelPeople(people.assign(
            code=None, head_name=None, vulnerable=False, concerns=[frozenset()] * len(people)
        ))  # fmt: skip
    open_concerns = concerns[concerns.resolved_on.isna()] if not concerns.empty else concerns
    categories: dict[int, frozenset[str]] = (
        open_concerns.groupby("household_id")["category"].agg(frozenset).to_dict()
        if len(open_concerns) else {}
    )  # fmt: skip
    return ParcelPeople(people.assign(
        vulnerable=stated.notna() & ~stated.isin(["[]", "null", ""]),
        concerns=[categories.get(h, frozenset()) for h in people.household_id.tolist()],
    ))  # fmt: skip
