"""The shared HTML map: one self-contained file for a meeting hall with no internet.

Leaflet, its stylesheet and our script are inline; nothing is fetched when the file opens (basemap
tiles only if the user switches them on). Geometry is compact: WGS 84 coordinates quantised to 1e-6
degree (~0.1 m) and delta-encoded as integers; properties are short codes with labels in a lookup
table; parcels are drawn on a canvas and coloured in JavaScript from their status code. Every text is
put on the page with ``textContent``, never as HTML, so a name like ``<img onerror=…>`` stays text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

from geo.compact import encode_layer, json_for_script
from geo.parcel_layer import PARCEL_SCRIPT, Category

LEAFLET = Path(__file__).resolve().parents[1] / "static" / "leaflet"
_TEMPLATE = Path(__file__).parent / "data" / "shared_map.html"
_SCRIPT = Path(__file__).parent / "data" / "shared_map.js"


@dataclass(frozen=True)
class SharedMap:
    title: str
    subtitle: str
    categories: dict[str, Category]  # status code → colour and label, in legend order
    texts: dict[str, str]  # the page's own words (legend heading, tile switch, …), translated
    headline: list[tuple[str, str]] = field(default_factory=list)  # (label, value) lines
    tiles_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    #: A QR code printed on the map (a ``data:image/…`` URI) and the sentence under it.
    qr: tuple[str, str] | None = None


def shared_map_html(
    spec: SharedMap,
    parcels: gpd.GeoDataFrame,
    parcel_columns: list[str],
    *,
    corridors: gpd.GeoDataFrame | None = None,
    foundations: gpd.GeoDataFrame | None = None,
) -> str:
    """The whole HTML page. ``parcels`` has ``status`` (a key of ``spec.categories``) and the
    ``parcel_columns`` to show in its tooltip (label first)."""
    codes = list(spec.categories)
    parcels = parcels.assign(
        s=parcels["status"].map({c: i for i, c in enumerate(codes)}).fillna(-1).astype(int)
    )
    data = {
        "title": spec.title,
        "subtitle": spec.subtitle,
        "texts": spec.texts,
        "headline": spec.headline,
        "tiles": spec.tiles_url,
        "qr": {"image": spec.qr[0], "caption": spec.qr[1]} if spec.qr else None,
        "statuses": [{"label": c.label, "colour": c.colour} for c in spec.categories.values()],
        "columns": parcel_columns,
        "parcels": encode_layer(parcels, ["s", *parcel_columns]),
        "corridors": encode_layer(corridors, []) if corridors is not None and len(corridors) else None,
        "foundations": encode_layer(foundations, ["label"])
        if foundations is not None and len(foundations) else None,
    }  # fmt: skip
    page = _TEMPLATE.read_text(encoding="utf-8")
    replacements = {
        "/*LEAFLET_CSS*/": (LEAFLET / "leaflet.css").read_text(encoding="utf-8"),
        "/*LEAFLET_JS*/": (LEAFLET / "leaflet.js").read_text(encoding="utf-8"),
        "/*PARCEL_JS*/": PARCEL_SCRIPT.read_text(encoding="utf-8"),
        "/*MAP_JS*/": _SCRIPT.read_text(encoding="utf-8"),
        "/*DATA*/": json_for_script(data),
    }
    for marker, content in replacements.items():
        page = page.replace(marker, content.replace("</script", "<\\/script"))
    return page
