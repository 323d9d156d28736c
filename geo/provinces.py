"""Where a layer lies in Vietnam: in (or near) a named province, in another province, or in the sea
or outside the country, which is the usual sign of a wrong coordinate system (a wrong VN-2000 zone
moves a layer by tens to hundreds of kilometres).

Outlines: ``data/province_outlines.geojson``, the 34 provinces since 2025 as unions of the former
provinces (``data/province_meridians.csv``), derived by ``scripts/make_province_outlines.py`` from
Open Development Mekong's boundaries (see ``data/province_outlines.md``). They are simplified by a
few hundred metres and may miss small islands, so the margins here are generous: a layer is "in the
sea" only when it lies wholly more than ``SEA_M`` from every province, and "in the province" when any
of it lies within ``MARGIN_M`` of it (a line along a border, a coastal parcel).
"""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

_DATA = Path(__file__).parent / "data"
OUTLINES_PATH = _DATA / "province_outlines.geojson"
_MERIDIANS_CSV = _DATA / "province_meridians.csv"

METRIC_EPSG = 32648  # WGS 84 / UTM 48N: distances over Vietnam good to well under 1 %
SEA_M = 20_000.0  # farther than this from every province outline: in the sea, or not in Vietnam
MARGIN_M = 10_000.0  # this close to the named province counts as in it
_SAMPLE_STEP_M = (
    1_000.0  # a layer is looked at through one vertex per cell of this size (or coarser)
)
_MAX_SAMPLES = 4_000

_PREFIXES = ("thành phố ", "tỉnh ", "tp. ", "tp.", "tp ")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def name_key(name: str) -> str:
    """A province's name for comparing: no "Tỉnh"/"Thành phố"/"TP.", case, tone marks (so "Hòa" and
    "Hoà" agree), or spacing around dashes. Vowel and đ marks stay: "Hà Nam" ≠ "Hà Nội"."""
    text = unicodedata.normalize("NFC", " ".join(name.split())).casefold()
    text = re.sub(r"\s*[-‐‑–—]\s*", "-", text)
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if c not in _TONES)
    return unicodedata.normalize("NFC", bare)


@functools.cache
def _merged() -> dict[str, tuple[str, ...]]:
    """Each province since 2025 (as province_meridians.csv names it) → its former provinces."""
    merged: dict[str, list[str]] = {}
    with _MERIDIANS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            merged.setdefault(row["province"], []).append(row["former_province"])
    return {province: tuple(formers) for province, formers in merged.items()}


def province_names() -> tuple[str, ...]:
    """The 34 provinces and centrally run cities since 2025, as province_meridians.csv names them."""
    return tuple(_merged())


@functools.cache
def _by_key() -> dict[str, str]:
    found = {name_key(former): p for p, formers in _merged().items() for former in formers}
    return found | {name_key(p): p for p in _merged()}  # today's names win over former ones


def current_province(name: str) -> str | None:
    """The province since 2025 that ``name`` is, or was merged into ("Hà Giang" → "Tuyên Quang")."""
    return _by_key().get(name_key(name)) if name and name.strip() else None


@functools.cache
def outlines() -> dict[str, shapely.Geometry]:
    """Each province's outline (EPSG:4326), by its name as in ``province_names``."""
    data = json.loads(OUTLINES_PATH.read_text(encoding="utf-8"))
    return {f["properties"]["province"]: shape(f["geometry"]) for f in data["features"]}


def province_outline(name: str) -> shapely.Geometry | None:
    """The outline (EPSG:4326) of a province since 2025, found by its own or a former name."""
    province = current_province(name)
    return outlines().get(province) if province else None


@functools.cache
def _metric() -> tuple[tuple[str, ...], np.ndarray, shapely.STRtree]:
    names = tuple(outlines())
    geoms = gpd.GeoSeries(list(outlines().values()), crs=4326).to_crs(METRIC_EPSG).values
    geoms = np.asarray(geoms.to_numpy())
    shapely.prepare(geoms)
    return names, geoms, shapely.STRtree(geoms)


class Where(StrEnum):
    INSIDE = "inside"  # in or near the named province (or on land, when none is named)
    ELSEWHERE = "elsewhere"  # in another province: ``Placement.province``
    OUTSIDE = "outside"  # in the sea or outside Vietnam


@dataclass(frozen=True)
class Placement:
    where: Where
    province: str | None  # ELSEWHERE: the province holding most of the layer, or the nearest
    lon: float  # the middle of the layer
    lat: float


def _samples(geometries: gpd.GeoSeries) -> np.ndarray:
    """Points of the layer, in metres: one per grid cell of about a kilometre (coarsened until
    there are few enough: a national layer is seen in cells of tens of kilometres). A feature
    smaller than a cell gives one corner; a larger one its vertices, edges cut to the cell size."""
    geoms = geometries.values.to_numpy()
    geographic = geometries.crs is not None and geometries.crs.is_geographic
    step = 0.01 if geographic else _SAMPLE_STEP_M  # degrees or metres (VN-2000, UTM)
    bounds = shapely.bounds(geoms)
    small = np.fmax(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]) <= step
    large = shapely.get_coordinates(shapely.segmentize(geoms[~small], step))
    xy = np.vstack([bounds[small, :2], large])
    xy = xy[np.isfinite(xy).all(axis=1)]
    if not len(xy):
        return np.empty(0, dtype=object)
    while True:
        cells = np.floor(xy / step).astype(np.int64)
        cells -= cells.min(axis=0)
        keys = cells[:, 0] * (int(cells[:, 1].max()) + 1) + cells[:, 1]
        _keys, first = np.unique(keys, return_index=True)
        if len(first) <= _MAX_SAMPLES:
            break
        step *= 4
    points = gpd.GeoSeries(shapely.points(xy[np.sort(first)]), crs=geometries.crs)
    return np.asarray(points.to_crs(METRIC_EPSG).values.to_numpy())


def where_layer_lies(geometries: gpd.GeoSeries, province: str | None) -> Placement:
    """Where a layer (any CRS) lies against ``province`` (today's or a former name; None or an
    unknown name: only the sea/outside test is made).

    OUTSIDE when all of it is more than ``SEA_M`` from every province; INSIDE when any of it is
    within ``MARGIN_M`` of the province; else ELSEWHERE, naming the province that holds most of its
    points (none inside any: the nearest province, and INSIDE if that is the named one, e.g. an
    island the outlines miss)."""
    points = _samples(geometries[~(geometries.isna() | geometries.is_empty)])
    if points.size == 0:
        return Placement(Where.INSIDE, None, float("nan"), float("nan"))
    middle = gpd.GeoSeries([shapely.box(*shapely.total_bounds(points)).centroid], crs=METRIC_EPSG)
    lon, lat = shapely.get_coordinates(middle.to_crs(4326).values.to_numpy())[0]
    names, geoms, tree = _metric()
    if tree.query(points, predicate="dwithin", distance=SEA_M).size == 0:
        return Placement(Where.OUTSIDE, None, float(lon), float(lat))
    wanted = current_province(province or "")
    if wanted is None or wanted not in names:
        return Placement(Where.INSIDE, None, float(lon), float(lat))
    if shapely.dwithin(geoms[names.index(wanted)], points, MARGIN_M).any():
        return Placement(Where.INSIDE, wanted, float(lon), float(lat))
    _points, inside = tree.query(points, predicate="within")
    if not inside.size:
        _points, inside = tree.query_nearest(points)
    other = names[int(np.bincount(inside, minlength=len(names)).argmax())]
    where = Where.INSIDE if other == wanted else Where.ELSEWHERE
    return Placement(where, other, float(lon), float(lat))


def province_holding(geometries: gpd.GeoSeries) -> str | None:
    """The province (since 2025) holding most of a layer (any CRS), else the nearest one within
    ``SEA_M``; None for a layer in the sea, outside Vietnam or empty."""
    points = _samples(geometries[~(geometries.isna() | geometries.is_empty)])
    if points.size == 0:
        return None
    names, _geoms, tree = _metric()
    _points, inside = tree.query(points, predicate="within")
    if not inside.size:
        _points, inside = tree.query_nearest(points, max_distance=SEA_M)
    if not inside.size:
        return None
    return names[int(np.bincount(inside, minlength=len(names)).argmax())]
