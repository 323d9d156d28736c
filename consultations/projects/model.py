"""What a new project must say before it is saved: the checks, in sentences that say what to fix."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from consultations.core.errors import InvalidRecord
from consultations.core.numbers import NumberRule, shown
from consultations.core.records import NewProject, ProjectKind
from consultations.projects.places import (
    FormerPlace,
    find_province,
    former_place,
    unknown_communes,
)
from translations import _

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@functools.cache
def vn2000_zones() -> frozenset[int]:
    """The EPSG codes of the VN-2000 zones offered to users. Read when a project is checked, not
    when the registry is imported: geo.crs brings geopandas and pyproj, which a reading command
    does not need."""
    from geo.crs import crs_choices

    return frozenset(c.epsg for c in crs_choices() if c.epsg != 4326)


#: The largest plausible distance from a line's centre to its outermost conductor, by voltage (kV):
#: a 110 kV line's conductors hang 2-4 m from its centre and a 500 kV line's about 12 m, so 45 m on
#: 110 kV is "4,5" typed with its comma lost, not a line.
MOST_HALF_SPREAD_M = ((35, 5), (110, 10), (220, 15), (500, 25), (1000, 40))


def voltage_rule() -> NumberRule:
    return NumberRule(_("Voltage (kV)"), Decimal("0.4"), 1000, "kV")


def half_spread_rule() -> NumberRule:
    return NumberRule(_("Centre to outermost conductor (m)"), 0, 40, "m")


def tower_side_rule() -> NumberRule:
    return NumberRule(_("Tower foundation side (m)"), Decimal("0.5"), 100, "m")


def corridor_width_rule(label: str | None = None) -> NumberRule:
    return NumberRule(
        label or _("Corridor width (m), for a recovery boundary given as a centreline"),
        Decimal("0.5"),
        1000,
        "m",
    )


def most_half_spread_m(voltage_kv: float) -> float:
    """The largest plausible centre-to-outermost-conductor distance of a line of ``voltage_kv``."""
    return float(next((most for kv, most in MOST_HALF_SPREAD_M if voltage_kv <= kv), 40))


def power_line_problems(
    voltage_kv: float | None, conductor_half_spread_m: float | None, tower_side_m: float | None
) -> list[str]:
    """What a power line's figures lack, each a sentence."""
    problems = []
    if not voltage_kv or voltage_kv <= 0:
        problems.append(_("A power line needs its voltage (kV)."))
    if conductor_half_spread_m is None or conductor_half_spread_m < 0:
        problems.append(
            _("A power line needs the distance from its centre to the outermost conductor (m).")
        )
    elif voltage_kv and voltage_kv > 0 and conductor_half_spread_m > most_half_spread_m(voltage_kv):
        problems.append(
            _(
                "{spread} m from the centre to the outermost conductor is not plausible for a "
                "{voltage} kV line (at most {most} m). Was a decimal comma lost? Type four and a "
                "half as 4,5."
            ).format(
                spread=shown(Decimal(str(conductor_half_spread_m))),
                voltage=shown(Decimal(str(voltage_kv))),
                most=shown(Decimal(str(most_half_spread_m(voltage_kv)))),
            )
        )
    if not tower_side_m or tower_side_m <= 0:
        problems.append(_("A power line needs the side of a tower foundation (m)."))
    elif tower_side_m > 100:
        problems.append(_("A tower foundation side is at most 100 m."))
    return problems


def corridor_width_problems(width_m: float | None) -> list[str]:
    """What is wrong with the width of a recovery strip drawn from a centreline (None: not used)."""
    if width_m is not None and not 0 < width_m <= 1000:
        return [
            _(
                "A corridor width is more than 0 and at most 1 000 m; leave it empty if the "
                "recovery boundary is drawn as polygons."
            )
        ]
    return []


def became(place: FormerPlace) -> str:
    """What a commune or district before 2025 is today, as a sentence."""
    return _("“{name}” is {old}, as before 2025: its land is now in {communes}.").format(
        name=place.given, old=place.label, communes=", ".join(place.communes)
    )


def new_project_problems(new: NewProject) -> list[str]:
    """Every problem with ``new``, each a sentence; empty when it may be saved."""
    problems = []
    if not new.name.strip():
        problems.append(_("Give the project its name."))
    if not SLUG.match(new.slug) or not 3 <= len(new.slug) <= 60:
        problems.append(
            _(
                "The short name “{slug}” may hold only small letters without accents, digits and "
                "hyphens (3 to 60 characters), for example “duong-day-220kv-do-luong”."
            ).format(slug=new.slug)
        )
    if new.kind is ProjectKind.POWER_LINE:
        problems += power_line_problems(
            new.voltage_kv, new.conductor_half_spread_m, new.tower_side_m
        )
    problems += corridor_width_problems(new.corridor_width_m)
    if new.crs_epsg not in vn2000_zones():
        problems.append(
            _("EPSG:{epsg} is not a VN-2000 zone; choose the province's VN-2000 TM-3 zone.").format(
                epsg=new.crs_epsg
            )
        )
    province = find_province(new.province or "")
    if province is None:
        problems.append(
            _("“{province}” is not a province or city of Vietnam (since 2025).").format(
                province=new.province or "-"
            )
        )
    else:
        communes = [name for level, name in new.units if level == "commune"]
        if not communes:
            problems.append(_("Choose at least one commune the project crosses."))
        if wrong := unknown_communes(province, communes):
            problems.append(
                _("Not a commune of {province}: {communes}.").format(
                    province=province.name, communes=", ".join(wrong)
                )
            )
            problems += [became(place) for name in wrong if (place := former_place(province, name))]
    return problems


def check_new_project(new: NewProject) -> None:
    if problems := new_project_problems(new):
        raise InvalidRecord(" ".join(problems))
