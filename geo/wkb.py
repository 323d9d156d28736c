"""Geometries GDAL hands over that shapely cannot take: 3-D surfaces (ESRI MultiPatch, TIN,
polyhedral surfaces, DXF 3D faces) and broken shapes (a lone ring, an empty part).

Only reached when a whole layer failed to read: each feature's geometry is then looked at on its
own, so the refusal names the rows and says what they hold instead of "Unknown WKB type 16".
"""

from __future__ import annotations

import struct
from typing import NoReturn

import pyogrio.raw
import shapely
from shapely.errors import GEOSException

from geo.errors import UnreadableLayer
from geo.quiet import quiet_gdal
from translations import _

GEOMETRY_ERRORS = (GEOSException, NotImplementedError)
# ISO WKB base codes of surfaces made of faces: polyhedral surface, TIN, triangle.
SURFACES = {15, 16, 17}
COLLECTION = 7
SHOWN = 10  # rows named in a message; the count says how many in all


def _base_code(wkb: bytes, offset: int = 0) -> int | None:
    """The geometry type at ``offset`` without its Z/M flags (ISO +1000s or EWKB high bits)."""
    if len(wkb) < offset + 5:
        return None
    order = "<I" if wkb[offset] == 1 else ">I"
    code = struct.unpack(order, wkb[offset + 1 : offset + 5])[0] & 0x0FFFFFFF
    return int(code % 1000)


def is_surface(wkb: bytes) -> bool:
    """A face-made surface, or a collection of them (how GDAL hands over a MultiPatch)."""
    code = _base_code(wkb)
    if code == COLLECTION:  # byte order, type, count, then the first member's header
        code = _base_code(wkb, 9)
    return code in SURFACES


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:SHOWN])
    return shown + (" …" if len(rows) > SHOWN else "")


def refuse_unreadable_geometries(
    gdal_path: str, name: str, layer: str | None, encoding: str | None
) -> NoReturn:
    """Read the layer's geometries one by one and refuse it, naming the rows that fail."""
    with quiet_gdal():
        _meta, _fids, geometries, _fields = pyogrio.raw.read(
            gdal_path, layer=layer, encoding=encoding, columns=[]
        )
    surfaces: list[int] = []
    broken: list[int] = []
    for row, wkb in enumerate(geometries if geometries is not None else (), start=1):
        if wkb is None:
            continue
        try:
            shapely.from_wkb(bytes(wkb))
        except GEOMETRY_ERRORS:
            (surfaces if is_surface(bytes(wkb)) else broken).append(row)
    if surfaces:
        raise UnreadableLayer(
            _("“{name}” holds 3-D surfaces (MultiPatch, TIN or 3-D faces) in {n} rows ({rows}); "
              "Clearway reads flat shapes. Export the layer as 2-D polygons (for parcels) or "
              "lines from your GIS or CAD program.").format(name=name, n=len(surfaces),
                                                            rows=_rows(surfaces))
        )  # fmt: skip
    if not broken:
        raise UnreadableLayer(
            _("“{name}” could not be read as a map layer: {reason}.").format(
                name=name, reason=_("the file is damaged or incomplete"))
        )  # fmt: skip
    raise UnreadableLayer(
        _("“{name}” has {n} rows whose shape cannot be read ({rows}): a broken or empty shape, "
          "or a ring drawn on its own. Fix or remove them in your GIS program and send the "
          "layer again.").format(name=name, n=len(broken), rows=_rows(broken))
    )  # fmt: skip
