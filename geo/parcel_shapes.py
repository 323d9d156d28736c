"""The shapes of a parcel layer made fit to measure: flat polygons, valid, never a negative area.

Both ways a parcel layer is used (``cli.py affected`` and a stored import) pass it through
``parcel_shapes``, so they repair, refuse and leave out the same features, and say so alike:
- a parcel with no shape is refused, named (never dropped);
- heights (Z) and measures (M) are dropped: areas are measured on the map;
- a layer of points or lines is refused (they have no area); points or lines mixed among
  polygons are left out and listed;
- an invalid polygon (a hole outside its shell, a ring crossing itself) is repaired with GEOS
  ``make_valid`` and counted, so its area is that of the land it draws, never negative;
- a polygon that draws no area (a ring that is one point repeated, a zero-area sliver) is left
  out and listed: it holds no land to lose or to consult on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.errors import GEOSException

from geo.errors import EmptyLayer
from translations import _

POLYGONAL = ("Polygon", "MultiPolygon")
SHOWN = 10
# How rows are named in a message (a sheet/parcel number, or "row 12"): asked only for the rows
# a message names, so a large layer with nothing to say builds no label.
Labels = Callable[[Sequence[int]], list[str]]


def row_labels(rows: Sequence[int]) -> list[str]:
    return [_("row {n}").format(n=i + 1) for i in rows]


@dataclass(frozen=True)
class ShapeReport:
    """What was done to the shapes, for the user to read before anything is saved."""

    repaired: int = 0
    left_out: tuple[str, ...] = ()  # labels of the points or lines left out
    flattened: bool = False  # heights (Z) or measures (M) were dropped
    no_area: tuple[str, ...] = ()  # labels of the polygons that draw no area, left out

    def notes(self, *, repairs: bool = True) -> list[str]:
        said = []
        if self.repaired and repairs:
            said.append(_("{n} invalid polygons repaired.").format(n=self.repaired))
        if self.left_out:
            said.append(
                _("{n} features that are points or lines, not parcels, were left out: "
                  "{labels}.").format(n=len(self.left_out), labels=_shown(self.left_out))
            )  # fmt: skip
        if self.no_area:
            said.append(
                _("{n} polygons that draw no area (a ring that is one point repeated, or a "
                  "sliver of zero area) were left out: {labels}.").format(
                    n=len(self.no_area), labels=_shown(self.no_area))
            )  # fmt: skip
        if self.flattened:
            said.append(_("Heights (Z) were dropped: areas are measured on the map."))
        return said


def _shown(labels: tuple[str, ...] | list[str]) -> str:
    return ", ".join(labels[:SHOWN]) + (" …" if len(labels) > SHOWN else "")


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a repaired geometry (make_valid may add stray lines or points)."""
    if geom.geom_type in POLYGONAL:
        return geom
    polygons = [g for g in shapely.get_parts(geom) if g.geom_type in POLYGONAL]
    return shapely.union_all(polygons) if polygons else shapely.Polygon()


def _made_valid(geom: shapely.Geometry) -> shapely.Geometry:
    """One geometry made valid; a multipolygon GEOS cannot repair whole (a part that is one point
    repeated makes "mixed-dimension" input) is repaired part by part, parts without area dropped."""
    try:
        return polygonal(shapely.make_valid(geom))
    except GEOSException:
        parts = [p for p in shapely.get_parts(geom) if shapely.area(p) > 0]
        kept = []
        for part in parts:
            try:
                kept.append(polygonal(shapely.make_valid(part)))
            except GEOSException:
                continue
        return polygonal(shapely.union_all(kept)) if kept else shapely.Polygon()


def repaired(geoms: np.ndarray) -> tuple[np.ndarray, int]:
    """Valid polygons: the invalid ones made valid (their polygonal part); how many were."""
    invalid = ~shapely.is_valid(geoms)
    if not invalid.any():
        return geoms, 0
    geoms = geoms.copy()
    try:
        geoms[invalid] = [polygonal(g) for g in shapely.make_valid(geoms[invalid])]
    except GEOSException:  # one of them cannot be repaired whole: each on its own
        geoms[invalid] = [_made_valid(g) for g in geoms[invalid]]
    return geoms, int(invalid.sum())


def parcel_shapes(
    frame: gpd.GeoDataFrame, labels: Labels, name: str
) -> tuple[gpd.GeoDataFrame, ShapeReport]:
    """``frame`` with only its parcels' polygons, flat and valid; ``labels`` names rows in
    messages, ``name`` is the file's."""
    geoms = frame.geometry.values.to_numpy()
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if empty.any():
        named = labels(np.flatnonzero(empty).tolist())
        raise EmptyLayer(
            _("{n} parcels of “{name}” have no shape ({labels}); draw them or remove them, "
              "then send the layer again.").format(n=len(named), name=name, labels=_shown(named))
        )  # fmt: skip
    flattened = bool(shapely.has_z(geoms).any())
    if flattened:
        geoms = shapely.force_2d(geoms)
    kinds = shapely.get_type_id(geoms)
    is_polygon = np.isin(kinds, [3, 6])  # Polygon, MultiPolygon
    if not is_polygon.any():
        found = sorted({str(t) for t in gpd.GeoSeries(geoms).geom_type})
        raise EmptyLayer(
            _("A parcel layer must be polygons (areas); “{name}” holds {kinds} ({n}), which have "
              "no area. Send the layer that draws the parcels' outlines.").format(
                name=name, kinds=", ".join(found), n=len(geoms))
        )  # fmt: skip
    left_out = tuple(labels(np.flatnonzero(~is_polygon).tolist()))
    fixed, count = repaired(geoms[is_polygon])
    drawn = ~shapely.is_empty(fixed) & (shapely.area(fixed) > 0)
    rows = np.flatnonzero(is_polygon)
    no_area = tuple(labels(rows[~drawn].tolist()))
    if no_area:  # those were left out, not repaired
        count -= int((~drawn & ~shapely.is_valid(geoms[is_polygon])).sum())
    if not drawn.any():
        raise EmptyLayer(
            _("No polygon of “{name}” draws any area ({n}: a ring that is one point repeated, or "
              "a sliver of zero area). Send the layer that draws the parcels' outlines.").format(
                name=name, n=len(no_area))
        )  # fmt: skip
    kept = frame[is_polygon][drawn]
    kept = kept.set_geometry(gpd.GeoSeries(fixed[drawn], index=kept.index, crs=frame.crs))
    return kept, ShapeReport(count, left_out, flattened, no_area)
