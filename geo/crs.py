"""Coordinate systems: the VN-2000 zones users may choose, and checks that coordinates fit them.

Only EPSG codes, never hand-written proj strings: PROJ then applies the official VN-2000 → WGS 84
transformation (EPSG:6960). The deprecated EPSG 6956–6959 (false easting and northing swapped) are
refused outright.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
from pyproj import CRS, Transformer

from geo.errors import InvalidParameter, WrongCRS
from translations import _

WGS84 = 4326
DEPRECATED_VN2000 = frozenset({6956, 6957, 6958, 6959})
_CHOICES_CSV = Path(__file__).parent / "data" / "crs_choices.csv"
_MERIDIANS_CSV = Path(__file__).parent / "data" / "province_meridians.csv"

# Vietnam within generous margins, for telling a wrong zone or swapped columns from real data.
# Vietnam with its islands: Hoàng Sa (Paracels) to ~17°N/112°E and Trường Sa (Spratlys) down to
# ~6.5°N and out to ~117°E; a national layer reaches 6.95°N.
VIETNAM_LON = (101.0, 118.0)
VIETNAM_LAT = (6.0, 24.0)


@dataclass(frozen=True)
class CrsChoice:
    epsg: int
    label: str


@functools.cache
def crs_choices() -> tuple[CrsChoice, ...]:
    """The coordinate systems offered to users, province zones first (data: crs_choices.csv)."""
    with _CHOICES_CSV.open(encoding="utf-8") as f:
        return tuple(CrsChoice(int(r["epsg"]), r["label"]) for r in csv.DictReader(f))


def province_zone(province: str) -> int | None:
    """The province's VN-2000 TM-3 zone: the first of ``province_zones``."""
    zones = province_zones(province)
    return zones[0] if zones else None


@functools.cache
def _meridians() -> tuple[tuple[str, str, int], ...]:
    with _MERIDIANS_CSV.open(encoding="utf-8") as f:
        return tuple(
            (r["province"], r["former_province"], int(r["epsg"])) for r in csv.DictReader(f)
        )


def _plain_name(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "TP. ", "TP "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def province_zones(province: str) -> tuple[int, ...]:
    """The VN-2000 TM-3 zones (EPSG) of a province since 2025, most used first: the central
    meridians of the provinces it was merged from (Circular 973/2001/TT-TCĐC), so a merged province
    that spans two meridians offers both. A former province's name (before 2025) finds its own."""
    wanted = _plain_name(province.strip())
    rows = [r for r in _meridians() if _plain_name(r[0]) == wanted]
    rows = rows or [r for r in _meridians() if r[1] == wanted]
    counts: dict[int, int] = {}
    for _province, _former, epsg in rows:
        counts[epsg] = counts.get(epsg, 0) + 1
    return tuple(sorted(counts, key=lambda e: -counts[e]))


def checked_crs(epsg: int) -> CRS:
    if epsg in DEPRECATED_VN2000:
        raise InvalidParameter(
            _(
                "EPSG:{epsg} is a deprecated VN-2000 code with easting and northing swapped; "
                "use the VN-2000 TM-3 zones EPSG:9205–9218 instead."
            ).format(epsg=epsg)
        )
    return CRS.from_epsg(epsg)


def check_inside_vietnam(frame: gpd.GeoDataFrame, name: str = "") -> None:
    """Refuse a layer whose coordinates, read in its stated CRS, fall outside Vietnam (``name``
    says which file, when several are read together)."""
    if frame.empty:
        return
    # The layer's extent, its edges densified, carried to degrees: not every vertex of every shape.
    with np.errstate(invalid="ignore", over="ignore"):
        transformer = Transformer.from_crs(frame.crs, WGS84, always_xy=True)
        x_min, y_min, x_max, y_max = (float(v) for v in frame.total_bounds)
        lon_min, lat_min, lon_max, lat_max = transformer.transform_bounds(
            x_min, y_min, x_max, y_max, densify_pts=21
        )
    crs = frame.crs.name if frame.crs else "?"
    if not np.isfinite([lon_min, lat_min, lon_max, lat_max]).all():
        raise WrongCRS(
            _("“{name}” cannot be placed on the earth when read as {crs}: its coordinates do not "
              "fit that coordinate system (metres read as degrees, or another zone). Choose the "
              "coordinate system the file was drawn in.").format(name=name, crs=crs)
        )  # fmt: skip
    inside = (
        VIETNAM_LON[0] <= lon_min <= lon_max <= VIETNAM_LON[1]
        and VIETNAM_LAT[0] <= lat_min <= lat_max <= VIETNAM_LAT[1]
    )
    if not inside:
        raise WrongCRS(
            _(
                "“{name}”, read as {crs}, falls outside Vietnam "
                "(longitude {lon_min:.3f}…{lon_max:.3f}, latitude {lat_min:.3f}…{lat_max:.3f}). "
                "Choose the coordinate system the file was drawn in, or check that X and Y "
                "are not swapped."
            ).format(
                name=name,
                crs=crs,
                lon_min=lon_min,
                lon_max=lon_max,
                lat_min=lat_min,
                lat_max=lat_max,
            )
        )
