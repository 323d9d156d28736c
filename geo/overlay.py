"""What each parcel loses: the area permanently recovered and the area restricted under a corridor.

Fast path (docs/benchmarks.md, "Overlay"): the zone is cut by a square grid into small, disjoint pieces; each
parcel is intersected only with the pieces its envelope touches, and a parcel lying wholly inside one
piece is counted whole without an intersection. Pieces are disjoint, so summing a parcel's pieces
counts no area twice.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import InvalidParameter
from translations import _

PIECE_SIZE_M = 1000.0


def cut_into_pieces(zone: BaseGeometry, size_m: float = PIECE_SIZE_M) -> np.ndarray:
    """The zone cut along a square grid into non-empty, disjoint polygonal pieces."""
    if zone.is_empty:
        return np.array([], dtype=object)
    xmin, ymin, xmax, ymax = zone.bounds
    xs = np.arange(np.floor(xmin / size_m) * size_m, xmax, size_m)
    ys = np.arange(np.floor(ymin / size_m) * size_m, ymax, size_m)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    cells = shapely.box(gx, gy, gx + size_m, gy + size_m)
    # Keep only cells the zone reaches, then clip: one walk of the zone per useful cell.
    shapely.prepare(zone)
    cells = cells[shapely.intersects(zone, cells)]
    pieces: np.ndarray = shapely.intersection(cells, zone)
    pieces = pieces[~shapely.is_empty(pieces) & (shapely.area(pieces) > 0)]
    return pieces


class ParcelIndex:
    """Parcels with their spatial index, built once and reused for every zone (corridor, foundations)."""

    def __init__(self, geoms: np.ndarray) -> None:
        self.geoms = geoms
        self.areas = shapely.area(geoms)
        self.tree = shapely.STRtree(geoms)

    def area_inside(self, zone: BaseGeometry, size_m: float = PIECE_SIZE_M) -> np.ndarray:
        """For each parcel, its area (m²) inside ``zone`` (same metric CRS)."""
        result = np.zeros(len(self.geoms))
        pieces = cut_into_pieces(zone, size_m)
        if len(pieces) == 0 or len(self.geoms) == 0:
            return result
        piece_idx, parcel_idx = self.tree.query(pieces, predicate="intersects")
        if len(piece_idx) == 0:
            return result
        shapely.prepare(pieces)
        whole = shapely.contains_properly(pieces[piece_idx], self.geoms[parcel_idx])
        areas = np.empty(len(piece_idx))
        areas[whole] = self.areas[parcel_idx[whole]]
        cut = ~whole
        areas[cut] = shapely.area(
            shapely.intersection(self.geoms[parcel_idx[cut]], pieces[piece_idx[cut]])
        )
        return np.bincount(parcel_idx, weights=areas, minlength=len(self.geoms))


def area_inside(
    parcels: np.ndarray, zone: BaseGeometry, size_m: float = PIECE_SIZE_M
) -> np.ndarray:
    """For each parcel geometry, its area (m²) inside ``zone`` (same metric CRS)."""
    return ParcelIndex(parcels).area_inside(zone, size_m)


def parcel_impacts(
    parcels: gpd.GeoSeries,
    permanent: BaseGeometry | None,
    corridor: BaseGeometry | None,
    size_m: float = PIECE_SIZE_M,
) -> pd.DataFrame:
    """Per parcel (same index): parcel_area_m2, permanent_m2, restricted_m2, affected_m2, affected_share.

    ``permanent`` is the recovered land (foundations, a recovery boundary); ``corridor`` the power
    corridor, of which only the part outside ``permanent`` is restricted. All in one metric CRS.
    """
    crs = parcels.crs
    if crs is None or not crs.is_projected:
        raise InvalidParameter(
            _("Areas must be computed in a projected CRS in metres; reproject the parcels first.")
        )
    index = ParcelIndex(parcels.values.to_numpy())
    empty = shapely.Polygon()
    permanent = permanent if permanent is not None else empty
    restricted = shapely.difference(corridor, permanent) if corridor is not None else empty
    parcel_area = index.areas
    permanent_m2 = index.area_inside(permanent, size_m)
    restricted_m2 = index.area_inside(restricted, size_m)
    affected = permanent_m2 + restricted_m2
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(parcel_area > 0, affected / parcel_area, 0.0)
    return pd.DataFrame(
        {
            "parcel_area_m2": parcel_area,
            "permanent_m2": permanent_m2,
            "restricted_m2": restricted_m2,
            "affected_m2": affected,
            "affected_share": np.clip(share, 0.0, 1.0),
        },
        index=parcels.index,
    )
