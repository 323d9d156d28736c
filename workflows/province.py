"""Every project of the province on one table and one map, for the steering committee."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from consultations.projects import land_features
from consultations.storage.database import Store
from geo.compact import WGS84
from workflows.dashboard import Dashboard


def project_outlines(store: Store, boards: list[Dashboard]) -> gpd.GeoDataFrame:
    """One outline per project (the hull of its affected parcels) in WGS 84, with its share."""
    rows = []
    for board in boards:
        parcels = land_features(store, board.project).parcels
        shown = parcels[parcels.affected] if parcels.affected.any() else parcels
        if shown.empty:
            continue
        hull = gpd.GeoSeries(
            [shapely.convex_hull(shapely.union_all(shown.geometry.values))], crs=shown.crs
        )
        rows.append({"slug": board.project.slug, "name": board.project.name,
                     "share": board.figures.agreement_share,
                     "above": board.figures.above_threshold,
                     "geometry": hull.to_crs(WGS84).iloc[0]})  # fmt: skip
    return gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["slug", "name", "share", "above", "geometry"]), crs=WGS84
    )
