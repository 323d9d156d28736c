"""Which parcel of a corrected layer is which parcel already stored: by cadastral key, then by overlap.

A parcel number is unique only within (commune, old commune, sheet), and real data repeats even those;
where a key is shared, the stored parcel that overlaps most is taken, each stored parcel at most once.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.fields import KEY


def match_parcels(stored: gpd.GeoDataFrame, incoming: gpd.GeoDataFrame) -> pd.Series:
    """For each incoming parcel (its index), the id of the stored parcel it replaces, or NA.

    ``stored`` has an ``id`` column; both frames have the KEY columns and share a CRS.
    """
    result = pd.Series(pd.NA, index=incoming.index, dtype="Int64")
    stored_keys = stored[KEY].fillna("").astype(str).apply(tuple, axis=1)
    incoming_keys = incoming[KEY].fillna("").astype(str).apply(tuple, axis=1)
    stored_by_key = stored.groupby(stored_keys).indices
    for key, positions in incoming.groupby(incoming_keys).indices.items():
        candidates = list(stored_by_key.get(key, []))
        for position in positions:
            if not candidates:
                break
            geom = incoming.geometry.iloc[position]
            if len(candidates) == 1:
                best = candidates[0]
            else:
                overlaps = shapely.area(
                    shapely.intersection(stored.geometry.values[candidates], geom)
                )
                best = candidates[int(overlaps.argmax())]
            result.iloc[position] = int(stored.id.iloc[best])
            candidates.remove(best)
    return result
