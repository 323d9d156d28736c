"""What a CAD drawing says of itself before GDAL reads it: a DXF's AutoCAD version.

GDAL decodes DXF text by the drawing's ``$DWGCODEPAGE``, but every DXF since AutoCAD 2007
(``$ACADVER`` AC1021) is UTF-8 whatever that says: read so, "Thửa đất" comes out garbled, and
with ANSI_1258 the last character of every string is lost ("Thửa đấ"). Such drawings are read
with GDAL's ``DXF_ENCODING`` set to UTF-8.
"""

from __future__ import annotations

import re

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
