"""Folium maps of a project: parcels coloured by a category column (what their layer reads:
geo/parcel_layer.py), corridors, foundations, houses.

Colours and labels come from the caller (geo knows nothing of consent); this module only draws.
Properties on the map are few and short, and every text is HTML-escaped before it reaches a page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Sequence

import folium
import geopandas as gpd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geo.compact import json_for_script
from geo.parcel_layer import (
    PARCEL_FILE_SCRIPT,
    PARCEL_SCRIPT,
    Category,
    ShapesFile,
    category_codes,
    parcel_shapes,
)

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


class _MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only: folium's ``control_scale`` also draws miles
    and feet, which nobody here measures in."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


def _map(**options: object) -> folium.Map:
    """A folium map with the metric scale bar (never folium's own, which adds miles and feet)."""
    fmap = folium.Map(prefer_canvas=True, control_scale=False, **options)  # type: ignore[arg-type]
    _MetricScale().add_to(fmap)  # type: ignore[no-untyped-call]  # branca's __init__, unannotated
    return fmap


class _Script(Element):
    """A script already rendered, put in the page as it is.

    branca's ``MacroElement.render`` wraps a rendered script in a new Jinja template, compiled on
    every render: for the megabytes of a large parcel layer that alone takes a quarter of a second.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


class ParcelCanvas(MacroElement):
    """Parcels drawn by ``parcel_layer.js`` (canvas tiles, fast at tens of thousands of parcels),
    coloured by a category column, the label and category named under the pointer.

    folium's GeoJson would make one Leaflet layer per parcel and, with a style function, a
    JavaScript switch with one case per parcel: seconds per render at 20 000 parcels.
    Without a category column nothing is drawn until ``restyle_parcels`` gives the categories; the
    layer is then also ``window.clearwayParcelLayer`` in the map's page.
    With ``shapes_file`` the map's script holds none of the shapes: the page fetches them
    (``parcel_file.js``), and the layer is ``window.clearwayParcelLayer`` once they have come.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this.plugin }}\n"
        "var {{ this.get_name() }} = clearwayParcels({{ this._parent.get_name() }}, "
        "{{ this.layer }}, {{ this.categories }}, {{ this.columns }});\n"
        "window.clearwayParcelLayer = {{ this.get_name() }};{% endmacro %}"
    )
    _file_template = Template(
        "{% macro script(this, kwargs) %}{{ this.plugin }}\n"
        "clearwayParcelsFrom({{ this._parent.get_name() }}, {{ this.url }}, {{ this.categories }}, "
        "{{ this.columns }}, {{ this.unavailable }});{% endmacro %}"
    )

    def __init__(
        self,
        parcels: gpd.GeoDataFrame,
        category_column: str | None,
        categories: dict[str, Category],
        label_column: str,
        encoded_geometry: list[list[list[int]]] | None = None,
        shapes: str | None = None,
        shapes_file: ShapesFile | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is unannotated
        self._name = "ParcelCanvas"
        self.plugin = PARCEL_SCRIPT.read_text(encoding="utf-8").replace("</script", "<\\/script")
        if shapes_file is not None:
            assert category_column is None, "statuses of a shapes file come by restyle_parcels"
            self._template = self._file_template
            self.url, self.unavailable = map(
                json_for_script, (shapes_file.url, shapes_file.unavailable)
            )
            self.plugin += "\n" + PARCEL_FILE_SCRIPT.read_text(encoding="utf-8")
        elif shapes is None:
            shapes = parcel_shapes(parcels, label_column, encoded_geometry)
        self.layer = shapes
        if category_column is not None and shapes is not None:
            codes = json_for_script(category_codes(parcels[category_column].tolist(), categories))
            self.layer = f'{shapes[:-1]},"s":{codes}}}'
        self.categories = json_for_script(
            [{"label": c.label, "colour": c.colour} for c in categories.values()]
        )
        self.columns = json_for_script(["label"])

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # as MacroElement
        figure = self.get_root()
        assert isinstance(figure, Figure), "the parcel layer must be on a map inside a figure"
        script = self._template.module.script(self, kwargs)
        figure.script.add_child(_Script(script), name=self.get_name())


class _Restyle(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}window.clearwayParcelCodes = {{ this.codes }};"
        "if (window.clearwayParcelLayer) window.clearwayParcelLayer.restyle(window.clearwayParcelCodes);"
        "{% endmacro %}"
    )

    def __init__(self, codes: list[int | None]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is unannotated
        self._name = "ParcelRestyle"
        self.codes = json_for_script(codes)


def restyle_parcels(codes: list[int | None]) -> folium.FeatureGroup:
    """New categories for the parcels of a map made with ``category_column=None``, row for row
    (``category_codes``; None hides a parcel), for streamlit-folium's ``feature_group_to_add``.

    streamlit-folium reloads its frame only when the map's own script changes; a change here is
    applied to the map already on screen: a status change or a filter redraws the visible tiles,
    without sending or reading the shapes again.
    """
    group = folium.FeatureGroup(name="statuses", control=False)
    group.add_child(_Restyle(codes))
    return group


def _geojson(frame: gpd.GeoDataFrame, columns: list[str]) -> dict[str, object]:
    shown = frame[[*columns, frame.geometry.name]].to_crs(WGS84)
    shown = shown.set_geometry(shapely.set_precision(shown.geometry.values, 10**-COORD_DECIMALS))
    for column in columns:
        shown[column] = shown[column].map(lambda v: html.escape(str(v)) if v is not None else "")
    geojson: dict[str, object] = json.loads(shown.to_json(drop_id=True))
    return geojson


def project_map(
    parcels: gpd.GeoDataFrame,
    *,
    category_column: str | None,
    categories: dict[str, Category],
    label_column: str,
    corridors: gpd.GeoDataFrame | None = None,
    foundations: gpd.GeoDataFrame | None = None,
    houses: gpd.GeoDataFrame | None = None,
    basemap: str = "osm",
    encoded_parcels: list[list[list[int]]] | None = None,
    shapes: str | None = None,
    shapes_file: ShapesFile | None = None,
) -> folium.Map:
    """A Leaflet map fitted to the parcels, with a layer control; ``basemap``: osm, satellite, none.

    ``encoded_parcels``: the parcels' geometry already encoded (``encode_geometry``), row for row;
    ``shapes``: their shapes and labels already made by ``parcel_shapes``; ``shapes_file``: the
    same as a file the map's page fetches (then not in the map's script).
    ``category_column=None``: the parcels are drawn once ``restyle_parcels`` gives their categories.
    """
    fmap = _map(tiles=None)
    if basemap in BASEMAPS:
        url, attribution = BASEMAPS[basemap]
        folium.TileLayer(url, attr=attribution, name=basemap, max_zoom=19).add_to(fmap)
    ParcelCanvas(
        parcels, category_column, categories, label_column, encoded_parcels, shapes, shapes_file
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
    if not parcels.empty:
        extent = gpd.GeoSeries([shapely.box(*parcels.total_bounds)], crs=parcels.crs)
        xmin, ymin, xmax, ymax = extent.to_crs(WGS84).total_bounds  # not every parcel: their box
        fmap.fit_bounds([[ymin, xmin], [ymax, xmax]])
    return fmap


def outlines_map(
    outlines: gpd.GeoDataFrame, colour_column: str, tooltip_columns: list[str]
) -> folium.Map:
    """Areas (one per project) in WGS 84, each in its own colour, named under the pointer."""
    fmap = _map(location=[19.0, 105.3], zoom_start=8, tiles=None)
    folium.TileLayer(BASEMAPS["osm"][0], attr=BASEMAPS["osm"][1], max_zoom=19).add_to(fmap)
    if outlines.empty:
        return fmap
    folium.GeoJson(
        _geojson(outlines, [colour_column, *tooltip_columns]),
        style=folium.JsCode(
            f"function (f) {{ return {{color: f.properties.{colour_column}, weight: 2,"
            f" fillColor: f.properties.{colour_column}, fillOpacity: 0.35}}; }}"
        ),
        tooltip=folium.GeoJsonTooltip(tooltip_columns, labels=False),
    ).add_to(fmap)
    for row in outlines.to_crs(
        WGS84
    ).itertuples():  # a dot too: a project may be tiny at this scale
        centre = row.geometry.representative_point()
        folium.CircleMarker(
            [centre.y, centre.x], radius=7, color="#333333", weight=1, fill=True, fill_opacity=0.9,
            fill_color=getattr(row, colour_column),
            tooltip=html.escape(" · ".join(str(getattr(row, c)) for c in tooltip_columns)),
        ).add_to(fmap)  # fmt: skip
    xmin, ymin, xmax, ymax = outlines.to_crs(WGS84).total_bounds
    fmap.fit_bounds([[ymin, xmin], [ymax, xmax]])
    return fmap


def feature_at(
    frame: gpd.GeoDataFrame, lng: float, lat: float, among: Sequence[bool] | None = None
) -> int | None:
    """The position in ``frame`` of a feature under a WGS 84 point (a click on the map), or None.

    ``among``: which rows may be found (row for row). A frame kept between reruns keeps its spatial
    index, so a click is answered without indexing the features again, whatever the filter.
    """
    if frame.empty:
        return None
    point = gpd.GeoSeries([shapely.Point(lng, lat)], crs=WGS84).to_crs(frame.crs).iloc[0]
    hits = frame.sindex.query(point, predicate="intersects")
    if among is not None:
        hits = [h for h in hits if among[h]]
    return int(min(hits)) if len(hits) else None


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
    fmap = _map(tiles=tiles)
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
