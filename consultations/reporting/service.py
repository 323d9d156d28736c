"""The chairs' view of one project on a date: where we are, what is stuck, what was promised.

Joins the record (consultations) and the land (geo: which parcels each tower stands on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from consultations.commitments.service import commitments_in
from consultations.concerns.service import concerns_in
from consultations.consent.model import statuses_by_household
from consultations.consent.service import consent_events_in
from consultations.core.access import Action, Actor, Role, require
from consultations.core.database import Store
from consultations.core.records import ConsentStatus, ParcelStatus, Project
from consultations.households.service import households_in, parcel_households_in
from consultations.meetings.service import meetings_in
from consultations.procedure.service import DeadlineState, deadlines, steps_in
from consultations.projects.service import counted_on
from consultations.reporting.figures import (
    AGREEMENT_THRESHOLD,
    HeadlineFigures,
    figures_from_statuses,
)
from consultations.reporting.maps import coloured_in, land_in
from consultations.reporting.options import BACKLOG_DAYS
from consultations.reporting.progress import (
    Grievances,
    activity_of,
    agreed_over_time,
    backlog,
    commitments_as_of,
    concerns_by_category,
    grievance_figures,
    meeting_days_of,
    procedure_funnel,
    project_start,
)
from geo.corridor import parcels_under
from translations import local_today

#: Parcels a tower may stand on once their status is one of these (no household: public or
#: organisation land, handed over by its manager, not by a household's agreement).
CLEAR = {str(ParcelStatus.AGREED), str(ParcelStatus.NO_HOUSEHOLD)}


@dataclass(frozen=True)
class TowerReadiness:
    label: str
    parcels: int  # parcels under the foundation
    clear: int  # of which agreed (or with no household)

    @property
    def ready(self) -> bool:
        return self.clear == self.parcels


@dataclass(frozen=True)
class AreaProgress:
    permanent_m2: float
    permanent_agreed_m2: float
    restricted_m2: float
    restricted_agreed_m2: float


@dataclass(frozen=True)
class Dashboard:
    project: Project
    as_of: dt.date
    figures: HeadlineFigures
    parcels_affected: int
    parcels_agreed: int
    area: AreaProgress
    towers: list[TowerReadiness]
    by_village: pd.DataFrame  # commune, village, affected, agreed, share, above_threshold
    concerns: pd.DataFrame  # open concerns by category
    grievances: Grievances
    overdue_commitments: pd.DataFrame
    deadlines: pd.DataFrame  # near or late: code, head_name, step, date, state
    backlog: pd.DataFrame
    backlog_days: int
    meetings_held: int
    vulnerable: pd.DataFrame  # code, head_name, vulnerability, status
    progress: pd.DataFrame  # day, agreed
    meeting_days: list[dt.date] = field(default_factory=list)
    funnel: pd.DataFrame = field(default_factory=pd.DataFrame)
    people: pd.DataFrame = field(default_factory=pd.DataFrame)  # id, code, commune (affected)
    overdue_total: int = 0  # overdue commitments, counted whole (their texts are shown by scope)

    @property
    def towers_ready(self) -> int:
        return sum(t.ready for t in self.towers)


def _by_village(households: pd.DataFrame, statuses: dict[int, ConsentStatus]) -> pd.DataFrame:
    columns = ["commune", "village", "affected", "agreed", "share", "above_threshold"]
    if households.empty:
        return pd.DataFrame(columns=columns)
    frame = households.assign(
        agreed=[statuses.get(i) is ConsentStatus.AGREED for i in households.id],
        commune=households.commune.fillna("-"),
        village=households.village.fillna("-"),
    )
    grouped = frame.groupby(["commune", "village"], dropna=False).agg(
        affected=("id", "size"), agreed=("agreed", "sum")
    )
    grouped["share"] = (grouped.agreed / grouped.affected).round(4)
    grouped["above_threshold"] = grouped.share > AGREEMENT_THRESHOLD
    return grouped.reset_index()[columns]


def project_dashboard(
    store: Store,
    project: Project,
    as_of: dt.date | None = None,
    backlog_days: int = BACKLOG_DAYS,
    *,
    actor: Actor,
) -> Dashboard:
    """One project's dashboard on ``as_of``, naming only the households ``actor`` may read."""
    require(actor, Action.READ_FIGURES)
    return as_seen_by(_whole_dashboard(store, project, as_of, backlog_days), actor=actor)


def _whole_dashboard(
    store: Store, project: Project, as_of: dt.date | None, backlog_days: int
) -> Dashboard:
    day = as_of or local_today()
    with store.read() as conn:  # one snapshot: every figure of the board from the same moment
        households = households_in(conn, project.id)
        events = consent_events_in(conn, project.id, day)
        links = parcel_households_in(conn, project.id)
        concerns = concerns_in(conn, project.id)
        commitments = commitments_in(conn, project.id)
        meetings = meetings_in(conn, project.id)
        steps = steps_in(conn, project.id)
        statuses = statuses_by_household([h.id for h in households], events, day)
        land = coloured_in(conn, project, land_in(conn, project), statuses)
    affected = [h for h in households if h.affected and counted_on(project, day)]
    affected_ids = [h.id for h in affected]
    parcels = land.parcels
    hit = parcels[parcels.affected]
    agreed = hit[hit.status == str(ParcelStatus.AGREED)]
    under = parcels_under(land.towers, parcels)
    towers = [
        TowerReadiness(str(label), len(p), int(parcels.status.iloc[p].isin(CLEAR).sum()))
        for label, p in zip(land.towers.get("label", pd.Series(dtype=str)), under, strict=True)
    ]
    commune_of: dict[int, str] = {}  # a household's commune: that of its first parcel
    parcel_commune = dict(zip(parcels.id.tolist(), parcels.commune.tolist(), strict=True))
    for parcel_id, household_ids in links.items():
        for household_id in household_ids:
            if household_id not in commune_of and parcel_commune.get(parcel_id):
                commune_of[household_id] = parcel_commune[parcel_id]
    people = pd.DataFrame(
        [{"id": h.id, "code": h.code, "head_name": h.head_name, "village": h.village,
          "commune": commune_of.get(h.id), "vulnerability": h.vulnerability, "added_on": h.added_on}
         for h in affected],
        columns=["id", "code", "head_name", "village", "commune", "vulnerability", "added_on"],
    )  # fmt: skip
    activity = activity_of(events, concerns, steps)
    held = meeting_days_of(meetings)
    meeting_days = sorted(d for d in held if d <= day)
    started = project_start(project, activity, held)
    near_or_late = []
    by_id = {h.id: h for h in affected}
    if not steps.empty:
        for household_id, own in steps[steps.household_id.isin(affected_ids)].groupby(
            "household_id"
        ):
            for d in deadlines(own, day):
                if d.state in (DeadlineState.NEAR, DeadlineState.LATE):
                    person = by_id[int(household_id)]
                    near_or_late.append({"code": person.code, "head_name": person.head_name, "step": d.to_step.label,
                                         "date": d.date, "state": str(d.state)})  # fmt: skip
    commitments_on_day = commitments_as_of(commitments, day)
    overdue = (
        commitments_on_day[commitments_on_day.overdue].sort_values("days_late", ascending=False)
        if not commitments_on_day.empty else commitments_on_day
    )  # fmt: skip
    vulnerable = people[people.vulnerability.map(bool).astype(bool)].assign(
        status=lambda f: [str(statuses.get(i, ConsentStatus.NOT_CONTACTED)) for i in f.id]
    )
    return Dashboard(
        project=project,
        as_of=day,
        figures=figures_from_statuses(affected_ids, statuses, day),
        parcels_affected=len(hit),
        parcels_agreed=len(agreed),
        area=AreaProgress(
            permanent_m2=float(hit.permanent_m2.sum()),
            permanent_agreed_m2=float(agreed.permanent_m2.sum()),
            restricted_m2=float(hit.restricted_m2.sum()),
            restricted_agreed_m2=float(agreed.restricted_m2.sum()),
        ),
        towers=towers,
        by_village=_by_village(people, statuses),
        concerns=concerns_by_category(concerns, day),
        grievances=grievance_figures(concerns, day),
        overdue_commitments=overdue,
        deadlines=pd.DataFrame(
            near_or_late, columns=["code", "head_name", "step", "date", "state"]
        ),
        backlog=backlog(
            people,
            activity,
            statuses,
            day,
            backlog_days,
            since=started,
            created_on=project.created_on,
        ),
        backlog_days=backlog_days,
        meetings_held=len(meeting_days),
        vulnerable=vulnerable,
        progress=agreed_over_time(affected_ids, events, day),
        meeting_days=meeting_days,
        funnel=procedure_funnel(steps, affected_ids, day),
        people=people[["id", "code", "commune"]],
        overdue_total=len(overdue),
    )


def as_seen_by(board: Dashboard, *, actor: Actor) -> Dashboard:
    """The dashboard with only the households ``actor`` may read named in its lists, and only
    their commitments' texts: none for a viewer, those of the communes assigned for a field
    officer, none for a chair of other projects (the figures stay whole)."""
    reads = actor.may_in(Action.READ_PERSONAL, board.project.id)
    if reads and actor.role is not Role.FIELD_OFFICER:
        return board
    if not reads:
        codes: set[str] = set()
    else:
        mine = [s for s in actor.scopes if s.project_id == board.project.id]
        whole = any(s.commune is None for s in mine)
        communes = {s.commune for s in mine}
        codes = {str(c) for c, commune in zip(board.people.code, board.people.commune, strict=True)
                 if mine and (whole or commune in communes or commune is None)}  # fmt: skip
    ids = [int(i) for i, c in zip(board.people.id, board.people.code, strict=True) if c in codes]
    return replace(
        board,
        backlog=board.backlog[board.backlog.code.isin(codes)],
        vulnerable=board.vulnerable[board.vulnerable.code.isin(codes)],
        deadlines=board.deadlines[board.deadlines.code.isin(codes)],
        overdue_commitments=board.overdue_commitments[
            board.overdue_commitments.household_id.isin(ids)
        ]
        if not board.overdue_commitments.empty
        else board.overdue_commitments,
    )
