"""Folium maps of a project: parcels coloured by a category column, corridors, foundations, houses.

Colours and labels come from the caller (geo knows nothing of consent); this module only draws.
Properties on the map are few and short, and every text is HTML-escaped before it reaches a page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass

import folium
import geopandas as gpd
import shapely
from branca.element import Element

WGS84 = 4326
COORD_DECIMALS = 6  # ~0.1 m: finer than any cadastral survey, and half the bytes of full floats
BASEMAPS = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors"),
    "satellite": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Imagery © Esri, Maxar, Earthstar Geographics",
    ),
}
# folium's page pulls these from CDNs; our maps need only Leaflet itself.
UNUSED_ASSETS = {
    "jquery",
    "bootstrap",
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
}


@dataclass(frozen=True)
class Category:
    colour: str
    label: str


def _geojson(frame: gpd.GeoDataFrame, columns: list[str]) -> dict[str, object]:
    shown = frame[[*columns, frame.geometry.name]].to_crs(WGS84)
    shown = shown.set_geometry(shapely.set_precision(shown.geometry.values, 10**-COORD_DECIMALS))
    for column in columns:
        shown[column] = shown[column].map(lambda v: html.escape(str(v)) if v is not None else "")
    return json.loads(shown.to_json(drop_id=True))


def project_map(
    parcels: gpd.GeoDataFrame,
    *,
    category_column: str,
    categories: dict[str, Category],
    label_column: str,
    corridors: gpd.GeoDataFrame | None = None,
    foundations: gpd.GeoDataFrame | None = None,
    houses: gpd.GeoDataFrame | None = None,
    basemap: str = "osm",
) -> folium.Map:
    """A Leaflet map fitted to the parcels, with a layer control; ``basemap``: osm, satellite, none."""
    fmap = folium.Map(tiles=None, prefer_canvas=True, control_scale=True)
    if basemap in BASEMAPS:
        url, attribution = BASEMAPS[basemap]
        folium.TileLayer(url, attr=attribution, name=basemap, max_zoom=19).add_to(fmap)
    colours = {key: c.colour for key, c in categories.items()}
    labels = {key: c.label for key, c in categories.items()}
    parcels = parcels.assign(
        _label=parcels[label_column],
        _status=parcels[category_column].map(labels).fillna(parcels[category_column]),
        _colour=parcels[category_column].map(colours).fillna("#999999"),
    )
    folium.GeoJson(
        _geojson(parcels, ["_label", "_status", "_colour"]),
        name="parcels",
        style_function=_parcel_style,
        tooltip=folium.GeoJsonTooltip(["_label", "_status"], labels=False),
    ).add_to(fmap)
    if corridors is not None and len(corridors):
        folium.GeoJson(
            _geojson(corridors, ["kind"]),
            name="corridor",
            style_function=lambda _f: {"color": "#d55e00", "weight": 2, "fillOpacity": 0.12},
        ).add_to(fmap)
    if foundations is not None and len(foundations):
        folium.GeoJson(
            _geojson(foundations, ["label"]),
            name="foundations",
            style_function=lambda _f: {"color": "#000000", "weight": 1, "fillOpacity": 0.8},
            tooltip=folium.GeoJsonTooltip(["label"], labels=False),
        ).add_to(fmap)
    if houses is not None and len(houses):
        columns = ["label", "rule"] if "rule" in houses.columns else ["label"]
        folium.GeoJson(
            _geojson(houses, columns),
            name="houses",
            style_function=lambda _f: {"color": "#cc79a7", "weight": 1, "fillOpacity": 0.9},
            tooltip=folium.GeoJsonTooltip(columns, labels=False),
        ).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    xmin, ymin, xmax, ymax = parcels.to_crs(WGS84).total_bounds
    fmap.fit_bounds([[ymin, xmin], [ymax, xmax]])
    return fmap


def _parcel_style(feature: dict[str, dict[str, str]]) -> dict[str, object]:
    return {
        "color": "#444444",
        "weight": 0.6,
        "fillColor": feature["properties"]["_colour"],
        "fillOpacity": 0.7,
    }


def _elements(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _elements(child)


def use_local_leaflet(fmap: folium.Map, base_url: str) -> folium.Map:
    """Load Leaflet from ``base_url`` (served by the app) instead of CDNs, and drop unused assets.

    Without this the map needs the internet: in a commune hall without it, nothing is drawn.
    """
    for element in _elements(fmap):
        for attribute, file_name in (("default_js", "leaflet.js"), ("default_css", "leaflet.css")):
            assets = getattr(element, attribute, None)
            if not assets:
                continue
            local = []
            for name, url in assets:
                if name in UNUSED_ASSETS:
                    continue
                local.append(
                    (name, f"{base_url}/{file_name}" if name in ("leaflet", "leaflet_css") else url)
                )
            setattr(element, attribute, local)
    return fmap


def layers_map(
    layers: list[tuple[gpd.GeoDataFrame, str, str]], tiles: str | None = "OpenStreetMap"
) -> folium.Map:
    """A quick look at layers before they are saved: (frame, colour, name) each, fitted to them all.

    Drawn in WGS 84 from each frame's own CRS, so a layer read in the wrong zone shows far away.
    """
    fmap = folium.Map(tiles=tiles, prefer_canvas=True, control_scale=True)
    bounds = []
    for frame, colour, name in layers:
        if frame.empty:
            continue
        shown = frame[[frame.geometry.name]].to_crs(WGS84)
        shown = shown.set_geometry(
            shapely.set_precision(shown.geometry.values, 10**-COORD_DECIMALS)
        )
        folium.GeoJson(
            json.loads(shown.to_json(drop_id=True)),
            name=html.escape(name),
            style_function=lambda _f, c=colour: {"color": c, "weight": 1.5, "fillOpacity": 0.25},
            marker=folium.CircleMarker(radius=4, color=colour, fill=True),
        ).add_to(fmap)
        bounds.append(shown.total_bounds)
    if bounds:
        xmin, ymin = min(b[0] for b in bounds), min(b[1] for b in bounds)
        xmax, ymax = max(b[2] for b in bounds), max(b[3] for b in bounds)
        fmap.fit_bounds([[ymin, xmin], [ymax, xmax]])
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap
