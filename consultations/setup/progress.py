"""How far a new project's set-up has come: each step done or not, read from what is stored.

Nothing is kept about the steps themselves, so leaving and coming back resumes where the store
says the project is, and a project is "being set up" until it has land, households and an affected
list: it is shown so on the Overview, never as a finished project with zero everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from consultations.accounts.staffing import officers_in
from consultations.core.access import Action, Actor, require
from consultations.core.database import Connection, Store
from consultations.core.records import Project, ProjectKind
from consultations.households.service import affected_households_in
from consultations.land.service import land_counts_in
from translations import _


class SetupStep(StrEnum):
    LINE = "line"
    TOWERS = "towers"
    PARCELS = "parcels"
    HOUSES = "houses"
    REGISTER = "register"
    AFFECTED = "affected"
    STAFF = "staff"

    def label(self, kind: ProjectKind) -> str:
        if self is SetupStep.LINE:
            return (
                _("Its centreline")
                if kind is ProjectKind.POWER_LINE
                else _("Its recovery boundary")
            )
        return {
            SetupStep.TOWERS: _("Its towers"),
            SetupStep.PARCELS: _("The cadastral parcels"),
            SetupStep.HOUSES: _("The houses (if the land office has them)"),
            SetupStep.REGISTER: _("The household register"),
            SetupStep.AFFECTED: _("The affected list"),
            SetupStep.STAFF: _("Field officers in its communes"),
        }[self]


#: Steps a project may go without and still be under way.
OPTIONAL = frozenset({SetupStep.HOUSES, SetupStep.STAFF})


@dataclass(frozen=True)
class StepState:
    step: SetupStep
    label: str
    done: bool
    count: int
    required: bool


@dataclass(frozen=True)
class SetupProgress:
    """Each step of a project's set-up, in the order they are best done."""

    steps: tuple[StepState, ...]

    @property
    def ready(self) -> bool:
        return all(s.done for s in self.steps if s.required)

    @property
    def next_step(self) -> StepState | None:
        return next((s for s in self.steps if s.required and not s.done), None)

    @property
    def done_count(self) -> int:
        return sum(s.done for s in self.steps if s.required)

    @property
    def required_count(self) -> int:
        return sum(s.required for s in self.steps)


def setup_progress(store: Store, project: Project, *, actor: Actor) -> SetupProgress:
    """The project's set-up as it stands (anyone who may read its figures)."""
    require(actor, Action.READ_FIGURES)
    with store.read() as conn:
        return setup_progress_in(conn, project)


def setup_progress_in(conn: Connection, project: Project) -> SetupProgress:
    """``setup_progress`` in the caller's transaction."""
    land = land_counts_in(conn, project.id)
    households = affected_households_in(conn, project.id)
    power = project.kind is ProjectKind.POWER_LINE
    counts = {
        SetupStep.LINE: land["centrelines"] if power else land["boundaries"],
        SetupStep.PARCELS: land["parcels"],
        SetupStep.HOUSES: land["houses"],
        SetupStep.REGISTER: len(households),
        SetupStep.AFFECTED: sum(households.values()),
        SetupStep.STAFF: sum(1 for o in officers_in(conn, project.id) if o.communes and o.active),
    }
    if power:
        counts[SetupStep.TOWERS] = land["towers"]
    steps = tuple(
        StepState(step, step.label(project.kind), count > 0, count, step not in OPTIONAL)
        for step in SetupStep
        if step in counts
        for count in (counts[step],)
    )
    return SetupProgress(steps)
