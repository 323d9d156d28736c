"""What the parcel layer of a map reads (``data/parcel_layer.js``): the parcels' shapes and labels
(``parcel_shapes``), their categories as codes, and where a page fetches the shapes from a file.

Colours and labels come from the caller (geo knows nothing of consent); every text is JSON for a
script, and the page puts it in with textContent. The layer itself is drawn by geo/maps.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.compact import WGS84, encode_geometry, json_for_script

PARCEL_SCRIPT = Path(__file__).parent / "data" / "parcel_layer.js"
PARCEL_FILE_SCRIPT = Path(__file__).parent / "data" / "parcel_file.js"


@dataclass(frozen=True)
class Category:
    colour: str
    label: str


@dataclass(frozen=True)
class ShapesFile:
    """Where the page finds the parcels' shapes (``parcel_shapes``, as a JSON file), and what the
    map says if it cannot read them."""

    url: str
    unavailable: str


def parcel_shapes(
    parcels: gpd.GeoDataFrame,
    label_column: str,
    encoded_geometry: list[list[list[int]]] | None = None,
) -> str:
    """The parcels' shapes and labels as ``parcel_layer.js`` reads them (JSON for a script), without
    their categories: what stays the same while statuses change, worth keeping between reruns.

    ``encoded_geometry``: the geometry already encoded (``encode_geometry``), row for row.
    """
    layer = {
        "g": encode_geometry(parcels.to_crs(WGS84).geometry.values)
        if encoded_geometry is None else encoded_geometry,
        "label": [None if v is None or v != v else str(v) for v in parcels[label_column].tolist()],
    }  # fmt: skip
    return json_for_script(layer)


def category_codes(
    values: Sequence[str | None], categories: dict[str, Category]
) -> list[int | None]:
    """Each parcel's category as its index in ``categories`` (-1: not one of them); None hides it."""
    codes = {key: i for i, key in enumerate(categories)}
    return [None if v is None else codes.get(v, -1) for v in values]
