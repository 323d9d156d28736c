"""Saving a prepared layer and recomputing what every parcel, house and household loses.

After any change of land (parcels, corridor, foundations, boundary, houses) the overlay is run again
and the differences are reported: parcels and households entering or leaving the affected list. A
household that leaves keeps all its history; it is only marked no longer affected.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from consultations.core import schema
from consultations.core.access import Action, Actor, require
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store, Table
from consultations.core.errors import ConfirmationNeeded
from consultations.core.labels import parcel_labels
from consultations.core.records import Project
from consultations.households.service import parcel_households_in
from consultations.land import store as _store
from consultations.land.kinds import LayerKind
from consultations.land.layer_import import PreparedLayer, Progress, record_layer_in
from consultations.land.store import (
    active_parcel_count,
    affected_parcel_ids,
    features_frame,
    parcels_frame,
    power_lines,
    replace_impacts,
)
from consultations.land.store_changes import (
    apply_register,
    replace_features,
    replace_house_impacts,
    replace_parcels,
    set_households_affected,
    upsert_units,
)
from geo.corridor import buffer_line, power_corridors, tower_footprints
from geo.houses import house_rules
from geo.matching import matched_parcels
from geo.overlay import parcel_impacts
from translations import _

MIN_AFFECTED_M2 = 0.01  # below this an intersection is a shared edge's rounding, not a loss


@dataclass(frozen=True)
class ImpactChanges:
    affected_parcels: int
    parcels_entered: list[str] = field(default_factory=list)
    parcels_left: list[str] = field(default_factory=list)
    households_entered: list[str] = field(default_factory=list)
    households_left: list[str] = field(default_factory=list)
    parcels_retired: list[str] = field(default_factory=list)
    houses: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SavedParcels:
    """A parcel layer's retired ids, and every parcel of the project now (not read back)."""

    retired: list[int]
    parcels: gpd.GeoDataFrame


def save_layer_in(conn: Any, project: Project, prepared: PreparedLayer, actor: str) -> Any:
    """Store the layer's features; for parcels, what ``SavedParcels`` says (else None)."""
    layer_id = record_layer_in(conn, project, prepared, actor)
    epsg = project.crs_epsg
    features = prepared.features
    if prepared.kind is LayerKind.PARCELS:
        # Retired parcels are candidates too: a parcel that comes back keeps its id and links.
        stored = parcels_frame(conn, project.id, epsg, include_retired=True)
        matches, features = matched_parcels(stored, features)
        done = replace_parcels(conn, project.id, layer_id, features, matches, epsg)
        ids = matches.to_numpy(dtype=object).copy()  # matched: the stored id; else a new one
        ids[~matches.notna().to_numpy()] = done.inserted
        active = features[["sheet_no", "parcel_no", "geometry"]].assign(
            id=ids.astype(int), retired=False
        )
        gone = stored[stored.id.isin(done.retired)][["id", "sheet_no", "parcel_no", "geometry"]]
        now = pd.concat([active, gone.assign(retired=True)], ignore_index=True)
        return SavedParcels(done.retired, gpd.GeoDataFrame(now, geometry="geometry", crs=epsg))
    if prepared.kind is LayerKind.REGISTER:
        rows = prepared.features
        fields = sorted(set(prepared.mapping) - {"sheet_no", "parcel_no", "old_commune"})
        apply_register(conn, rows, list(rows.parcel_id), fields)
        return None
    if prepared.kind is LayerKind.UNITS:
        upsert_units(conn, project.id, features, epsg)
        return None
    corridors = schema.corridors
    table, where = {
        LayerKind.CENTRELINE: (corridors, corridors.c.kind == "power_corridor"),
        LayerKind.BOUNDARY: (corridors, corridors.c.kind == "recovery_boundary"),
        LayerKind.TOWERS: (schema.tower_foundations, None),
        LayerKind.HOUSES: (schema.houses, None),
    }[prepared.kind]
    replace_features(conn, table, project.id, layer_id, features, epsg, where)
    return None


def recompute_impacts_in(
    conn: Any,
    project: Project,
    actor: str,
    retired_ids: list[int] | None = None,
    parcels: gpd.GeoDataFrame | None = None,
) -> ImpactChanges:
    """The overlay again on the project's parcels (``parcels``: those the caller just wrote)."""
    epsg = project.crs_epsg
    before = affected_parcel_ids(conn, project.id)
    if parcels is None:
        parcels = parcels_frame(conn, project.id, epsg, include_retired=True)
    active = parcels[~parcels.retired.astype(bool)]
    zones = features_frame(conn, schema.corridors, project.id, epsg)
    foundations = features_frame(conn, schema.tower_foundations, project.id, epsg)
    power = zones[zones.kind == "power_corridor"]
    boundary = zones[zones.kind == "recovery_boundary"]
    permanent_parts = [*foundations.geometry.values, *boundary.geometry.values]
    permanent = shapely.union_all(permanent_parts) if permanent_parts else None
    corridor = shapely.union_all(power.geometry.values) if len(power) else None
    impacts = parcel_impacts(active.geometry, permanent, corridor)
    impacts["parcel_id"] = active.id.to_numpy()
    impacts = impacts[impacts.affected_m2 > MIN_AFFECTED_M2]
    replace_impacts(conn, project.id, impacts)
    after = set(impacts.parcel_id.tolist())

    houses = features_frame(conn, schema.houses, project.id, epsg)
    rules = house_rules(houses.set_index("id").geometry, power, permanent) if len(houses) else None
    if rules is not None:
        replace_house_impacts(conn, project.id, rules)
    links = parcel_households_in(conn, project.id)
    affected_households = {h for p in after for h in links.get(p, [])}
    entered, left = set_households_affected(conn, project.id, affected_households, actor)

    label_of = pd.Series(parcel_labels(parcels).to_numpy(), index=parcels.id.to_numpy())
    named = (after ^ before) | set(retired_ids or [])
    labels = {int(i): str(v) for i, v in label_of[label_of.index.isin(named)].items()}
    changes = ImpactChanges(
        affected_parcels=len(after),
        parcels_entered=sorted(labels[p] for p in after - before),
        parcels_left=sorted(labels[p] for p in before - after if p in labels),
        households_entered=sorted(entered),
        households_left=sorted(left),
        parcels_retired=sorted(labels[p] for p in retired_ids or [] if p in labels),
        houses=dict(Counter(rules.rule)) if rules is not None else {},
    )
    write_audit(
        conn,
        actor=actor,
        action="overlay",
        entity="project",
        entity_id=project.id,
        project_id=project.id,
        after={k: v for k, v in vars(changes).items()},
    )
    return changes


#: A layer that would retire more than this share of a project's stored parcels, or take any
#: household off the affected list, is carried out only when the user confirms it.
RETIRE_SHARE_LIMIT = float(os.environ.get("CLEARWAY_RETIRE_SHARE", "0.2"))


class _DryRun(Exception):
    """Raised inside a transaction to roll it back after measuring what it would change."""

    def __init__(self, changes: ImpactChanges, stored: int) -> None:
        super().__init__()
        self.changes, self.stored = changes, stored


def destructive(changes: ImpactChanges, stored_parcels: int) -> list[str]:
    """What in ``changes`` needs the user's explicit confirmation, in sentences (none: safe)."""
    reasons = []
    retired = len(changes.parcels_retired)
    if stored_parcels and retired > RETIRE_SHARE_LIMIT * stored_parcels:
        reasons.append(
            _("{n} of the {total} parcels stored would be retired").format(
                n=retired, total=stored_parcels
            )
        )
    if changes.households_left:
        reasons.append(
            _("{n} households would leave the affected list ({codes})").format(
                n=len(changes.households_left),
                codes=", ".join(changes.households_left[:10])
                + (
                    " " + _("and {n} more").format(n=len(changes.households_left) - 10)
                    if len(changes.households_left) > 10
                    else ""
                ),
            )
        )
    return reasons


def _apply(
    conn: Any, project: Project, prepared: PreparedLayer, actor: str, report: Progress
) -> tuple[ImpactChanges, int]:
    stored = active_parcel_count(conn, project.id)
    report(0.1, prepared.source_name)
    saved = save_layer_in(conn, project, prepared, actor)
    report(0.6, prepared.source_name)
    changes = recompute_impacts_in(
        conn, project, actor, saved.retired if saved else [], saved.parcels if saved else None
    )
    report(1.0, prepared.source_name)
    return changes, stored


def import_effects(
    store: Store, project: Project, prepared: PreparedLayer, *, actor: Actor
) -> tuple[ImpactChanges, list[str]]:
    """What saving the layer would change, and what of it needs confirming: the import is carried
    out in a transaction that is then rolled back, so the answer is exact and nothing is kept."""
    require(actor, Action.IMPORT)
    try:
        with store.begin() as conn:
            changes, stored = _apply(conn, project, prepared, str(actor), lambda _s, _t: None)
            raise _DryRun(changes, stored)
    except _DryRun as dry:
        return dry.changes, destructive(dry.changes, dry.stored)


def import_layer(
    store: Store,
    project: Project,
    prepared: PreparedLayer,
    *,
    actor: Actor,
    progress: Progress | None = None,
    key: str | None = None,
    confirmed: bool = False,
) -> ImpactChanges:
    """Save a prepared layer and recompute the impacts, in one transaction; refused (nothing kept)
    while split old communes wait for a person, or unless ``confirmed`` when it retires much or
    takes households off the list. The same ``key`` again (a second "Save") changes nothing."""
    require(actor, Action.IMPORT)
    prepared.refuse_unassigned_communes()
    report = progress or (lambda _share, _text: None)

    def work(conn: Any) -> dict[str, Any]:
        changes, stored = _apply(conn, project, prepared, str(actor), report)
        reasons = destructive(changes, stored)
        if reasons and not confirmed:
            raise ConfirmationNeeded(
                _("Nothing was saved: this layer would change the project a lot ({reasons}). "
                  "Check the preview; if it is right, confirm the replacement.").format(
                    reasons="; ".join(reasons))
            )  # fmt: skip
        return asdict(changes)

    return ImpactChanges(
        **run_once(store, key=key, command="import_layer", actor=str(actor), work=work)
    )


def redraw_corridors_in(conn: Connection, project: Project) -> None:
    """Draw a power line's corridors again from their stored centrelines with the project's
    voltage and conductor spread (after a change of settings); the overlay is the caller's next step."""
    lines = power_lines(conn, project.id, project.crs_epsg)
    if lines.empty or project.voltage_kv is None:
        return
    corridors = power_corridors(lines, project.voltage_kv, project.conductor_half_spread_m or 0.0)
    corridors["kind"] = "power_corridor"
    corridors["name"] = lines["name"].to_numpy()
    c = schema.corridors
    replace_features(conn, c, project.id, int(lines.layer_id.max()), corridors, project.crs_epsg,
                     c.c.kind == "power_corridor")  # fmt: skip


def resize_towers_in(conn: Connection, project: Project, old_side_m: float | None) -> int:
    """Draw again, with the project's new foundation side, the tower foundations that were drawn
    as squares of ``old_side_m`` from tower points (foundation polygons a land office drew keep
    their shape); returns how many. The overlay is the caller's next step."""
    if not old_side_m or not project.tower_side_m or old_side_m == project.tower_side_m:
        return 0
    towers = features_frame(conn, schema.tower_foundations, project.id, project.crs_epsg)
    geoms = towers.geometry.values.to_numpy()
    drawn = (shapely.get_num_coordinates(geoms) == 5) & (
        abs(shapely.area(geoms) - old_side_m**2) <= 0.01 * old_side_m**2
    )
    if not drawn.any():
        return 0
    lines = _store.centrelines(conn, project.id, project.crs_epsg)
    line = shapely.union_all(lines.values) if len(lines) else None
    centres = gpd.GeoSeries(shapely.centroid(geoms[drawn]), crs=project.crs_epsg)
    squares = tower_footprints(centres, project.tower_side_m, line)
    ids = [int(i) for i in towers.id.to_numpy()[drawn]]
    _store.set_geometries(
        conn, schema.tower_foundations, ids, squares.values.to_numpy(), project.crs_epsg
    )
    return len(ids)


# For other features' transactions: the caller holds the connection (entry points never do).
def widen_boundaries_in(conn: Connection, project: Project) -> int:
    """Redraw a road's centreline strips at the project's corridor width; how many (no overlay)."""
    if not project.corridor_width_m:
        return 0
    drawn = _store.drawn_boundaries(conn, project.id)
    if not drawn:
        return 0
    half = project.corridor_width_m / 2
    ids = [i for i, _line in drawn]
    strips = [buffer_line(line, half) for _i, line in drawn]
    _store.set_geometries(
        conn, schema.corridors, ids, np.array(strips, dtype=object), project.crs_epsg
    )
    _store.set_half_widths(conn, ids, half)
    return len(ids)


def land_counts_in(conn: Connection, project_id: int) -> dict[str, int]:
    """How many layers, corridors, towers, parcels, houses and affected parcels the project has."""
    return _store.land_counts(conn, project_id)


def affected_parcel_ids_in(conn: Connection, project_id: int) -> set[int]:
    """The ids of the project's affected parcels."""
    return _store.affected_parcel_ids(conn, project_id)


def features_in(conn: Connection, table: Table, project_id: int, epsg: int) -> gpd.GeoDataFrame:
    """A project's features of one kind (corridors, houses) as a GeoDataFrame."""
    return _store.features_frame(conn, table, project_id, epsg)


def house_rules_in(conn: Connection, project_id: int) -> dict[int, str]:
    """The rule each affected house falls under, by parcel id."""
    return _store.house_rules_of(conn, project_id)


def parcels_in(
    conn: Connection, project_id: int, epsg: int, *, include_retired: bool = False
) -> Any:
    """The project's parcels with their impacts (0 where unaffected), in the project's CRS."""
    return _store.parcels_frame(conn, project_id, epsg, include_retired=include_retired)
