"""Which parcel of a corrected layer is which parcel already stored: by the land office's
identification code where both have one, then by cadastral key, then by overlap.

The code (mã định danh thửa đất) names one parcel for good, so a parcel renumbered on a new sheet
but carrying its code keeps its history; one code never pairs with a stored parcel of another code.

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

    ``stored`` has an ``id`` column; both frames have the KEY columns and share a CRS, and may have
    a ``parcel_code`` column.
    """
    if "parcel_code" not in stored or "parcel_code" not in incoming:
        return _match_by_key(stored, incoming)
    stored_codes = stored["parcel_code"].to_numpy(dtype=object)
    incoming_codes = incoming["parcel_code"].to_numpy(dtype=object)
    by_code = {c: i for i, c in zip(stored["id"], stored_codes, strict=True) if _given(c)}
    found = pd.Series([by_code.get(c) if _given(c) else None for c in incoming_codes],
                      index=incoming.index, dtype="Int64")  # fmt: skip
    # Left to the key: incoming parcels not found by code, among the stored ones not taken, and
    # never a stored parcel whose code differs from the incoming one's.
    rest = found.isna().to_numpy()
    free = ~stored["id"].isin(set(found.dropna().astype(int))).to_numpy()
    if rest.any():
        by_key = _match_by_key(stored[free], incoming[rest])
        code_of = dict(zip(stored["id"], stored_codes, strict=True))
        kept = [
            None if pd.isna(i) or (_given(c) and _given(code_of[int(i)])) else int(i)
            for i, c in zip(by_key, incoming_codes[rest], strict=True)
        ]
        found.loc[rest] = pd.array(kept, dtype="Int64")
    return found


def matched_parcels(
    stored: gpd.GeoDataFrame, incoming: gpd.GeoDataFrame
) -> tuple[pd.Series, gpd.GeoDataFrame]:
    """``match_parcels``, and the incoming parcels where a matched one the new layer gives no code
    keeps the code stored: a code is never lost to a layer without it."""
    matches = match_parcels(stored, incoming)
    if "parcel_code" not in stored or "parcel_code" not in incoming:
        return matches, incoming
    code_of = dict(zip(stored["id"], stored["parcel_code"], strict=True))
    kept = [
        code if _given(code) else code_of.get(match) if pd.notna(match) else None
        for code, match in zip(incoming["parcel_code"], matches, strict=True)
    ]
    return matches, incoming.assign(parcel_code=kept)


def _given(code: object) -> bool:
    return isinstance(code, str) and code != ""


def _match_by_key(stored: gpd.GeoDataFrame, incoming: gpd.GeoDataFrame) -> pd.Series:
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
