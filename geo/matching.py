"""Which parcel of a corrected layer is which parcel already stored: by cadastral key, then by overlap.

A parcel number is unique only within (commune, old commune, sheet), and real data repeats even those;
where a key is shared, the stored parcel that overlaps most is taken, each stored parcel at most once.
Keys held once on each side (nearly all of them) are paired in one vectorised join; only the shared
ones are weighed one by one.
"""

from __future__ import annotations

from collections import defaultdict

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.fields import KEY

_SEPARATOR = "\x1f"  # a character no cadastral value holds


def _keys(frame: gpd.GeoDataFrame) -> pd.Series:
    parts = [frame[c].astype(object).where(frame[c].notna(), "").astype(str) for c in KEY]
    return parts[0].str.cat(parts[1:], sep=_SEPARATOR).reset_index(drop=True)


def _positions(keys: pd.Series, wanted: set[str]) -> dict[str, list[int]]:
    """Key → its positions in ``keys``, for the ``wanted`` keys only."""
    out: dict[str, list[int]] = defaultdict(list)
    for position in np.flatnonzero(keys.isin(wanted).to_numpy()):
        out[keys.iat[position]].append(int(position))
    return out


def match_parcels(stored: gpd.GeoDataFrame, incoming: gpd.GeoDataFrame) -> pd.Series:
    """For each incoming parcel (its index), the id of the stored parcel it replaces, or NA.

    ``stored`` has an ``id`` column; both frames have the KEY columns and share a CRS.
    """
    found = np.full(len(incoming), -1, dtype=np.int64)  # position in ``stored``, -1: none
    if len(stored) and len(incoming):
        stored_keys, incoming_keys = _keys(stored), _keys(incoming)
        stored_count = stored_keys.map(stored_keys.value_counts())
        incoming_count = incoming_keys.map(incoming_keys.value_counts())
        single = pd.merge(
            pd.DataFrame({"key": incoming_keys[incoming_count == 1], "i": np.flatnonzero(incoming_count == 1)}),
            pd.DataFrame({"key": stored_keys[stored_count == 1], "s": np.flatnonzero(stored_count == 1)}),
            on="key",
        )  # fmt: skip
        found[single.i.to_numpy()] = single.s.to_numpy()
        shared = set(incoming_keys[incoming_count > 1]) | set(stored_keys[stored_count > 1])
        stored_by_key, incoming_by_key = (
            _positions(stored_keys, shared),
            _positions(incoming_keys, shared),
        )
        for key, positions in incoming_by_key.items():
            candidates = list(stored_by_key.get(key, []))
            for position in positions:
                if not candidates:
                    break
                geom = incoming.geometry.iloc[position]
                overlaps = shapely.area(
                    shapely.intersection(stored.geometry.values[candidates], geom)
                )
                best = candidates[int(overlaps.argmax())]
                found[position] = best
                candidates.remove(best)
    ids = stored["id"].to_numpy()[np.maximum(found, 0)] if len(stored) else found
    return pd.Series(pd.array(ids, dtype="Int64"), index=incoming.index).mask(found < 0)
