"""Every project of the province on one table and one map, for the steering committee."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from consultations.core.database import Store
from consultations.core.records import Project
from consultations.reporting.maps import land_features
from geo.compact import WGS84


def project_outlines(store: Store, projects: list[Project]) -> gpd.GeoDataFrame:
    """One outline per project (the hull of its affected parcels) in WGS 84: geometry only, which
    changes with an import; the figures are joined by ``slug`` from the dashboards."""
    rows = []
    for project in projects:
        parcels = land_features(store, project).parcels
        shown = parcels[parcels.affected] if parcels.affected.any() else parcels
        if shown.empty:
            continue
        # The hull of the parcels' vertices is the hull of their union, without the union (which
        # took seconds for a project of thousands of affected parcels).
        corners = shapely.multipoints(shapely.get_coordinates(shown.geometry.values))
        hull = gpd.GeoSeries([shapely.convex_hull(corners)], crs=shown.crs)
        rows.append(
            {"slug": project.slug, "name": project.name, "geometry": hull.to_crs(WGS84).iloc[0]}
        )
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=["slug", "name", "geometry"]), crs=WGS84)
