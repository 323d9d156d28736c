"""Where consent stands in a project on a date: each household's derived status and the headline
figures. Apart from the maps (``maps.py``, which import the land and geopandas) because the
figures need neither: ``cli.py status`` and the dashboards' counts read only households and
consent events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consultations.consent.service import first_consent_day_in, latest_statuses_in
from consultations.core.database import Connection, Store
from consultations.core.records import ConsentStatus, Project
from consultations.households.service import affected_households_in
from consultations.projects.service import counted_on
from consultations.reporting.figures import HeadlineFigures, figures_from_statuses


@dataclass(frozen=True)
class ProjectState:
    """Where consent stands on a date: each household's derived status, and the headline figures."""

    statuses: dict[int, ConsentStatus]
    figures: HeadlineFigures
    since: dt.date | None = None  # the project's first consent event: where its history begins


def project_state(store: Store, project: Project, as_of: dt.date | None = None) -> ProjectState:
    with store.read() as conn:
        return state_in(conn, project, as_of)


def state_in(conn: Connection, project: Project, as_of: dt.date | None) -> ProjectState:
    """``project_state`` inside a read the caller holds (one snapshot for several views)."""
    affected_by_id = affected_households_in(conn, project.id)
    latest = latest_statuses_in(conn, project.id, as_of)
    statuses = {i: latest.get(i, ConsentStatus.NOT_CONTACTED) for i in affected_by_id}
    affected_ids = [
        i for i, affected in affected_by_id.items() if affected and counted_on(project, as_of)
    ]
    return ProjectState(statuses, figures_from_statuses(affected_ids, statuses, as_of),
                        first_consent_day_in(conn, project.id))  # fmt: skip


def project_figures(
    store: Store, project: Project, as_of: dt.date | None = None
) -> HeadlineFigures:
    return project_state(store, project, as_of).figures
