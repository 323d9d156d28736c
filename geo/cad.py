"""What a CAD drawing says of itself before GDAL reads it: a DXF's AutoCAD version, a DGN's.

GDAL decodes DXF text by the drawing's ``$DWGCODEPAGE``, but every DXF since AutoCAD 2007
(``$ACADVER`` AC1021) is UTF-8 whatever that says: read so, "Thửa đất" comes out garbled, and
with ANSI_1258 the last character of every string is lost ("Thửa đấ"). Such drawings are read
with GDAL's ``DXF_ENCODING`` set to UTF-8.

GDAL reads DGN v7 (it carries no coordinate system, so the user is asked, as for a shapefile
without .prj) but not DGN v8 nor DWG: those are refused saying how to export them.
"""

from __future__ import annotations

import re

from geo.errors import UnreadableLayer
from translations import _

_ACADVER = re.compile(rb"\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*(AC\d{4})")
UTF8_SINCE = "AC1021"  # AutoCAD 2007


def dxf_version(head: bytes) -> str | None:
    """The ``$ACADVER`` of a DXF's header ("AC1021"), if its first bytes say it."""
    found = _ACADVER.search(head)
    return found.group(1).decode("ascii") if found else None


def dxf_reading(head: bytes) -> tuple[tuple[str, str], ...]:
    """The GDAL configuration a DXF is read with: UTF-8 text from AutoCAD 2007 on."""
    version = dxf_version(head)
    if version is not None and version >= UTF8_SINCE:
        return (("DXF_ENCODING", "UTF-8"),)
    return ()


# MicroStation V8 (and AutoCAD DWG from gCadas/TMV.Map exports) are OLE2 compound documents;
# a DGN v7 (IGDS) file starts with a type-9 header element: 08 09 FE 02 (2-D) or C8 09 FE 02 (3-D).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refuse_unread_drawing(name: str, suffix: str, head: bytes) -> None:
    """A DWG, or a DGN v8 (MicroStation V8, gCadas, TMV.Map: the land offices' usual format, which
    no open library reads), is refused with the way out: export the sheet to DXF or shapefile."""
    if suffix == ".dwg":
        raise UnreadableLayer(
            _("“{name}” is an AutoCAD drawing (DWG), which Clearway cannot read: open it in "
              "AutoCAD, gCadas or MicroStation and save the sheet as DXF (Save As › DXF), or "
              "export the parcels to a shapefile, then send that file.").format(name=name)
        )  # fmt: skip
    if suffix == ".dgn" and head.startswith(OLE2):
        raise UnreadableLayer(
            _("“{name}” is a MicroStation V8 drawing (DGN v8), which Clearway cannot read: open "
              "it in MicroStation or gCadas and export the sheet to DXF (File › Export › DXF) or "
              "to a shapefile, then send that file.").format(name=name)
        )  # fmt: skip
