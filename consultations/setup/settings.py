"""A project's settings changed after it was created, as one audited, versioned command.

What draws land (a power line's voltage, conductor spread and tower foundation side; the width of
a road's recovery strip drawn from its centreline) draws it again from what is stored and runs the
overlay again, as a re-import does, saying which parcels and households enter or leave the
affected list. As on the Import page, that is shown first (``preview_settings``: the change made
in a transaction that is rolled back, so the answer is exact on either database and nothing is
kept) and saved on confirmation; a change that takes households off the list is saved only when
``confirmed``. The coordinate system may change only while the project holds no layer: stored
geometry is in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from consultations.core import schema
from consultations.core.access import Action, Actor, require
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import ConfirmationNeeded, InvalidRecord
from consultations.core.records import Project, ProjectKind
from consultations.core.versions import versioned_update
from consultations.land.service import (
    ImpactChanges,
    destructive,
    land_counts_in,
    recompute_impacts_in,
    redraw_corridors_in,
    resize_towers_in,
    widen_boundaries_in,
)
from consultations.projects.model import (
    corridor_width_problems,
    power_line_problems,
    vn2000_zones,
)
from consultations.projects.service import project_in
from translations import _

#: A power line's settings, which draw its corridor and its foundations.
POWER_LINE = ("voltage_kv", "conductor_half_spread_m", "tower_side_m")
#: The settings that draw land: changing one runs the overlay again.
DRAWING = (*POWER_LINE, "corridor_width_m")


@dataclass(frozen=True)
class ProjectSettings:
    """What an administrator may change on a project once it exists."""

    name: str
    issuing_authority: str | None
    chair_name: str | None
    chair_title: str | None
    cutoff_on: dt.date | None
    crs_epsg: int
    voltage_kv: float | None = None
    conductor_half_spread_m: float | None = None
    tower_side_m: float | None = None
    corridor_width_m: float | None = None

    @classmethod
    def of(cls, project: Project) -> ProjectSettings:
        return cls(**{f.name: getattr(project, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class SettingsChanged:
    """The project as saved, the settings that changed, and, when land was drawn again, what
    entered or left the affected list (None when nothing was drawn again)."""

    project: Project
    changed: tuple[str, ...]
    impacts: ImpactChanges | None


def _problems(project: Project, new: ProjectSettings, layers: int) -> list[str]:
    problems = []
    if not new.name.strip():
        problems.append(_("Give the project its name."))
    if project.kind is ProjectKind.POWER_LINE:
        problems += power_line_problems(
            new.voltage_kv, new.conductor_half_spread_m, new.tower_side_m
        )
    elif any(getattr(new, k) != getattr(project, k) for k in POWER_LINE):
        problems.append(_("Only a power line has a voltage, conductors and towers."))
    problems += corridor_width_problems(new.corridor_width_m)
    if new.crs_epsg != project.crs_epsg:
        if layers:
            problems.append(
                _("The coordinate system cannot change once layers are imported ({n} so far): "
                  "their geometry is stored in it. Import the files again into a new project "
                  "instead.").format(n=layers)
            )  # fmt: skip
        elif new.crs_epsg not in vn2000_zones():
            problems.append(
                _("EPSG:{epsg} is not a VN-2000 zone; choose the province's VN-2000 TM-3 zone.")
                .format(epsg=new.crs_epsg)
            )  # fmt: skip
    return problems


def _tidy(new: ProjectSettings) -> ProjectSettings:
    def text(value: str | None) -> str | None:
        return (value or "").strip() or None

    return replace(new, name=new.name.strip(), issuing_authority=text(new.issuing_authority),
                   chair_name=text(new.chair_name), chair_title=text(new.chair_title))  # fmt: skip


@dataclass(frozen=True)
class SettingsPreview:
    """What saving the settings would do: the settings that would change, what would enter or
    leave the affected list (None when nothing would be drawn again), and what of it needs the
    user's explicit confirmation, in sentences (none: it may be saved as it is)."""

    changed: tuple[str, ...]
    impacts: ImpactChanges | None
    reasons: tuple[str, ...]


class _DryRun(Exception):
    """Raised inside a transaction to roll it back after measuring what it would change."""

    def __init__(self, done: dict[str, Any]) -> None:
        super().__init__()
        self.done = done


def _apply(
    conn: Connection, project_id: int, new: ProjectSettings, seen_version: int, actor: str
) -> dict[str, Any]:
    """Write the changed settings and, when they draw land, draw it again and run the overlay."""
    project = project_in(conn, project_id)
    old = ProjectSettings.of(project)
    changed = {k: v for k, v in asdict(new).items() if v != getattr(old, k)}
    if not changed:
        return {"changed": [], "impacts": None}
    if problems := _problems(project, new, land_counts_in(conn, project_id)["layers"]):
        raise InvalidRecord(" ".join(problems))
    versioned_update(conn, schema.projects, entity="project", row_id=project_id,
                     seen_version=seen_version, values=changed, actor=actor,
                     project_id=project_id)  # fmt: skip
    saved = project_in(conn, project_id)
    impacts = None
    if any(k in changed for k in DRAWING):
        redraw_corridors_in(conn, saved)
        resize_towers_in(conn, saved, project.tower_side_m)
        widen_boundaries_in(conn, saved)
        impacts = asdict(recompute_impacts_in(conn, saved, actor))
    return {"changed": list(changed), "impacts": impacts}


def _reasons(impacts: ImpactChanges | None) -> list[str]:
    # No parcel is retired by a change of settings: only households leaving need confirming.
    return destructive(impacts, 0) if impacts is not None else []


def preview_settings(
    store: Store, project_id: int, new: ProjectSettings, *, seen_version: int, actor: Actor
) -> SettingsPreview:
    """What ``change_settings`` would do with ``new`` now (administrators), nothing kept: the same
    checks and refusals (a stale ``seen_version`` too), the same drawing and overlay, in a
    transaction that is rolled back."""
    require(actor, Action.IMPORT)
    new = _tidy(new)
    try:
        with store.begin() as conn:
            raise _DryRun(_apply(conn, project_id, new, seen_version, str(actor)))
    except _DryRun as dry:
        impacts = ImpactChanges(**dry.done["impacts"]) if dry.done["impacts"] else None
        return SettingsPreview(tuple(dry.done["changed"]), impacts, tuple(_reasons(impacts)))


def change_settings(
    store: Store,
    project_id: int,
    new: ProjectSettings,
    *,
    seen_version: int,
    actor: Actor,
    key: str | None = None,
    confirmed: bool = False,
) -> SettingsChanged:
    """Save ``new`` (administrators) if the project is still at ``seen_version``; a change from
    another tab since is refused with what changed. Only changed settings are written; the same
    ``key`` again records nothing more. A change that would take households off the affected list
    is refused, nothing kept, unless ``confirmed`` (after ``preview_settings`` showed it)."""
    require(actor, Action.IMPORT)
    new = _tidy(new)

    def work(conn: Connection) -> dict[str, Any]:
        done = _apply(conn, project_id, new, seen_version, str(actor))
        impacts = ImpactChanges(**done["impacts"]) if done["impacts"] else None
        if (reasons := _reasons(impacts)) and not confirmed:
            raise ConfirmationNeeded(
                _("Nothing was saved: these settings would change the affected list ({reasons}). "
                  "Check what saving would change; if it is right, confirm it.").format(
                    reasons="; ".join(reasons))
            )  # fmt: skip
        return done

    done = run_once(store, key=key, command="change_settings", actor=str(actor), work=work)
    with store.read() as conn:
        project = project_in(conn, project_id)
    impacts = ImpactChanges(**done["impacts"]) if done["impacts"] else None
    return SettingsChanged(project, tuple(done["changed"]), impacts)
