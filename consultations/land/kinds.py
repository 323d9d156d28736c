"""The kinds of layer a project takes, the fields each maps, and the options of an import."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from geo.tolerances import AREA_TOLERANCE
from translations import _


class LayerKind(StrEnum):
    PARCELS = "parcels"
    REGISTER = "register"
    CENTRELINE = "centreline"
    BOUNDARY = "boundary"
    TOWERS = "towers"
    HOUSES = "houses"
    UNITS = "units"

    @property
    def label(self) -> str:
        return {
            LayerKind.PARCELS: _("Cadastral parcels"),
            LayerKind.CENTRELINE: _("Power line centreline"),
            LayerKind.BOUNDARY: _("Recovery boundary (or road centreline with a width)"),
            LayerKind.TOWERS: _("Tower foundations"),
            LayerKind.HOUSES: _("Houses"),
            LayerKind.REGISTER: _("Parcel register (XLSX/CSV of attributes, no geometry)"),
            LayerKind.UNITS: _("Administrative units (communes, villages)"),
        }[self]


#: Which of our fields each kind maps, beyond the geometry.
KIND_FIELDS: dict[LayerKind, tuple[str, ...]] = {
    LayerKind.PARCELS: (
        "sheet_no", "parcel_no", "land_use_codes", "recorded_area_m2", "commune", "old_commune",
        "owner_name", "parcel_code",
    ),
    LayerKind.CENTRELINE: ("name", "voltage_kv", "conductor_half_spread_m"),
    LayerKind.BOUNDARY: ("name",),
    LayerKind.TOWERS: ("label",),
    LayerKind.HOUSES: ("label", "roof", "walls"),
    LayerKind.REGISTER: (
        "sheet_no", "parcel_no", "old_commune", "land_use_codes", "recorded_area_m2", "commune",
        "owner_name",
    ),
    LayerKind.UNITS: ("name", "level", "code"),
}  # fmt: skip


POINTS, LINES, POLYGONS = "points", "lines", "polygons"
#: The shapes each kind of layer may hold: a line is never a tower foundation, nor a point a parcel.
SHAPES: dict[str, str] = {
    "Point": POINTS, "MultiPoint": POINTS, "LineString": LINES, "MultiLineString": LINES,
    "LinearRing": LINES, "Polygon": POLYGONS, "MultiPolygon": POLYGONS,
}  # fmt: skip
KIND_SHAPES: dict[LayerKind, frozenset[str]] = {
    LayerKind.PARCELS: frozenset({POLYGONS}),
    LayerKind.CENTRELINE: frozenset({LINES}),
    LayerKind.BOUNDARY: frozenset({POLYGONS, LINES}),  # lines: a road's centreline with a width
    LayerKind.TOWERS: frozenset({POINTS, POLYGONS}),  # points: centres, drawn at a given side
    LayerKind.HOUSES: frozenset({POLYGONS}),
    LayerKind.UNITS: frozenset({POLYGONS}),
}


def shape_label(shape: str) -> str:
    """What a user calls each kind of shape."""
    return {POINTS: _("points"), LINES: _("lines"), POLYGONS: _("polygons")}.get(shape, shape)


def field_label(name: str) -> str:
    """What a user calls each field we map."""
    return {
        "sheet_no": _("Map sheet number"),
        "parcel_no": _("Parcel number"),
        "land_use_codes": _("Land-use code(s)"),
        "recorded_area_m2": _("Recorded area (m²)"),
        "commune": _("Commune"),
        "old_commune": _("Old commune (before 2025 mergers)"),
        "owner_name": _("Land user"),
        "parcel_code": _("Parcel identification code"),
        "name": _("Name"),
        "voltage_kv": _("Voltage of the segment (kV)"),
        "conductor_half_spread_m": _("Outer-conductor half-spread (m)"),
        "label": _("Label / number"),
        "roof": _("Roof material"),
        "walls": _("Wall material"),
        "level": _("Level (province, commune, village…)"),
        "code": _("Code"),
    }[name]


@dataclass(frozen=True)
class ImportOptions:
    layer: str | None = None
    crs_epsg: int | None = None  # used when the file has no CRS
    encoding: str | None = None  # overrides detection
    mapping: dict[str, str] | None = None  # our field → their column; None: remembered or guessed
    width_m: float | None = None  # a boundary given as a centreline: the road's full width
    tower_side_m: float | None = None
    area_tolerance: float = AREA_TOLERANCE  # recorded vs drawn area: a larger gap is listed
    # an old commune split in 2025, as the file writes it → today's commune a person chose for it
    communes: tuple[tuple[str, str], ...] = ()
