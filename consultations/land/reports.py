"""Import reports and overlay changes in plain sentences, for the terminal and the Import page."""

from __future__ import annotations

from typing import Any

from consultations.land.service import ImpactChanges
from geo.houses import HouseRule
from translations import _

SHOWN = 15  # items listed before "and N more"


def _listed(items: list[Any]) -> str:
    shown = ", ".join(str(i) for i in items[:SHOWN])
    return shown + (
        " " + _("and {n} more").format(n=len(items) - SHOWN) if len(items) > SHOWN else ""
    )


def report_lines(report: dict[str, Any]) -> list[str]:
    """What the checks of a layer found."""
    lines = [_("{count} features read.").format(count=report.get("count", 0))]
    if "matched" in report:
        lines.append(_("{n} register rows match a stored parcel.").format(n=report["matched"]))
    if report.get("unmatched"):
        lines.append(
            _("{n} rows name no parcel of the project (or several): {list}").format(
                n=len(report["unmatched"]), list=_listed(report["unmatched"])
            )
        )
    if report.get("repaired"):
        lines.append(_("{n} invalid polygons repaired.").format(n=report["repaired"]))
    if report.get("duplicate_keys"):
        keys = ["/".join(k for k in key[2:]) for key in report["duplicate_keys"]]
        lines.append(
            _(
                "{n} parcel numbers appear more than once (kept, each as its own parcel): {list}"
            ).format(n=len(keys), list=_listed(keys))
        )
    if report.get("far_outside"):
        lines.append(
            _("{n} parcels lie far outside the project area: {list}").format(
                n=len(report["far_outside"]), list=_listed(report["far_outside"])
            )
        )
    if report.get("area_mismatch"):
        items = [
            f"{label} ({rec:g} ≠ {drawn:g} m²)" for label, rec, drawn in report["area_mismatch"]
        ]
        lines.append(
            _("{n} parcels have a recorded area that differs from the drawn one: {list}").format(
                n=len(items), list=_listed(items)
            )
        )
    return lines + commune_lines(report.get("communes", {}))


def commune_lines(communes: dict[str, Any]) -> list[str]:
    """What the old communes a parcel layer names became since the 2025 mergers."""
    lines = [
        _("{n} parcels name {old}, as before 2025: it is now part of {new}.").format(
            n=n, old=old, new=new
        )
        for old, new, n in communes.get("resolved", [])
    ]
    for _name, old, options, n, choice in communes.get("split", []):
        if choice:
            lines.append(
                _("{n} parcels of {old} (before 2025) are put in {new}, as chosen.").format(
                    n=n, old=old, new=choice
                )
            )
        else:
            lines.append(
                _("{n} parcels name {old}: since 2025 its land lies in several communes ({options}); "
                  "choose which one they are in.").format(n=n, old=old, options=", ".join(options))
            )  # fmt: skip
    for name, n in communes.get("unknown", []):
        lines.append(
            _("{n} parcels name “{name}”, neither a commune of the project's province today nor "
              "one before the 2025 mergers: their commune of today is left empty.").format(
                n=n, name=name)
        )  # fmt: skip
    return lines


def change_lines(changes: ImpactChanges) -> list[str]:
    """What a new layer changed in the affected list."""
    lines = [_("{n} parcels are affected.").format(n=changes.affected_parcels)]
    for items, text in (
        (changes.parcels_entered, _("Parcels newly affected: {list}")),
        (changes.parcels_left, _("Parcels no longer affected: {list}")),
        (
            changes.parcels_retired,
            _("Parcels no longer in the layer (kept with their history): {list}"),
        ),
        (changes.households_entered, _("Households newly affected: {list}")),
        (
            changes.households_left,
            _("Households no longer affected (their history is kept): {list}"),
        ),
    ):
        if items:
            lines.append(text.format(list=_listed(items)))
    for rule, count in sorted(changes.houses.items()):
        lines.append(_("Houses ({rule}): {n}").format(rule=HouseRule(rule).label, n=count))
    return lines
