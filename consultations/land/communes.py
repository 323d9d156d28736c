"""A parcel layer's communes before the 2025 mergers, and today's commune of each parcel.

Land-office files made before 1 July 2025, and most made since, name the old commune ("Xã Cát
Văn"), in the old-commune column or in the commune column itself. Each parcel keeps the names as
the file wrote them (``commune``, ``old_commune``: the cadastral key a re-import and a register
match on) and gains today's commune (``current_commune``) and the old commune's statistics-office
code (``old_commune_code``), resolved in the project's province (``geo.mergers``).

An old commune that was split between new communes, or a name that was several old communes that
went different ways, says nothing certain: the Import page asks a person which of today's communes
its parcels are in (``ImportOptions.communes``) and the import is refused until each is answered.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from consultations.core.errors import InvalidRecord
from consultations.core.records import Project
from geo.mergers import Outcome, Resolution, resolve_commune
from translations import _

_SEPARATOR = "\x1f"  # a character no commune's name holds


def _given(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _districts(project: Project) -> tuple[str, ...]:
    return tuple(name for level, name in project.units if level == "district")


def old_label(resolution: Resolution) -> str:
    """An old commune as people name it: "xã Cát Văn (huyện Thanh Chương)"; the name as written
    when it was several old communes, or none."""
    labels = {o.label for o in resolution.old}
    return labels.pop() if len(labels) == 1 else f"“{resolution.given}”"


def resolve_parcel_communes(
    features: gpd.GeoDataFrame, project: Project, chosen: dict[str, str]
) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    """``features`` with ``current_commune`` and ``old_commune_code``, and what was found, for the
    import's report (JSON): old names resolved (old commune, today's commune, parcels), names split
    or ambiguous (see below), and names not found in the province (name, parcels). ``chosen``: an
    old name as written → today's commune a person gave it. A project without a province (older
    ones) is left as it was."""
    if not project.province or features.empty:
        return features, {}
    districts = _districts(project)
    memo: dict[tuple[str, bool], Resolution] = {}

    def resolved(name: str, old_first: bool) -> Resolution:
        if (name, old_first) not in memo:
            memo[name, old_first] = resolve_commune(
                name, project.province or "", districts=districts, old_first=old_first
            )
        return memo[name, old_first]

    # Each distinct (commune, old commune) pair is resolved once: a layer holds a handful.
    joined = features["commune"].fillna("").astype(str) + _SEPARATOR
    pair_ids, pairs = pd.factorize(joined + features["old_commune"].fillna("").astype(str))
    counts = np.bincount(pair_ids, minlength=len(pairs))
    current: list[str | None] = []
    codes: list[str | None] = []
    merged: Counter[tuple[str, str]] = Counter()
    split: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    for pair, n in zip(pairs, counts.tolist(), strict=True):
        commune, old = (_given(part) for part in str(pair).split(_SEPARATOR))
        today = resolved(commune, False) if commune else None
        named = today.commune if today and today.outcome is Outcome.CURRENT else None
        old_name = old or (commune if commune and named is None else None)
        found = resolved(old_name, True) if old_name else None
        if found is not None and found.outcome is Outcome.MERGED:
            merged[old_label(found), found.communes[0]] += n
            named = named or found.communes[0]
        elif found is not None and found.outcome is Outcome.UNKNOWN:
            unknown[found.given] += n
        elif found is not None and found.outcome is not Outcome.CURRENT and named is None:
            split[found.given] += n
            named = chosen.get(found.given) if chosen.get(found.given) in found.communes else None
        current.append(named if named is not None else found.commune if found else None)
        codes.append(found.old_code if found else None)
    report = {
        "resolved": [[old, new, n] for (old, new), n in sorted(merged.items())],
        "split": [_split(resolved(name, True), n, chosen) for name, n in sorted(split.items())],
        "unknown": [[name, n] for name, n in sorted(unknown.items())],
    }
    return features.assign(
        current_commune=np.array(current, dtype=object)[pair_ids],
        old_commune_code=np.array(codes, dtype=object)[pair_ids],
    ), report


def _split(resolution: Resolution, parcels: int, chosen: dict[str, str]) -> list[Any]:
    """A name that says no one commune of today: [as written, as people know it, today's communes
    it may be, its parcels, the one a person chose (None: not yet)]."""
    choice = chosen.get(resolution.given)
    return [
        resolution.given, old_label(resolution), list(resolution.communes), parcels,
        choice if choice in resolution.communes else None,
    ]  # fmt: skip


def refuse_unassigned(report: dict[str, Any]) -> None:
    """An import whose split old communes a person has not yet assigned changes nothing."""
    waiting = [row[0] for row in report.get("communes", {}).get("split", []) if row[4] is None]
    if waiting:
        raise InvalidRecord(
            _("Nothing was saved: choose which of today's communes the parcels of {names} are in "
              "(since 2025 the land each name stands for lies in several communes).").format(
                names=", ".join(f"“{name}”" for name in waiting))
        )  # fmt: skip
