"""What a CAD drawing says of itself before GDAL reads it: a DXF's AutoCAD version, a DGN's.

GDAL decodes DXF text by the drawing's ``$DWGCODEPAGE``, but every DXF since AutoCAD 2007
(``$ACADVER`` AC1021) is UTF-8 whatever that says: read so, "Thửa đất" comes out garbled, and
with ANSI_1258 the last character of every string is lost ("Thửa đấ"). Such drawings are read
with GDAL's ``DXF_ENCODING`` set to UTF-8; older ones as bytes, decoded by their code page in
Python as a shapefile's DBF is (so TCVN3 or VNI typed through ANSI_1252 is found too), and
AutoCAD's ``\\U+XXXX`` escapes are turned into their characters.

GDAL reads DGN v7 (it carries no coordinate system, so the user is asked, as for a shapefile
without .prj) but not DGN v8 nor DWG: those are refused saying how to export them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.errors import UnreadableLayer
from translations import _

_ACADVER = re.compile(rb"\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*(AC\d{4})")
_CODE_PAGE = re.compile(rb"\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*(\w+)")
_ESCAPE = re.compile(r"\\U\+([0-9A-Fa-f]{4})")
UTF8_SINCE = "AC1021"  # AutoCAD 2007
BYTES = "ISO-8859-1"  # one character per byte, decoded afterwards in Python
DEFAULT_CODE_PAGE = "ANSI_1252"  # what AutoCAD (and GDAL) assume when a drawing names none


@dataclass(frozen=True)
class DxfReading:
    gdal_config: tuple[tuple[str, str], ...]  # set while GDAL reads the drawing
    code_page: str | None = None  # an older drawing's $DWGCODEPAGE: its text comes as bytes


def dxf_version(head: bytes) -> str | None:
    """The ``$ACADVER`` of a DXF's header ("AC1021"), if its first bytes say it."""
    found = _ACADVER.search(head)
    return found.group(1).decode("ascii") if found else None


def dxf_reading(head: bytes) -> DxfReading:
    """How a DXF is read: as UTF-8 from AutoCAD 2007 on; before, as bytes, to be decoded by its
    code page in Python (GDAL's CP1258 conversion loses each string's last character)."""
    version = dxf_version(head)
    if version is not None and version >= UTF8_SINCE:
        return DxfReading((("DXF_ENCODING", "UTF-8"),))
    found = _CODE_PAGE.search(head)
    code_page = found.group(1).decode("ascii") if found else DEFAULT_CODE_PAGE
    return DxfReading((("DXF_ENCODING", BYTES),), code_page)


def unescaped(text: str) -> str:
    """AutoCAD's ``\\U+1EED`` escapes (a character outside the drawing's code page) as the
    characters they stand for."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


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
